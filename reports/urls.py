from django.urls import path

from reports.views import audit, exports, pages, portfolio, schedules

app_name = "reports"

urlpatterns = [
    path("reports/", pages.report_list, name="report-list"),
    path("reports/exports/", exports.export_status, name="export-status"),
    path("reports/exports/new/", exports.export_create, name="export-create"),
    path("reports/exports/<int:pk>/download/", exports.export_download, name="export-download"),
    path("exports/<slug:key>/", exports.export, name="export"),
    path("reports/portfolio/", portfolio.portfolio, name="portfolio"),
    path("reports/autm/", portfolio.autm, name="autm"),
    path("reports/schedules/new/", schedules.schedule_create, name="schedule-create"),
    path("reports/schedules/<int:pk>/", schedules.schedule_update, name="schedule-update"),
    path("reports/schedules/<int:pk>/deactivate/", schedules.schedule_deactivate, name="schedule-deactivate"),
    path("reports/runs/<int:pk>/retry/", schedules.run_retry, name="run-retry"),
    path("reports/audit.csv", audit.audit_export, name="audit-export"),
]
