import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.querysets import VisibleQuerySet


def document_path(instance, filename) -> str:
    # A random name: the uploader's file name is kept only as data, never as a path.
    return f"agreements/{instance.agreement_id}/{uuid.uuid4().hex}"


class DocumentQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        """Only versions sent to the liaison's organization: in a review round addressed to it, or
        attached to an amendment of an agreement it is party to. Working drafts stay internal."""
        from agreements.models.agreements import Agreement
        from agreements.models.amendments import Amendment
        from agreements.models.reviews import ReviewRound

        sent = ReviewRound.objects.filter(organization_id__in=organization_ids, document__isnull=False)
        amended = Amendment.objects.filter(
            agreement__in=Agreement.objects.visible_to_liaison(user, organization_ids), document__isnull=False
        )
        return self.filter(Q(pk__in=sent.values("document_id")) | Q(pk__in=amended.values("document_id")))


class Document(models.Model):
    """One version of an agreement's document (PDF or DOCX), with its checksum."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name="agreement", on_delete=models.CASCADE, related_name="documents"
    )
    number = models.PositiveIntegerField("version")
    file = models.FileField("file", upload_to=document_path)
    original_name = models.CharField("file name", max_length=255)
    file_type = models.CharField("type", max_length=4, choices=[("pdf", "PDF"), ("docx", "DOCX")])
    size = models.PositiveIntegerField("size (bytes)")
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.CharField("note", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="uploaded by", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("uploaded", auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document version"
        verbose_name_plural = "document versions"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="agreements_document_version_once",
                violation_error_message="This version number already exists.",
            ),
        ]

    def __str__(self):
        return f"v{self.number} {self.original_name}"
