"""SQL expressions export tables share: names instead of ids, lists joined into one cell."""

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Case, CharField, F, OuterRef, Subquery, TextField, Value, When
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


def label_of(field: str, choices) -> Case:
    """A choice's label in SQL, for cells built in the database (a member's role inside a joined cell)."""
    whens = [When(**{field: value}, then=Value(str(label))) for value, label in choices]
    return Case(*whens, default=F(field), output_field=CharField())


def yes_or_blank(condition) -> Case:
    """ "yes" where `condition` (a Q) holds, else an empty cell: a flag that reads at a glance."""
    return Case(When(condition, then=Value("yes")), default=Value(""), output_field=CharField())
