"""What every list's filters share."""

import django_filters
from django_filters.constants import EMPTY_VALUES


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's, except that an ordering naming no field (`?ordering=,`) keeps the list's order.

    django-filter calls `order_by()` with nothing then, which clears the order: the pages of a
    paginated list come in whatever order PostgreSQL likes, and rows repeat or go missing
    between pages.
    """

    def filter(self, qs, value):
        if value and all(param in EMPTY_VALUES for param in value):
            return qs
        return super().filter(qs, value)
