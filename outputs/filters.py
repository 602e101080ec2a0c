"""Filters shared by the outputs page and the API."""

import django_filters
from django import forms
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import OrderingFilter
from core.lookups import filter_queryset
from core.widgets import LookupSelect
from outputs.models import LICENCE_INCOME_KINDS, LicenceIncome, Output, OutputKind
from partnerships.models import PartnershipModel, ResearchArea

# Pickers (core/widgets.py): the page lists the chosen row only; /lookup/<kind>/ offers the
# same queryset the filter validates against.
_partnerships = filter_queryset("partnerships")
_members = filter_queryset("organizations")


def _year_range(**kwargs) -> django_filters.RangeFilter:
    """`<name>_min` and `<name>_max`: whole years within the bounds `year` takes.

    Unbounded, year 0 or 10000 reached `date(...)` in the year lookup and answered 500.
    """
    years = [forms.IntegerField(min_value=1900, max_value=2200) for _ in range(2)]
    return extend_schema_field(OpenApiTypes.INT)(django_filters.RangeFilter(fields=years, **kwargs))


class OutputFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    # A column of the output itself: no join to repeat rows, so no DISTINCT (django-filter's default).
    kind = django_filters.MultipleChoiceFilter(choices=OutputKind.choices, label="Kind", distinct=False)
    partnership = django_filters.ModelChoiceFilter(
        queryset=_partnerships, label="Partnership", empty_label="Any partnership", widget=LookupSelect("partnerships")
    )
    year = django_filters.NumberFilter(field_name="date__year", label="Year", min_value=1900, max_value=2200)
    # The dashboard's filters, so each of its figures can list the outputs behind it.
    years = _year_range(field_name="date__year", label="Years")
    income_years = _year_range(label="Licence income received", method="with_income_in")
    member = django_filters.ModelChoiceFilter(
        queryset=_members,
        widget=LookupSelect("organizations"),
        field_name="partnership__members__organization",
        label="Partner",
        empty_label="Any partner",
    )
    model = django_filters.ChoiceFilter(
        field_name="partnership__model", choices=PartnershipModel.choices, label="Model", empty_label="Any model"
    )
    research_area = django_filters.ModelChoiceFilter(
        queryset=ResearchArea.objects.all(),
        field_name="partnership__research_areas",
        label="Research area",
        empty_label="Any area",
    )
    ordering = OrderingFilter(
        fields=[("date", "date"), ("title", "title"), ("kind", "kind"), ("citations", "citations")],
        label="Sort by",
    )

    class Meta:
        model = Output
        fields = ["q", "kind", "partnership", "year", "years", "income_years", "member", "model", "research_area"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def with_income_in(self, queryset, name, value: slice):
        """Licences and options with licence income (as the metric counts it) received in these years."""
        income = LicenceIncome.objects.filter(kind__in=LICENCE_INCOME_KINDS, currency=settings.METRICS_CURRENCY)
        if value.start is not None:
            income = income.filter(received_on__year__gte=value.start)
        if value.stop is not None:
            income = income.filter(received_on__year__lte=value.stop)
        return queryset.filter(pk__in=income.values("output_id"))
