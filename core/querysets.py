"""The access pattern every model follows.

`Model.objects.visible_to(user)` is the only way pages, API, exports, search and metrics
reach rows. Internal roles see every row; a liaison sees only what belongs to the partner
organizations they act for; anyone else sees nothing.
"""

from django.db import models

from accounts import roles


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user):
        if roles.is_internal(user):
            return self.all()
        if roles.is_liaison(user):
            organization_ids = roles.liaison_organization_ids(user)
            if not organization_ids:
                return self.none()
            return self.visible_to_liaison(user, organization_ids)
        return self.none()

    def visible_to_liaison(self, user, organization_ids: frozenset[int]):
        """Rows a liaison of these organizations may see. Each model says which."""
        raise NotImplementedError(f"{self.model.__name__} must decide what a liaison sees.")
