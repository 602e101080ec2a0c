"""Django admin for scheduled reports: look-ups only. Schedules change through /reports/ (the
services record their history); runs are written by the delivery job alone."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from reports.models import ReportRun, ScheduledReport


class RunInline(ReadOnlyInline):
    model = ReportRun
    fields = ["period_start", "period_end", "status", "attempts", "error", "sent_at"]
    ordering = ["-period_start"]


@admin.register(ScheduledReport)
class ScheduledReportAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "frequency", "scope", "active", "created_by", "created_at"]
    list_filter = ["active", "frequency", "kind"]
    search_fields = ["name"]
    list_select_related = ["scope", "created_by"]
    inlines = [RunInline]


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    list_display = ["schedule", "period_start", "period_end", "status", "attempts", "started_at", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["schedule"]
    date_hierarchy = "period_start"
