"""Aggregates a list computes for the rows it shows, not for every row it could show."""

from django.db.models import Subquery
from django.db.models.functions import Coalesce


def per_row(related, by: str, aggregate, *, output_field, default=None):
    """`aggregate` over `related` (already filtered on an OuterRef to the outer row), grouped by
    `by`, as a correlated subquery.

    A join with GROUP BY aggregates every row of the outer query before its LIMIT; this is
    evaluated only for the rows returned, so a page of 25 costs 25 small index lookups whatever
    the size of the table. `default` replaces NULL, the answer when there are no related rows.
    """
    value = Subquery(related.order_by().values(by).annotate(value=aggregate).values("value"), output_field=output_field)
    return value if default is None else Coalesce(value, default)
