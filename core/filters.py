"""What every list's filters share."""

import django_filters
from django_filters.constants import EMPTY_VALUES


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's, with two differences that keep a paginated list's pages whole:

    - an ordering naming no field (`?ordering=,`) keeps the list's order: django-filter calls
      `order_by()` with nothing, which clears it, and the pages come in whatever order
      PostgreSQL likes;
    - the primary key breaks ties, in the direction of the last field: sorted by title alone,
      agreements with the same title could swap places between two page requests, so that one
      showed on two pages and another on none. Same direction throughout, so an index on
      (field, id) serves the sort both ways.
    """

    def filter(self, qs, value):
        if value in EMPTY_VALUES or all(param in EMPTY_VALUES for param in value):
            return qs
        ordering = [self.get_ordering_value(param) for param in value if param not in EMPTY_VALUES]
        if not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering.append("-pk" if ordering[-1].startswith("-") else "pk")
        return qs.order_by(*ordering)
