from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Tandem core"
    default = True


class TandemAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that lets in the admin role only (see core.admin_site)."""

    default_site = "core.admin_site.TandemAdminSite"
    default = False
