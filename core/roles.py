"""The one place that decides what a role may do.

Views, API permissions, querysets and templates ask these functions; none of them compares
`user.role` to a string on its own. The roles are core's vocabulary (the user model in
`accounts` stores one), so every layer can ask without importing the accounts app.

A liaison acts for the partner organizations of their current affiliations. Affiliations
belong to the people app, above core and accounts; it registers the function that answers
(`register_liaison_organizations`) when it loads, so the rule reaches no app above its own.
"""

from collections.abc import Callable, Iterable

from django.db import models


class Role(models.TextChoices):
    """What a user may do in Tandem. The functions below are the one place that interpret it."""

    ADMIN = "admin", "Admin"
    STAFF = "staff", "Staff"
    VIEWER = "viewer", "Viewer"
    LIAISON = "liaison", "Partner liaison"


INTERNAL_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.VIEWER})
EDITOR_ROLES = frozenset({Role.ADMIN, Role.STAFF})

_liaison_organizations: Callable[[object], Iterable[int]] | None = None


def register_liaison_organizations(provider: Callable[[object], Iterable[int]]) -> None:
    """Name the function that lists the organization ids a liaison currently acts for."""
    global _liaison_organizations
    _liaison_organizations = provider


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

    Cached on the user object, so one request asks the database once. With no provider
    registered (the people app not installed) a liaison acts for nobody: access fails closed.
    """
    if not is_liaison(user):
        return frozenset()
    cached = getattr(user, "_liaison_organization_ids", None)
    if cached is None:
        cached = frozenset(_liaison_organizations(user)) if _liaison_organizations else frozenset()
        user._liaison_organization_ids = cached
    return cached
