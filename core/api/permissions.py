from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts import roles


class RolePermission(BasePermission):
    """Signed-in users read what their querysets show them; only staff and admins write.

    Endpoints where liaisons act (reviews, comments) declare their own permission.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.method in SAFE_METHODS:
            return True
        return roles.can_edit(user)
