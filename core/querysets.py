"""The access pattern every model follows.

`Model.objects.visible_to(user)` is the only way pages, API, exports, search and metrics
reach rows. Internal roles see every row; a liaison sees only what belongs to the partner
organizations they act for; anyone else sees nothing. A model whose rows have no partner side
says so with `InternalOnlyQuerySet`, one for admins alone with `AdminOnlyQuerySet`, one that
belongs to a single user with `OwnRowsQuerySet`, a part of one parent row (an agreement's
parties) with `ParentVisibleQuerySet`, and shared reference rows with `SharedQuerySet`: every
model answers through this one method, and lists of related rows are fetched through it too
(`VisiblePrefetch`).
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


class ParentVisibleQuerySet(VisibleQuerySet):
    """Rows that are part of one parent row (`parent_field`, a foreign key) and are shown wherever
    the parent is: an agreement's parties and amendments, a partnership's members and milestones.

    Whoever may see the parent sees all of them; the parent's own rule decides, so the two cannot drift.
    """

    parent_field: str

    def _parents(self):
        return self.model._meta.get_field(self.parent_field).related_model._default_manager

    def visible_to_internal(self, user):
        parents = self._parents().visible_to_internal(user)
        # The usual parent shows the office every row: then so do its parts, with no subquery.
        if not parents.query.has_filters():
            return self.all()
        return self.filter(**{f"{self.parent_field}__in": parents})

    def visible_to_liaison(self, user, organization_ids):
        parents = self._parents().visible_to_liaison(user, organization_ids)
        return self.filter(**{f"{self.parent_field}__in": parents})


class SharedQuerySet(VisibleQuerySet):
    """Reference rows that hold nothing of any partner (research areas): every signed-in role sees
    them all, as the filters that offer them already show."""

    def visible_to_liaison(self, user, organization_ids):
        return self.all()


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
    show a rival's row through a relation; this one cannot. `queryset` shapes the rows (their
    `select_related`, their order) and `model` names whose rule applies, so that a queryset of
    another model is refused rather than let through unrestricted.
    """

    def __init__(self, lookup: str, *, model, user, queryset=None, to_attr: str | None = None):
        base = queryset if queryset is not None else model.objects.all()
        if base.model is not model:
            raise ValueError(f"VisiblePrefetch({lookup!r}) was given {base.model.__name__} rows for {model.__name__}.")
        super().__init__(lookup, queryset=base.visible_to(user), to_attr=to_attr)
