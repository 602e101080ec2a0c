"""Dates that wait on someone: the task list and the calendar feed show them.

Each app knows its own deadlines (an agreement's expiry, a milestone, a manuscript's review) and
registers a source for them with `register_source` in its `AppConfig.ready()`; `tasks_for`
gathers every source's tasks for one user. A source decides by itself which roles it serves
and reads only what `visible_to(user)` lets it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone


@dataclass(frozen=True)
class Task:
    due: date
    kind: str
    title: str
    detail: str
    url: str

    @property
    def overdue(self) -> bool:
        return self.due < timezone.localdate()


TaskSource = Callable[[object, date], Iterable[Task]]

_sources: list[TaskSource] = []


def register_source(source: TaskSource) -> None:
    """Add `source(user, today)` to every task list; registering the same source twice adds it once."""
    if source not in _sources:
        _sources.append(source)


def tasks_for(user, today: date | None = None) -> list[Task]:
    today = today or timezone.localdate()
    tasks = [task for source in _sources for task in source(user, today)]
    return sorted(tasks, key=lambda task: (task.due, task.title))
