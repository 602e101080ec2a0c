from django.contrib import admin

from partnerships.models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "sector", "status"]
    list_filter = ["kind", "status", "country"]
    search_fields = ["name", "sector"]
    autocomplete_fields = ["parent"]
