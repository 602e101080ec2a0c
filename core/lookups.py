"""What a searchable picker may offer: one definition per kind, shared by the form field and /lookup/.

A picker renders only its selected option(s); typing asks `/lookup/<kind>/?q=...` for up to
`LIMIT` matches. The endpoint and the field build their querysets from the same `Lookup`, so
what is offered is what validates: `Model.objects.visible_to(user)` (the one access rule),
then the kind's narrowing (only academic organizations, not yet members of a partnership ...).

Each app declares its kinds in `<app>/lookups.py`; they are imported when the registry is
first read (`autodiscover_modules`).
"""

from dataclasses import dataclass, field

from django.db.models import Model, QuerySet
from django.utils.module_loading import autodiscover_modules

LIMIT = 20
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class Lookup:
    """A kind of row a picker offers.

    `refs` are options naming another row by id (`not_member_of=<partnership id>`): the endpoint
    resolves them through that model's `visible_to`, so an id one may not see answers 404 and
    narrowing by it reveals nothing. `flags` are yes/no options (`academic=1`).
    """

    kind: str
    model: type[Model]
    ordering: tuple[str, ...]
    refs: dict[str, type[Model]] = field(default_factory=dict)
    flags: tuple[str, ...] = ()

    def base(self, user) -> QuerySet:
        return self.model.objects.visible_to(user)

    def narrow(self, queryset: QuerySet, *, user, **options) -> QuerySet:
        """The kind's own restriction of `queryset` for these options (none by default)."""
        return queryset

    def queryset(self, user, **options) -> QuerySet:
        """What `user` may pick: visible, narrowed, in the picker's order."""
        return self.narrow(self.base(user), user=user, **options).order_by(*self.ordering)

    def search(self, queryset: QuerySet, text: str) -> QuerySet:
        return queryset.search(text)

    def label(self, obj) -> str:
        return str(obj)


_REGISTRY: dict[str, Lookup] = {}
_discovered = False


def register(lookup: Lookup) -> Lookup:
    if lookup.kind in _REGISTRY:
        raise ValueError(f"Lookup kind {lookup.kind!r} is declared twice.")
    _REGISTRY[lookup.kind] = lookup
    return lookup


def get(kind: str) -> Lookup | None:
    global _discovered
    if not _discovered:
        autodiscover_modules("lookups")
        _discovered = True
    return _REGISTRY.get(kind)


def filter_queryset(kind: str, **options):
    """A django-filter `queryset=` callable: the kind's queryset for the request's user."""

    def queryset(request):
        lookup = get(kind)
        if request is None:
            return lookup.model.objects.none()
        return lookup.queryset(request.user, **options)

    return queryset
