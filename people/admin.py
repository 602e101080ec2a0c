from django.contrib import admin

from people.models import Affiliation, Person


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "kind", "email", "user"]
    list_filter = ["kind"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["user"]
    inlines = [AffiliationInline]
