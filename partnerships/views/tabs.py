"""A partner's and a partnership's tabs: their own, and those other apps register (core.tabs).

Each registered tab shows the latest LATEST_ROWS of its records, with the total and a link to
the filtered list. Building those rows was half of either page's cost, for tabs most visits never
open; so a page shows each tab's count and a placeholder that htmx fills from these views when
the tab is first shown (includes/lazy_tab.html).
"""

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from core.tabs import PageTab, page_tabs, render_tab
from core.views_helpers import visible_or_404
from partnerships.models import Organization, Partnership

OVERVIEW, HISTORY = 0, 100  # first and last, around the registered tabs (core.tabs orders)


def organization_page_tabs(user, organization: Organization, *, memberships, internal: bool) -> list[PageTab]:
    own = [
        PageTab("overview", "Overview", OVERVIEW, template="partnerships/_organization_overview.html"),
        PageTab(
            "partnerships",
            "Partnerships",
            10,
            template="partnerships/_organization_partnerships.html",
            badge=lambda: len(memberships),
        ),
        PageTab("funding", "Funding", 40, template="partnerships/_organization_funding.html"),
    ]
    if internal:
        own.append(PageTab("history", "History", HISTORY, template="includes/history.html"))
    return page_tabs(
        "organization",
        user,
        organization,
        own=own,
        url=lambda name: reverse("partnerships:organization-tab", args=[organization.pk, name]),
    )


def partnership_page_tabs(user, partnership: Partnership, *, internal: bool) -> list[PageTab]:
    own = [
        PageTab("overview", "Overview", OVERVIEW, template="partnerships/_partnership_overview.html"),
        PageTab("milestones", "Milestones", 10, template="partnerships/_milestones.html"),
        PageTab("funding", "Funding", 40, template="partnerships/_funding.html"),
    ]
    if internal:
        own.append(PageTab("history", "History", HISTORY, template="includes/history.html"))
    return page_tabs(
        "partnership",
        user,
        partnership,
        own=own,
        url=lambda name: reverse("partnerships:partnership-tab", args=[partnership.pk, name]),
    )


@login_required
def organization_tab(request, pk, tab):
    organization = visible_or_404(Organization, request.user, pk=pk)
    return render_tab(request, "organization", tab, organization, {"organization": organization})


@login_required
def partnership_tab(request, pk, tab):
    partnership = visible_or_404(Partnership, request.user, pk=pk)
    return render_tab(request, "partnership", tab, partnership, {"partnership": partnership})
