"""Tabs that other apps add to a record's page.

A partner's page lives in the partnerships app, yet it shows the partner's agreements, outputs,
placements and people, which belong to apps above it. Each of those apps registers its tab here
in `AppConfig.ready()` (`register_tab`); the page lists the registered tabs with its own, in
order, and loads a registered tab's rows with htmx when it is first shown
(includes/lazy_tab.html), from the page app's tab view, which calls `render_tab`. So the page
imports none of the apps whose records it gathers, and a visit costs a count per tab, not its rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from core.views_helpers import capped_count, latest_rows


@dataclass(frozen=True)
class TabRows:
    """What a registered tab shows of one record: its rows, and the full list they come from."""

    records: QuerySet  # visible to the reader, latest first
    list_url: str  # the full list, filtered to the same records
    template: str  # renders `latest` (core.views_helpers.LatestRows) and the page's context


@dataclass(frozen=True)
class RegisteredTab:
    name: str
    label: str
    order: int
    rows: Callable[[object, object], TabRows]  # rows(user, record)


_registry: dict[str, dict[str, RegisteredTab]] = {}


def register_tab(page: str, name: str, *, label: str, order: int, rows: Callable[[object, object], TabRows]) -> None:
    """Add a tab called `name` to every `page` ("organization", "partnership", "person")."""
    tabs = _registry.setdefault(page, {})
    if name in tabs and tabs[name].rows is not rows:
        raise ValueError(f"The {page} page already has a tab named {name!r}.")
    tabs[name] = RegisteredTab(name, label, order, rows)


@dataclass
class PageTab:
    """One tab as a page shows it: its own content (`template`) or a registered tab loaded from `url`."""

    name: str
    label: str
    order: int
    template: str = ""
    url: str = ""
    badge: Callable[[], object] | None = field(default=None, repr=False)

    @property
    def has_badge(self) -> bool:
        return self.badge is not None

    @cached_property
    def count(self):
        """The badge's number; counted when a template first reads it."""
        return self.badge() if self.badge else None


def page_tabs(page: str, user, record, *, own: list[PageTab], url: Callable[[str], str]) -> list[PageTab]:
    """The page's own tabs and the registered ones, in order. A registered tab's badge counts its
    rows up to COUNT_LIMIT + 1 (core.views_helpers.capped_count), and only if a template shows it."""
    registered = [
        PageTab(
            tab.name,
            tab.label,
            tab.order,
            url=url(tab.name),
            badge=lambda tab=tab: capped_count(tab.rows(user, record).records),
        )
        for tab in _registry.get(page, {}).values()
    ]
    return sorted([*own, *registered], key=lambda tab: tab.order)


def tab_counts(tabs: list[PageTab]):
    """Name → count of each tab with a badge, counted when first read."""
    return SimpleLazyObject(lambda: {tab.name: tab.count for tab in tabs if tab.badge is not None})


def render_tab(request, page: str, name: str, record, context: dict):
    """A registered tab's content for `record`; 404 for a name the page does not have."""
    tab = _registry.get(page, {}).get(name)
    if tab is None:
        raise Http404("No such tab.")
    rows = tab.rows(request.user, record)
    return render(request, rows.template, {**context, "latest": latest_rows(rows.records, rows.list_url)})
