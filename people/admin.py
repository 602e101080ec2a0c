"""Django admin for people. Placements, roles, clearances and imports have rules (overlaps,
history, erasure) that Tandem's own pages and API apply through the services; here admins look
them up, read-only."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from core.history import record_change, snapshot
from people.models import Affiliation, ConflictClearance, ImportBatch, Participation, Person, Placement


class AffiliationInline(ReadOnlyInline):
    model = Affiliation


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Admins link a login to a person here (that makes a liaison act for their organization).
    Everything else about a person is edited on Tandem's pages, through the services."""

    list_display = ["full_name", "kind", "email", "orcid", "user", "erased_at"]
    list_filter = ["kind"]
    search_fields = ["first_name", "last_name", "email", "orcid"]
    raw_id_fields = ["user"]
    fields = ["first_name", "last_name", "email", "orcid", "kind", "user", "erased_at", "version"]
    readonly_fields = ["first_name", "last_name", "email", "orcid", "kind", "erased_at", "version"]
    inlines = [AffiliationInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = snapshot(Person.objects.get(pk=obj.pk), ["user"])
        super().save_model(request, obj, form, change)
        record_change(
            actor=request.user, target=obj, action="login linked", before=before, after=snapshot(obj, ["user"])
        )


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
