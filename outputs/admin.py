"""Django admin for outputs: look-ups only. Outputs change through Tandem's pages and API, whose
services check the rules and record history."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from outputs.models import LicenceIncome, Output


class IncomeInline(ReadOnlyInline):
    model = LicenceIncome
    fields = ["received_on", "kind", "amount", "currency", "note"]


@admin.register(Output)
class OutputAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "partnership", "date", "citations"]
    list_filter = ["kind"]
    search_fields = ["title", "doi", "number", "venue"]
    list_select_related = ["partnership"]
    date_hierarchy = "date"
    inlines = [IncomeInline]
