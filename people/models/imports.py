from django.conf import settings
from django.db import models


class ImportKind(models.TextChoices):
    PEOPLE = "people", "People"
    PLACEMENTS = "placements", "Placements"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed"
    IMPORTED = "imported", "Imported"


class ImportBatch(models.Model):
    """An uploaded CSV held between preview and confirmation.

    The rows are kept as uploaded (strings), server-side: confirming re-validates them all
    and writes all or none; nothing posted with the confirmation is trusted.
    """

    kind = models.CharField("kind", max_length=16, choices=ImportKind.choices)
    filename = models.CharField("file", max_length=255)
    rows = models.JSONField("rows", default=list)
    status = models.CharField("status", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="uploaded by", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("uploaded", auto_now_add=True)
    imported_at = models.DateTimeField("imported", null=True, blank=True)

    class Meta:
        verbose_name = "import batch"
        verbose_name_plural = "import batches"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.filename}"
