from django.conf import settings
from django.db import models
from django.db.models import Q

from agreements.terms import TERM_GROUP_CHOICES
from core.querysets import VisibleQuerySet


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Waiting for the partner"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ReviewRoundQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        # Only rounds sent to the liaison's own organization, never another party's.
        return self.filter(organization_id__in=organization_ids)


class ReviewRound(models.Model):
    """A version of an agreement (frozen terms and document) sent to one party's liaisons."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name="agreement", on_delete=models.CASCADE, related_name="review_rounds"
    )
    organization = models.ForeignKey(
        "partnerships.Organization", verbose_name="party", on_delete=models.PROTECT, related_name="review_rounds"
    )
    number = models.PositiveIntegerField("round")
    terms = models.JSONField("terms as sent")
    document = models.ForeignKey(
        "agreements.Document",
        verbose_name="document version",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField("message to the partner", blank=True)
    due_date = models.DateField("due")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="sent by", on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField("sent", auto_now_add=True)
    status = models.CharField("status", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="decided by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("decided", null=True, blank=True)
    decision_note = models.TextField("decision note", blank=True)
    last_reminded_on = models.DateField("last reminded", null=True, blank=True)

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        verbose_name = "review round"
        verbose_name_plural = "review rounds"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="agreements_review_round_once",
                violation_error_message="This round number already exists.",
            ),
            models.UniqueConstraint(
                fields=["agreement", "organization"],
                condition=Q(status=ReviewStatus.OPEN),
                name="agreements_one_open_round_per_party",
                violation_error_message="This party already has a review round open.",
            ),
        ]

    def __str__(self):
        return f"Round {self.number} to {self.organization}"


class ReviewCommentQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        return self.filter(review_round__organization_id__in=organization_ids, internal=False)


class ReviewComment(models.Model):
    """A comment on one group of terms in a review round."""

    review_round = models.ForeignKey(
        ReviewRound, verbose_name="review round", on_delete=models.CASCADE, related_name="comments"
    )
    term_group = models.CharField("terms", max_length=16, choices=TERM_GROUP_CHOICES)
    body = models.TextField("comment")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="by", on_delete=models.PROTECT, related_name="+")
    internal = models.BooleanField(
        "internal", default=False, help_text="Internal comments are seen by the office only."
    )
    created_at = models.DateTimeField("written", auto_now_add=True)

    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        verbose_name = "review comment"
        verbose_name_plural = "review comments"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_term_group_display()}: {self.body[:40]}"


class SentReminder(models.Model):
    """A reminder that went out. The unique key makes a job that runs twice send nothing twice."""

    key = models.CharField("key", max_length=120, unique=True)
    recipient = models.EmailField("recipient")
    subject = models.CharField("subject", max_length=200)
    sent_at = models.DateTimeField("sent", auto_now_add=True)

    class Meta:
        verbose_name = "sent reminder"
        verbose_name_plural = "sent reminders"
        ordering = ["-sent_at"]

    def __str__(self):
        return self.key
