"""The picker kind of people (see core/lookups.py)."""

from dataclasses import dataclass

from core.lookups import Lookup, register
from people.models import Person


@dataclass(frozen=True)
class PersonLookup(Lookup):
    def narrow(self, queryset, *, user, current=False):
        if current:  # erased people stay in the records, anonymised, but nobody picks them again
            queryset = queryset.filter(erased_at__isnull=True)
        return queryset


register(PersonLookup(kind="people", model=Person, ordering=("last_name", "first_name", "pk"), flags=("current",)))
