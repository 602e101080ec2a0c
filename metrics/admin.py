"""Django admin for outputs and metrics: look-ups only. Outputs change through Tandem's pages and
API (services mark the metrics to recompute); metric values are computed, never edited; a full
recompute can be started from here or from the dashboard."""

from django.contrib import admin, messages

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from metrics import services
from metrics.models import LicenceIncome, MetricValue, Output, RecomputeRun


class IncomeInline(ReadOnlyInline):
    model = LicenceIncome
    fields = ["received_on", "kind", "amount", "currency", "note"]


@admin.register(Output)
class OutputAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "partnership", "date", "citations"]
    list_filter = ["kind"]
    search_fields = ["title", "doi", "number", "venue"]
    list_select_related = ["partnership"]
    date_hierarchy = "date"
    inlines = [IncomeInline]


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
