from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which leaves the list alone when the request names none of its filters.

    A filterset with no data filters nothing, but building it still deep-copies every filter and
    builds and validates a form of them: a large share of a page's CPU, for a client that only
    pages.
    Any parameter that starts with a filter's name (`expiring_before`, or a range's `_min`/`_after`)
    goes through the filterset as before, errors and all.

    This holds while no filterset has a required filter, a default value, a form prefix or a
    check of its own on empty data: tests/core/test_api_filters.py asserts it of every filterset
    the API router serves.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not _names_a_filter(request.query_params, filterset_class):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _names_a_filter(params, filterset_class) -> bool:
    names = filterset_class.base_filters.keys()
    return any(param.startswith(name) for param in params for name in names)
