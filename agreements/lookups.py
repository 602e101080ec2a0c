"""The picker kinds of agreements (see core/lookups.py)."""

from dataclasses import dataclass

from agreements.models import Agreement, ReviewRound
from core.lookups import Lookup, register
from partnerships.models import Organization


@dataclass(frozen=True)
class ReviewedOrganizationLookup(Lookup):
    """Organizations that a review round the reader may see was sent to (the review list's filter)."""

    def narrow(self, queryset, *, user, **options):
        return queryset.filter(pk__in=ReviewRound.objects.visible_to(user).values("organization_id"))


register(Lookup(kind="agreements", model=Agreement, ordering=("reference", "pk")))
register(ReviewedOrganizationLookup(kind="reviewed-organizations", model=Organization, ordering=("name", "pk")))
