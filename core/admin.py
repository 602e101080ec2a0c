"""Admin bases every app's admin shares, and core's own models."""

from django.contrib import admin

from core.models import WorkerHeartbeat


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records with rules change through Tandem's services (pages and API); the admin only looks them up."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Related rows shown beside a read-only record, never edited here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["hostname", "beat_at"]
    readonly_fields = ["hostname", "beat_at"]
