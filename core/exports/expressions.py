"""SQL expressions export tables share: names instead of ids, lists joined into one cell."""

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import CharField, F, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim


def person_name(path: str = ""):
    """A user's full name, or their username when they have none (as `get_full_name() or username`)."""
    prefix = f"{path}__" if path else ""
    full = Trim(Concat(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name")))
    return Coalesce(NullIf(full, Value("")), F(f"{prefix}username"), output_field=CharField())


def joined(queryset, outer_field: str, text, *, ordering, separator: str = "; "):
    """One cell listing related rows (e.g. an agreement's parties), in one correlated subquery.

    `queryset` holds the related rows; `outer_field` is its foreign key to the exported row.
    """
    related = (
        queryset.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(cell=StringAgg(text, separator, order_by=ordering))
        .values("cell")
    )
    return Coalesce(Subquery(related), Value(""), output_field=TextField())
