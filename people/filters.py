"""Filters shared by the people and placement pages and the API."""

import django_filters
from django.db.models import Q

from core.filters import OrderingFilter
from core.lookups import filter_queryset
from core.widgets import LookupSelect
from people.models import Affiliation, Participation, Person, PersonKind, Placement, PlacementKind, PlacementStatus

# Pickers (core/widgets.py): the page lists the chosen row only; /lookup/<kind>/ offers the
# same queryset the filter validates against.
_organizations = filter_queryset("organizations")
_partnerships = filter_queryset("partnerships")


# Filter methods receive the chosen object; their `value: int` hint tells the OpenAPI schema
# what a client sends (an id).


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    kind = django_filters.ChoiceFilter(choices=PersonKind.choices, empty_label="Any kind")
    organization = django_filters.ModelChoiceFilter(
        queryset=_organizations,
        widget=LookupSelect("organizations"),
        label="Organization",
        empty_label="Any organization",
        method="by_organization",
    )
    partnership = django_filters.ModelChoiceFilter(
        queryset=_partnerships,
        widget=LookupSelect("partnerships"),
        label="Partnership",
        empty_label="Any partnership",
        method="by_partnership",
    )
    ordering = OrderingFilter(
        fields=[("last_name", "name"), ("kind", "kind"), ("updated_at", "updated")], label="Sort by"
    )

    class Meta:
        model = Person
        fields = ["q", "kind", "organization", "partnership"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def by_organization(self, queryset, name, value: int):
        """People currently affiliated with the organization."""
        current = Affiliation.objects.current().filter(organization=value).values("person_id")
        return queryset.filter(pk__in=current)

    def by_partnership(self, queryset, name, value: int):
        return queryset.filter(pk__in=Participation.objects.filter(partnership=value).values("person_id"))


class PlacementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    kind = django_filters.ChoiceFilter(choices=PlacementKind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(choices=PlacementStatus.choices, empty_label="Any status")
    organization = django_filters.ModelChoiceFilter(
        queryset=_organizations,
        widget=LookupSelect("organizations"),
        label="Home or host",
        empty_label="Any organization",
        method="by_organization",
    )
    partnership = django_filters.ModelChoiceFilter(
        queryset=_partnerships, widget=LookupSelect("partnerships"), label="Partnership", empty_label="Any partnership"
    )
    year = django_filters.NumberFilter(label="Year", method="by_year", min_value=1900, max_value=2200)
    ordering = OrderingFilter(
        fields=[
            ("start_date", "start"),
            ("end_date", "end"),
            ("person__last_name", "person"),
            ("kind", "kind"),
            ("status", "status"),
        ],
        label="Sort by",
    )

    class Meta:
        model = Placement
        fields = ["q", "kind", "status", "organization", "partnership", "year"]

    def search(self, queryset, name, value):
        """Search the person's name and the organizations: never notes, which not everyone may read."""
        words = value.split()
        for word in words[:5]:
            queryset = queryset.filter(
                Q(person__first_name__icontains=word)
                | Q(person__last_name__icontains=word)
                | Q(host_organization__name__icontains=word)
                | Q(home_organization__name__icontains=word)
            )
        return queryset

    def by_organization(self, queryset, name, value: int):
        return queryset.filter(Q(home_organization=value) | Q(host_organization=value))

    def by_year(self, queryset, name, value):
        return queryset.in_year(int(value))
