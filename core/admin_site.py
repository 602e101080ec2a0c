from django.contrib import admin

from core import roles


class TandemAdminSite(admin.AdminSite):
    site_header = "Tandem administration"
    site_title = "Tandem admin"
    index_title = "Users, roles and settings"

    def has_permission(self, request) -> bool:
        # The role decides, not Django's is_staff flag: see core.roles.
        return roles.is_admin(request.user)
