"""The Agreements, Outputs and Placements tabs of a partner's and a partnership's pages.

Each tab shows the latest LATEST_ROWS of its records, with the total and a link to the filtered
list. Building those rows was a large share of either page's CPU, for tabs most visits never
open; so a page shows each tab's count and a placeholder that htmx fills from these views when
the tab is first shown (includes/lazy_tab.html).
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from agreements.models import Agreement
from core.views_helpers import capped_count, latest_rows, visible_or_404
from metrics.models import Output
from partnerships.models import Organization, Partnership
from people.models import Placement


@dataclass(frozen=True)
class Tab:
    records: QuerySet  # visible to the reader, latest first
    list_url: str  # the full list, filtered to the same records
    template: str


def organization_tabs(user, organization: Organization) -> dict[str, Tab]:
    member_of = Partnership.objects.visible_to(user).filter(members__organization=organization)
    return {
        "agreements": Tab(
            Agreement.objects.visible_to(user)
            .filter(parties__organization=organization)
            .order_by("-updated_at", "-pk"),
            f"{reverse('agreements:agreement-list')}?party={organization.pk}",
            "partnerships/_tab_agreements.html",
        ),
        "outputs": Tab(
            Output.objects.visible_to(user)
            .filter(partnership__in=member_of)
            .select_related("partnership")
            .order_by("-date", "-pk"),
            f"{reverse('metrics:output-list')}?member={organization.pk}",
            "partnerships/_tab_outputs.html",
        ),
        "placements": Tab(
            Placement.objects.visible_to(user)
            .filter(Q(host_organization=organization) | Q(home_organization=organization))
            .select_related("person", "home_organization", "host_organization")
            .order_by("-start_date", "-pk"),
            f"{reverse('people:placement-list')}?organization={organization.pk}",
            "partnerships/_tab_placements.html",
        ),
    }


def partnership_tabs(user, partnership: Partnership) -> dict[str, Tab]:
    return {
        "agreements": Tab(
            Agreement.objects.visible_to(user).filter(partnership=partnership).order_by("-updated_at", "-pk"),
            f"{reverse('agreements:agreement-list')}?partnership={partnership.pk}",
            "partnerships/_tab_agreements.html",
        ),
        "outputs": Tab(
            Output.objects.visible_to(user).filter(partnership=partnership).order_by("-date", "-pk"),
            f"{reverse('metrics:output-list')}?partnership={partnership.pk}",
            "partnerships/_tab_outputs.html",
        ),
    }


def tab_counts(tabs: dict[str, Tab]):
    """What each tab's label shows: how many records it holds, up to COUNT_LIMIT + 1 (the
    university itself is a member of every partnership its office runs: counting all their
    outputs would scan them all). Counted when a template first reads them: the htmx fragments
    of a partnership's page share its context and never show them."""
    return SimpleLazyObject(lambda: {name: capped_count(tab.records) for name, tab in tabs.items()})


def _render(request, tabs: dict[str, Tab], name: str, context: dict):
    tab = tabs.get(name)
    if tab is None:
        raise Http404("No such tab.")
    return render(request, tab.template, {**context, "latest": latest_rows(tab.records, tab.list_url)})


@login_required
def organization_tab(request, pk, tab):
    organization = visible_or_404(Organization, request.user, pk=pk)
    return _render(request, organization_tabs(request.user, organization), tab, {"organization": organization})


@login_required
def partnership_tab(request, pk, tab):
    partnership = visible_or_404(Partnership, request.user, pk=pk)
    return _render(request, partnership_tabs(request.user, partnership), tab, {"partnership": partnership})
