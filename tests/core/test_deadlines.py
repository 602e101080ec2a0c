"""core.deadlines gathers every registered source's tasks, soonest first."""

from datetime import date

import pytest

from core import deadlines
from core.deadlines import Task


@pytest.fixture
def only_sources(monkeypatch):
    """Replace the registered sources for one test."""
    sources = []
    monkeypatch.setattr(deadlines, "_sources", sources)
    return sources


def test_tasks_from_every_source_are_sorted_by_date_then_title(only_sources):
    def first(user, today):
        yield Task(date(2027, 3, 1), "a", "Later", "", "/a")
        yield Task(date(2027, 1, 1), "a", "Zebra", "", "/a")

    def second(user, today):
        return [Task(date(2027, 1, 1), "b", "Alpha", "", "/b")]

    deadlines.register_source(first)
    deadlines.register_source(second)
    assert [task.title for task in deadlines.tasks_for(user=None, today=date(2026, 12, 1))] == [
        "Alpha",
        "Zebra",
        "Later",
    ]


def test_a_source_registered_twice_counts_once(only_sources):
    def source(user, today):
        return [Task(today, "a", "Once", "", "/")]

    deadlines.register_source(source)
    deadlines.register_source(source)
    assert len(deadlines.tasks_for(user=None, today=date(2026, 12, 1))) == 1


def test_every_app_that_has_deadlines_registered_its_source():
    from agreements.deadlines import agreement_tasks
    from outputs.deadlines import option_tasks
    from partnerships.deadlines import milestone_tasks

    assert {agreement_tasks, milestone_tasks, option_tasks} <= set(deadlines._sources)
