from django.urls import path

from metrics.views import dashboard, imports, outputs

# The dashboard keeps its un-namespaced name ("dashboard" at "/"): templates and tests use it.
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]


metrics_urlpatterns = [
    path("metrics/", dashboard.dashboard, name="metrics-dashboard"),
    path("metrics/status/", dashboard.recompute_status, name="recompute-status"),
    path("metrics/recompute/", dashboard.recompute_start, name="recompute-start"),
    path("outputs/", outputs.output_list, name="output-list"),
    path("outputs/new/", outputs.output_create, name="output-create"),
    path("outputs/import/", imports.import_upload, name="import-upload"),
    path("outputs/import/<int:pk>/", imports.import_preview, name="import-preview"),
    path("outputs/import/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    path("outputs/<int:pk>/", outputs.output_detail, name="output-detail"),
    path("outputs/<int:pk>/edit/", outputs.output_update, name="output-update"),
    path("outputs/<int:pk>/income/", outputs.income_add, name="income-add"),
]
