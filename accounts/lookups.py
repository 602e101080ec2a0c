"""The picker kind of owners: the office's active staff and admins (see core/lookups.py)."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Role, User
from core.lookups import Lookup, register


@dataclass(frozen=True)
class OwnerLookup(Lookup):
    def base(self, user):
        # Not rows of the portfolio: every signed-in user could already pick an owner to filter by.
        return User.objects.filter(role__in=[Role.ADMIN, Role.STAFF], is_active=True)

    def search(self, queryset, text):
        for word in text.split()[:5]:
            queryset = queryset.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
            )
        return queryset

    def label(self, obj):
        return obj.get_full_name() or obj.username


register(OwnerLookup(kind="owners", model=User, ordering=("first_name", "last_name", "pk")))
