from django.urls import path, re_path

from people.views import conflicts, imports, persons, placements

app_name = "people"

urlpatterns = [
    path("people/", persons.person_list, name="person-list"),
    path("people/new/", persons.person_create, name="person-create"),
    path("people/<int:pk>/", persons.person_detail, name="person-detail"),
    path("people/<int:pk>/tabs/<slug:tab>/", persons.person_tab, name="person-tab"),
    path("people/<int:pk>/edit/", persons.person_update, name="person-update"),
    path("people/<int:pk>/affiliations/", persons.affiliation_add, name="affiliation-add"),
    path(
        "people/<int:pk>/affiliations/<int:affiliation_pk>/remove/",
        persons.affiliation_remove,
        name="affiliation-remove",
    ),
    path("people/<int:pk>/partnerships/", persons.participation_add, name="participation-add"),
    path(
        "people/<int:pk>/partnerships/<int:participation_pk>/remove/",
        persons.participation_remove,
        name="participation-remove",
    ),
    path("people/<int:pk>/personal-data.json", persons.person_data_export, name="person-data-export"),
    path("people/<int:pk>/erase/", persons.person_erase, name="person-erase"),
    path("people/conflicts/", conflicts.conflict_list, name="conflict-list"),
    path("people/conflicts/clear/", conflicts.conflict_clear, name="conflict-clear"),
    path("people/import/", imports.import_upload, name="import-upload"),
    path("people/import/<int:pk>/", imports.import_preview, name="import-preview"),
    path("people/import/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    re_path(
        r"^people/import/template-(?P<kind>people|placements)\.csv$", imports.import_template, name="import-template"
    ),
    path("placements/", placements.placement_list, name="placement-list"),
    path("placements/new/", placements.placement_create, name="placement-create"),
    path("placements/<int:pk>/", placements.placement_detail, name="placement-detail"),
    path("placements/<int:pk>/edit/", placements.placement_update, name="placement-update"),
]
