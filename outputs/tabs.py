"""The Outputs tab of a partner's, a partnership's and a person's pages (core.tabs)."""

from django.urls import reverse

from core.tabs import TabRows, register_tab
from outputs.models import Output
from partnerships.models import Partnership

TEMPLATE = "outputs/_tab_outputs.html"


def _list_url(query: str) -> str:
    return f"{reverse('outputs:output-list')}?{query}"


def organization_outputs(user, organization) -> TabRows:
    member_of = Partnership.objects.visible_to(user).filter(members__organization=organization)
    return TabRows(
        Output.objects.visible_to(user)
        .filter(partnership__in=member_of)
        .select_related("partnership")
        .order_by("-date", "-pk"),
        _list_url(f"member={organization.pk}"),
        TEMPLATE,
    )


def partnership_outputs(user, partnership) -> TabRows:
    return TabRows(
        Output.objects.visible_to(user).filter(partnership=partnership).order_by("-date", "-pk"),
        _list_url(f"partnership={partnership.pk}"),
        TEMPLATE,
    )


def person_outputs(user, person) -> TabRows:
    return TabRows(
        Output.objects.visible_to(user).filter(people=person).select_related("partnership").order_by("-date", "-pk"),
        "",  # the outputs list has no filter by person: the tab says how many there are
        "outputs/_tab_person_outputs.html",
    )


def register() -> None:
    register_tab("organization", "outputs", label="Outputs", order=30, rows=organization_outputs)
    register_tab("partnership", "outputs", label="Outputs", order=30, rows=partnership_outputs)
    register_tab("person", "outputs", label="Outputs", order=30, rows=person_outputs)
