"""core.tabs: pages list their own tabs and those other apps register, in order."""

import pytest

from core import tabs
from core.tabs import PageTab, TabRows


@pytest.fixture
def registry(monkeypatch):
    registered = {}
    monkeypatch.setattr(tabs, "_registry", registered)
    return registered


def _rows(user, record):
    raise AssertionError("a tab's rows are read only when its count or content is shown")


def test_registered_tabs_take_their_place_among_the_pages_own(registry):
    tabs.register_tab("organization", "agreements", label="Agreements", order=20, rows=_rows)
    tabs.register_tab("organization", "people", label="People", order=60, rows=_rows)
    own = [PageTab("overview", "Overview", 0, template="o.html"), PageTab("funding", "Funding", 40, template="f.html")]

    page = tabs.page_tabs("organization", None, object(), own=own, url=lambda name: f"/tabs/{name}/")

    assert [(tab.name, tab.url) for tab in page] == [
        ("overview", ""),
        ("agreements", "/tabs/agreements/"),
        ("funding", ""),
        ("people", "/tabs/people/"),
    ]


def test_a_tabs_count_is_read_once_and_only_when_shown(registry):
    calls = []

    def rows(user, record):
        calls.append(record)
        return TabRows(records=_CountingList(3), list_url="", template="t.html")

    tabs.register_tab("person", "outputs", label="Outputs", order=30, rows=rows)
    (tab,) = tabs.page_tabs("person", None, "mei", own=[], url=str)
    assert calls == []
    assert (tab.count, tab.count) == (3, 3)
    assert calls == ["mei"]


def test_two_apps_cannot_register_the_same_tab_name_on_a_page(registry):
    tabs.register_tab("partnership", "outputs", label="Outputs", order=30, rows=_rows)
    tabs.register_tab("partnership", "outputs", label="Outputs", order=30, rows=_rows)  # the same: once
    with pytest.raises(ValueError, match="already has a tab named 'outputs'"):
        tabs.register_tab("partnership", "outputs", label="Outputs", order=30, rows=lambda user, record: None)


class _CountingList(list):
    """Enough of a queryset for capped_count: order_by(), a slice and count()."""

    def __init__(self, size):
        super().__init__(range(size))

    def order_by(self):
        return self

    def __getitem__(self, item):
        return (
            _CountingList(len(list.__getitem__(self, item))) if isinstance(item, slice) else super().__getitem__(item)
        )

    def count(self):
        return len(self)
