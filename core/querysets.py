"""The access pattern every model follows.

`Model.objects.visible_to(user)` is the only way pages, API, exports, search and metrics
reach rows. Internal roles see every row; a liaison sees only what belongs to the partner
organizations they act for; anyone else sees nothing. A model whose rows have no partner side
says so with `InternalOnlyQuerySet`, one for admins alone with `AdminOnlyQuerySet`, one that
belongs to a single user with `OwnRowsQuerySet`: every model answers through this one method.
"""

from django.db import models
from django.db.models import Prefetch

from core import roles


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user):
        if roles.is_internal(user):
            return self.visible_to_internal(user)
        if roles.is_liaison(user):
            organization_ids = roles.liaison_organization_ids(user)
            if not organization_ids:
                return self.none()
            return self.visible_to_liaison(user, organization_ids)
        return self.none()

    def visible_to_internal(self, user):
        """Rows an admin, staff member or viewer may see: all of them unless a model says otherwise."""
        return self.all()

    def visible_to_liaison(self, user, organization_ids: frozenset[int]):
        """Rows a liaison of these organizations may see. Each model says which."""
        raise NotImplementedError(f"{self.model.__name__} must decide what a liaison sees.")


class InternalOnlyQuerySet(VisibleQuerySet):
    """The office's own rows (the playbook, for instance): no partner ever sees one."""

    def visible_to_liaison(self, user, organization_ids):
        return self.none()


class AdminOnlyQuerySet(InternalOnlyQuerySet):
    """Rows only admins see and change (scheduled reports and their runs)."""

    def visible_to_internal(self, user):
        return self.all() if roles.is_admin(user) else self.none()


class OwnRowsQuerySet(models.QuerySet):
    """Rows that belong to one user (`owner_field`) and are theirs alone, whatever their role."""

    owner_field = "user"

    def visible_to(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(**{self.owner_field: user})


class VisiblePrefetch(Prefetch):
    """A prefetch that applies `visible_to(user)` to the related rows, as every list of them must.

    `Prefetch("members", queryset=...)` with an unrestricted queryset would let a liaison's page
    show a rival's row through a relation; this one cannot.
    """

    def __init__(self, lookup: str, *, model, user, queryset=None, to_attr: str | None = None):
        base = queryset if queryset is not None else model.objects.all()
        super().__init__(lookup, queryset=base.visible_to(user), to_attr=to_attr)
