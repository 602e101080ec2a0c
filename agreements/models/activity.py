from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.querysets import VisibleQuerySet


class ActivityKind(models.TextChoices):
    CALL = "call", "Call"
    EMAIL = "email", "E-mail"
    MEETING = "meeting", "Meeting"
    DRAFT_SENT = "draft_sent", "Draft sent"
    DRAFT_RECEIVED = "draft_received", "Draft received"
    SIGNATURE_PAGE_SENT = "signature_page_sent", "Signature page sent"
    OTHER = "other", "Other"


class ActivityQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        from agreements.models.agreements import Agreement

        # Internal entries (the office's own calls and notes) are never shown to partners.
        agreements = Agreement.objects.visible_to_liaison(user, organization_ids)
        return self.filter(agreement__in=agreements, internal=False)

    def follow_ups_due(self, today=None):
        return self.filter(follow_up_on__lte=today or timezone.localdate(), follow_up_done=False)


class Activity(models.Model):
    """A call, e-mail, meeting or draft in the negotiation, with an optional follow-up date."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name="agreement", on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField("kind", max_length=24, choices=ActivityKind.choices)
    occurred_on = models.DateField("date")
    summary = models.TextField("summary")
    internal = models.BooleanField("internal", default=True, help_text="Internal entries are never shown to partners.")
    follow_up_on = models.DateField("follow up on", null=True, blank=True)
    follow_up_done = models.BooleanField("follow-up done", default=False)
    last_reminded_on = models.DateField("last reminded", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="by", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("recorded", auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "activity"
        verbose_name_plural = "activities"
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(
                fields=["follow_up_on"], condition=Q(follow_up_done=False), name="agreements_open_follow_up_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on}"
