"""The import record every import keeps: the uploaded file's rows, held server-side between the
preview and the confirmation, who uploaded it, and whether it was imported."""

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed"
    IMPORTED = "imported", "Imported"


class ImportRecord(models.Model):
    """An uploaded file held between preview and confirmation (abstract: each app's import
    record adds what its rows belong to, such as a kind or a partnership).

    The rows are kept as read from the file (text), server-side: confirming re-checks them all
    and writes all or none; nothing posted with the confirmation is trusted.
    """

    filename = models.CharField("file", max_length=255)
    rows = models.JSONField("rows", default=list)
    status = models.CharField("status", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="uploaded by", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("uploaded", auto_now_add=True)
    imported_at = models.DateTimeField("imported", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
