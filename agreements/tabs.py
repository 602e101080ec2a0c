"""The Agreements tab of a partner's and a partnership's pages (core.tabs)."""

from django.urls import reverse

from agreements.models import Agreement
from core.tabs import TabRows, register_tab

TEMPLATE = "agreements/_tab_agreements.html"


def organization_agreements(user, organization) -> TabRows:
    return TabRows(
        Agreement.objects.visible_to(user).filter(parties__organization=organization).order_by("-updated_at", "-pk"),
        f"{reverse('agreements:agreement-list')}?party={organization.pk}",
        TEMPLATE,
    )


def partnership_agreements(user, partnership) -> TabRows:
    return TabRows(
        Agreement.objects.visible_to(user).filter(partnership=partnership).order_by("-updated_at", "-pk"),
        f"{reverse('agreements:agreement-list')}?partnership={partnership.pk}",
        TEMPLATE,
    )


def register() -> None:
    register_tab("organization", "agreements", label="Agreements", order=20, rows=organization_agreements)
    register_tab("partnership", "agreements", label="Agreements", order=20, rows=partnership_agreements)
