"""Django admin for people. Placements, roles, clearances and imports have rules (overlaps,
history, erasure) that Tandem's own pages and API apply through the services; here admins look
them up, read-only."""

from django.contrib import admin

from partnerships.admin import ReadOnlyAdmin
from people.models import Affiliation, ConflictClearance, ImportBatch, Participation, Person, Placement


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "kind", "email", "orcid", "user", "erased_at"]
    list_filter = ["kind"]
    search_fields = ["first_name", "last_name", "email", "orcid"]
    raw_id_fields = ["user"]
    readonly_fields = ["erased_at", "version"]
    inlines = [AffiliationInline]


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = ["person", "kind", "home_organization", "host_organization", "start_date", "end_date", "status"]
    list_filter = ["kind", "status", "outcome"]
    search_fields = ["person__first_name", "person__last_name"]
    list_select_related = ["person", "home_organization", "host_organization"]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ["person", "partnership", "role"]
    list_filter = ["role"]
    list_select_related = ["person", "partnership"]


@admin.register(ConflictClearance)
class ConflictClearanceAdmin(ReadOnlyAdmin):
    list_display = ["person", "organization", "partnership", "cleared_by", "cleared_at"]
    list_select_related = ["person", "organization", "partnership", "cleared_by"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["filename", "kind", "status", "created_by", "created_at", "imported_at"]
    list_filter = ["kind", "status"]
    exclude = ["rows"]
