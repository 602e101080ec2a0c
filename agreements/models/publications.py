import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.querysets import VisibleQuerySet


def manuscript_path(instance, filename) -> str:
    return f"manuscripts/{instance.agreement_id}/{uuid.uuid4().hex}"


class ManuscriptQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        # Only manuscripts with a review addressed to the liaison's organization.
        return self.filter(
            pk__in=PublicationReview.objects.filter(organization_id__in=organization_ids).values("manuscript_id")
        )


class Manuscript(models.Model):
    """A paper, thesis chapter or talk submitted for partner review under an agreement's publication terms."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name="agreement", on_delete=models.PROTECT, related_name="manuscripts"
    )
    title = models.CharField("title", max_length=300)
    authors = models.CharField("authors", max_length=500)
    venue = models.CharField("venue", max_length=200, blank=True)
    planned_submission_date = models.DateField("planned submission", null=True, blank=True)
    file = models.FileField("manuscript", upload_to=manuscript_path, blank=True)
    original_name = models.CharField("file name", max_length=255, blank=True)
    submitted_for_review_on = models.DateField("submitted for review on")
    review_period_days = models.PositiveIntegerField("review period (days)")
    allowed_delay_days = models.PositiveIntegerField("allowed patent delay (days)")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="submitted by", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("created", auto_now_add=True)

    objects = ManuscriptQuerySet.as_manager()

    class Meta:
        verbose_name = "manuscript"
        verbose_name_plural = "manuscripts"
        ordering = ["-submitted_for_review_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:manuscript-detail", args=[self.pk])


class PublicationReviewStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the partner"
    CLEARED = "cleared", "Cleared"
    REMOVAL_REQUESTED = "removal_requested", "Removal of confidential information requested"
    DELAY_REQUESTED = "delay_requested", "Patent delay requested"
    LAPSED = "lapsed", "Cleared by lapse (no answer by the deadline)"


class PublicationReviewQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        return self.filter(organization_id__in=organization_ids)


class PublicationReview(models.Model):
    """One reviewing party's review of a manuscript, with its deadline from the terms."""

    manuscript = models.ForeignKey(
        Manuscript, verbose_name="manuscript", on_delete=models.CASCADE, related_name="reviews"
    )
    organization = models.ForeignKey(
        "partnerships.Organization",
        verbose_name="reviewing party",
        on_delete=models.PROTECT,
        related_name="publication_reviews",
    )
    due_date = models.DateField("review due")
    status = models.CharField(
        "status", max_length=20, choices=PublicationReviewStatus.choices, default=PublicationReviewStatus.PENDING
    )
    delay_days = models.PositiveIntegerField("patent delay (days)", null=True, blank=True)
    request_text = models.TextField("request", blank=True)
    resolution = models.TextField("resolution", blank=True)
    resolved_at = models.DateTimeField("resolved", null=True, blank=True)
    answered_on = models.DateField("answered on", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="answered by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PublicationReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "publication review"
        verbose_name_plural = "publication reviews"
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["manuscript", "organization"],
                name="agreements_publication_review_once",
                violation_error_message="This party already reviews this manuscript.",
            ),
            models.CheckConstraint(
                condition=Q(delay_days__isnull=True) | Q(status=PublicationReviewStatus.DELAY_REQUESTED),
                name="agreements_delay_only_when_requested",
                violation_error_message="A delay belongs to a delay request.",
            ),
        ]

    def __str__(self):
        return f"{self.organization} on {self.manuscript}"
