"""The Placements and People tabs of a partner's page (core.tabs)."""

from django.db.models import Q
from django.urls import reverse

from core.tabs import TabRows, register_tab
from people.models import Affiliation, Placement


def organization_placements(user, organization) -> TabRows:
    return TabRows(
        Placement.objects.visible_to(user)
        .filter(Q(host_organization=organization) | Q(home_organization=organization))
        .select_related("person", "home_organization", "host_organization")
        .order_by("-start_date", "-pk"),
        f"{reverse('people:placement-list')}?organization={organization.pk}",
        "people/_tab_placements.html",
    )


def organization_people(user, organization) -> TabRows:
    """Who is affiliated with the organization today."""
    return TabRows(
        Affiliation.objects.visible_to(user)
        .current()
        .filter(organization=organization)
        .select_related("person", "person__user")
        .order_by("person__last_name", "pk"),
        f"{reverse('people:person-list')}?organization={organization.pk}",
        "people/_tab_people.html",
    )


def register() -> None:
    register_tab("organization", "placements", label="Placements", order=50, rows=organization_placements)
    register_tab("organization", "people", label="People", order=60, rows=organization_people)
