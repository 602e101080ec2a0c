"""The one place that decides what a role may do.

Views, API permissions, querysets and templates ask these functions; none of them compares
`user.role` to a string on its own.
"""

from accounts.models import Role

INTERNAL_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.VIEWER})
EDITOR_ROLES = frozenset({Role.ADMIN, Role.STAFF})


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_admin(user) -> bool:
    return _signed_in(user) and user.role == Role.ADMIN


def is_internal(user) -> bool:
    """Technology-transfer office users: they see everything internal."""
    return _signed_in(user) and user.role in INTERNAL_ROLES


def can_edit(user) -> bool:
    """Staff and admins create and change records; viewers and liaisons do not."""
    return _signed_in(user) and user.role in EDITOR_ROLES


def is_liaison(user) -> bool:
    return _signed_in(user) and user.role == Role.LIAISON


def liaison_organization_ids(user) -> frozenset[int]:
    """The partner organizations a liaison currently acts for (empty for everyone else).

    Cached on the user object, so one request asks the database once.
    """
    if not is_liaison(user):
        return frozenset()
    cached = getattr(user, "_liaison_organization_ids", None)
    if cached is None:
        from people.models import Affiliation

        cached = frozenset(
            Affiliation.objects.current().filter(person__user=user).values_list("organization_id", flat=True)
        )
        user._liaison_organization_ids = cached
    return cached
