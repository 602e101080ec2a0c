"""Django admin for agreements: look-up only. Agreements are legal records; every change goes
through the services (pages and API), which enforce the lifecycle and record who did what."""

from django.contrib import admin

from agreements.models import (
    Activity,
    Agreement,
    AgreementParty,
    Amendment,
    Document,
    ReviewRound,
    SentReminder,
    StatusChange,
)
from core.admin import ReadOnlyAdmin, ReadOnlyInline


class PartyInline(ReadOnlyInline):
    model = AgreementParty


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange


class AmendmentInline(ReadOnlyInline):
    model = Amendment


class DocumentInline(ReadOnlyInline):
    model = Document
    exclude = ["file"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "kind", "status", "partnership", "owner", "expiry_date"]
    list_filter = ["status", "kind"]
    search_fields = ["reference", "title"]
    list_select_related = ["partnership", "owner"]
    inlines = [PartyInline, StatusChangeInline, DocumentInline, AmendmentInline]


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "number", "organization", "status", "due_date"]
    list_filter = ["status"]
    list_select_related = ["agreement", "organization"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "kind", "occurred_on", "follow_up_on", "follow_up_done", "internal"]
    list_filter = ["kind", "internal", "follow_up_done"]
    list_select_related = ["agreement"]


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    list_display = ["key", "recipient", "subject", "sent_at"]
    search_fields = ["key", "recipient"]
