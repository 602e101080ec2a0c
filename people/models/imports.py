from django.db import models

from core.imports.models import ImportRecord, ImportStatus

__all__ = ["ImportBatch", "ImportKind", "ImportStatus"]


class ImportKind(models.TextChoices):
    PEOPLE = "people", "People"
    PLACEMENTS = "placements", "Placements"


class ImportBatch(ImportRecord):
    """An uploaded CSV of people or of placements held between preview and confirmation
    (core.imports keeps the rows and the status)."""

    kind = models.CharField("kind", max_length=16, choices=ImportKind.choices)

    class Meta(ImportRecord.Meta):
        verbose_name = "import batch"
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"{self.get_kind_display()} from {self.filename}"
