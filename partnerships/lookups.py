"""The picker kinds of partners and partnerships (see core/lookups.py)."""

from dataclasses import dataclass

from core.lookups import Lookup, register
from partnerships.models import Organization, OrganizationKind, Partnership, PartnershipMember

ACADEMIC_KINDS = [OrganizationKind.UNIVERSITY, OrganizationKind.RESEARCH_INSTITUTE]


@dataclass(frozen=True)
class OrganizationLookup(Lookup):
    def narrow(
        self,
        queryset,
        *,
        user,
        academic=False,
        partners=False,
        not_member_of=None,
        member_of=None,
        exclude=None,
    ):
        if academic:
            queryset = queryset.filter(kind__in=ACADEMIC_KINDS)
        if partners:  # members of some partnership: a partner report of anyone else is empty
            queryset = queryset.filter(pk__in=PartnershipMember.objects.values("organization_id"))
        if not_member_of is not None:
            queryset = queryset.exclude(memberships__partnership=not_member_of)
        if member_of is not None:
            queryset = queryset.filter(memberships__partnership=member_of)
        if exclude is not None:
            queryset = queryset.exclude(pk=exclude.pk)
        return queryset


register(
    OrganizationLookup(
        kind="organizations",
        model=Organization,
        ordering=("name", "pk"),
        refs={"not_member_of": Partnership, "member_of": Partnership, "exclude": Organization},
        flags=("academic", "partners"),
    )
)
register(Lookup(kind="partnerships", model=Partnership, ordering=("title", "pk")))
