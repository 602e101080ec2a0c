from django.urls import path

from reports.views import exports, pages, portfolio

app_name = "reports"

urlpatterns = [
    path("reports/", pages.report_list, name="report-list"),
    path("reports/exports/", exports.export_status, name="export-status"),
    path("reports/exports/new/", exports.export_create, name="export-create"),
    path("reports/exports/<int:pk>/download/", exports.export_download, name="export-download"),
    path("exports/<slug:key>/", exports.export, name="export"),
    path("reports/portfolio/", portfolio.portfolio, name="portfolio"),
    path("reports/autm/", portfolio.autm, name="autm"),
]
