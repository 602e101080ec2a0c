"""Django admin for metrics: look-ups only. Metric values are computed, never edited; a full
recompute can be started from here or from the dashboard."""

from django.contrib import admin, messages

from core.admin import ReadOnlyAdmin
from metrics import services
from metrics.models import MetricValue, RecomputeRun


@admin.register(MetricValue)
class MetricValueAdmin(ReadOnlyAdmin):
    list_display = ["key", "scope_kind", "scope_id", "period", "value", "computed_at"]
    list_filter = ["scope_kind", "key", "period"]


@admin.register(RecomputeRun)
class RecomputeRunAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "status", "steps_done", "steps_total", "partnerships", "rows_written"]
    list_filter = ["kind", "status"]
    actions = ["start_full_recompute"]

    @admin.action(description="Start a full recompute")
    def start_full_recompute(self, request, queryset):
        services.recompute_request(actor=request.user)
        self.message_user(request, "A full recompute was started.", messages.SUCCESS)
