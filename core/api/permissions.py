from rest_framework.permissions import SAFE_METHODS, BasePermission

from core import roles


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class RolePermission(BasePermission):
    """Signed-in users read what their querysets show them; only staff and admins write.

    Endpoints where liaisons act (reviews, comments) declare their own permission.
    """

    def has_permission(self, request, view) -> bool:
        if not _signed_in(request.user):
            return False
        if request.method in SAFE_METHODS:
            return True
        return roles.can_edit(request.user)


class LookupFirstRolePermission(RolePermission):
    """RolePermission, except that a write to one object is judged after the object is found.

    Found means found through `visible_to(user)`: so a write to an object the caller cannot
    see answers 404, exactly like a read, and only a write to an object they can see answers
    403. Deciding up front would answer 403 for ids that exist and 404 for ids that do not,
    which tells a liaison what exists. Only for viewsets whose every detail route starts with
    `get_object()` (which runs `has_object_permission`); a write to a collection is still
    decided up front.
    """

    def has_permission(self, request, view) -> bool:
        if super().has_permission(request, view):
            return True
        return _signed_in(request.user) and _is_detail_route(view)

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or roles.can_edit(request.user)


def _is_detail_route(view) -> bool:
    lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
    return bool(lookup) and lookup in getattr(view, "kwargs", {})
