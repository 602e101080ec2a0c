from django.urls import path

from outputs.views import imports, outputs

app_name = "outputs"

urlpatterns = [
    path("outputs/", outputs.output_list, name="output-list"),
    path("outputs/new/", outputs.output_create, name="output-create"),
    path("outputs/import/", imports.import_upload, name="import-upload"),
    path("outputs/import/<int:pk>/", imports.import_preview, name="import-preview"),
    path("outputs/import/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    path("outputs/<int:pk>/", outputs.output_detail, name="output-detail"),
    path("outputs/<int:pk>/edit/", outputs.output_update, name="output-update"),
    path("outputs/<int:pk>/income/", outputs.income_add, name="income-add"),
]
