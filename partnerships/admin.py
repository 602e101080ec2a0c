"""Django admin for partners and partnerships.

Records with rules (members, phases, funding totals, versions, history) are changed through
Tandem's own pages and API, which call the services; here admins look them up and fix
reference data (research areas).
"""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from partnerships.models import (
    FundingCommitment,
    Milestone,
    Organization,
    Partnership,
    PartnershipMember,
    Payment,
    PhaseChange,
    ResearchArea,
)


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "country", "sector", "status"]
    list_filter = ["kind", "status", "country"]
    search_fields = ["name", "sector"]


class MemberInline(ReadOnlyInline):
    model = PartnershipMember


class MilestoneInline(ReadOnlyInline):
    model = Milestone


class PhaseChangeInline(ReadOnlyInline):
    model = PhaseChange


@admin.register(Partnership)
class PartnershipAdmin(ReadOnlyAdmin):
    list_display = ["title", "model", "phase", "owner", "start_date", "end_date"]
    list_filter = ["model", "phase"]
    search_fields = ["title", "objectives"]
    list_select_related = ["owner"]
    inlines = [MemberInline, MilestoneInline, PhaseChangeInline]


class PaymentInline(ReadOnlyInline):
    model = Payment


@admin.register(FundingCommitment)
class FundingCommitmentAdmin(ReadOnlyAdmin):
    list_display = ["partnership", "source", "mechanism", "amount", "currency"]
    list_filter = ["mechanism", "currency"]
    search_fields = ["partnership__title", "source__name"]
    list_select_related = ["partnership", "source"]
    inlines = [PaymentInline]


@admin.register(ResearchArea)
class ResearchAreaAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
