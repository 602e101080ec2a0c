"""Filters shared by the outputs page and the API."""

import django_filters

from metrics.models import Output, OutputKind
from partnerships.models import Partnership


def _partnerships(request):
    if request is None:
        return Partnership.objects.none()
    return Partnership.objects.visible_to(request.user).order_by("title")


class OutputFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    kind = django_filters.MultipleChoiceFilter(choices=OutputKind.choices, label="Kind")
    partnership = django_filters.ModelChoiceFilter(
        queryset=_partnerships, label="Partnership", empty_label="Any partnership"
    )
    year = django_filters.NumberFilter(field_name="date__year", label="Year", min_value=1900, max_value=2200)
    ordering = django_filters.OrderingFilter(
        fields=[("date", "date"), ("title", "title"), ("kind", "kind"), ("citations", "citations")],
        label="Sort by",
    )

    class Meta:
        model = Output
        fields = ["q", "kind", "partnership", "year"]

    def search(self, queryset, name, value):
        return queryset.search(value)
