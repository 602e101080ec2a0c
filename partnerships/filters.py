"""Filters shared by the list pages and the API, so both answer the same question the same way."""

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Q
from django_countries import countries

from core.aggregates import per_row
from core.filters import OrderingFilter
from core.lookups import filter_queryset
from core.widgets import LookupSelect
from partnerships.models import (
    Currency,
    FundingCommitment,
    FundingMechanism,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Partnership,
    PartnershipMember,
    PartnershipModel,
    Phase,
    ResearchArea,
)


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices, empty_label="Any kind")
    country = django_filters.ChoiceFilter(choices=list(countries), empty_label="Any country")
    status = django_filters.ChoiceFilter(choices=OrganizationStatus.choices, empty_label="Any status")
    ordering = OrderingFilter(
        fields=[("name", "name"), ("kind", "kind"), ("country", "country"), ("partnership_count", "partnerships")],
        label="Sort by",
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "country", "status"]

    def search(self, queryset, name, value):
        return queryset.search(value)


# Pickers (core/widgets.py): the page lists the chosen row only; /lookup/<kind>/ offers the
# same queryset the filter validates against.
_owners = filter_queryset("owners")
_members = filter_queryset("organizations")
_partnerships = filter_queryset("partnerships")


class PartnershipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    model = django_filters.ChoiceFilter(choices=PartnershipModel.choices, empty_label="Any model")
    phase = django_filters.ChoiceFilter(choices=Phase.choices, empty_label="Any phase")
    member = django_filters.ModelChoiceFilter(
        queryset=_members,
        field_name="members__organization",
        label="Member",
        empty_label="Any member",
        distinct=True,
        widget=LookupSelect("organizations"),
    )
    research_area = django_filters.ModelChoiceFilter(
        queryset=ResearchArea.objects.all(), field_name="research_areas", label="Research area", empty_label="Any area"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=_owners, label="Owner", empty_label="Any owner", widget=LookupSelect("owners")
    )
    ordering = OrderingFilter(
        fields=[
            ("title", "title"),
            ("phase", "phase"),
            ("start_date", "start"),
            ("end_date", "end"),
            ("updated_at", "updated"),
        ],
        label="Sort by",
    )

    class Meta:
        model = Partnership
        fields = ["q", "model", "phase", "member", "research_area", "owner"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class FundingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    partnership = django_filters.ModelChoiceFilter(
        queryset=_partnerships, label="Partnership", empty_label="Any partnership", widget=LookupSelect("partnerships")
    )
    source = django_filters.ModelChoiceFilter(
        queryset=_members, label="Source", empty_label="Any source", widget=LookupSelect("organizations")
    )
    mechanism = django_filters.ChoiceFilter(choices=FundingMechanism.choices, empty_label="Any mechanism")
    currency = django_filters.ChoiceFilter(choices=Currency.choices, empty_label="Any currency")
    # Model fields only: the API's totals sort plain commitments, without the list's annotations.
    ordering = OrderingFilter(
        fields=[
            ("partnership__title", "partnership"),
            ("source__name", "source"),
            ("mechanism", "mechanism"),
            ("amount", "amount"),
            ("currency", "currency"),
            ("start_date", "start"),
            ("end_date", "end"),
        ],
        label="Sort by",
    )

    class Meta:
        model = FundingCommitment
        fields = ["q", "partnership", "source", "mechanism", "currency"]

    def search(self, queryset, name, value):
        """The partnership's title, the source's name and the description, word by word."""
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(partnership__title__icontains=word) | Q(source__name__icontains=word) | Q(description__icontains=word)
            )
        return queryset


def with_partnership_count(organizations, user):
    """Annotate how many of the partnerships `user` may see each organization belongs to.

    Counted per row shown (core.aggregates.per_row; memberships are unique per partnership and
    organization): a join with GROUP BY counted all 10,000 organizations before the page.
    """
    visible = Partnership.objects.visible_to(user).values("pk")
    memberships = PartnershipMember.objects.filter(organization=OuterRef("pk"), partnership__in=visible)
    count = per_row(memberships, "organization", Count("pk"), output_field=IntegerField(), default=0)
    return organizations.annotate(partnership_count=count)
