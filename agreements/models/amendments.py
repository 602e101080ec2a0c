from django.conf import settings
from django.db import models

from core.querysets import ParentVisibleQuerySet


class AmendmentQuerySet(ParentVisibleQuerySet):
    parent_field = "agreement"  # every party sees the amendments of an agreement it is party to


class Amendment(models.Model):
    """A signed change to an executed agreement: its terms stay frozen, the amendment says what changed."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name="agreement", on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveIntegerField("amendment")
    title = models.CharField("title", max_length=200)
    summary = models.TextField("what changes")
    effective_date = models.DateField("effective date")
    new_expiry_date = models.DateField(
        "new expiry date", null=True, blank=True, help_text="If the amendment extends the term."
    )
    document = models.ForeignKey(
        "agreements.Document",
        verbose_name="document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="recorded by", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("recorded", auto_now_add=True)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        verbose_name = "amendment"
        verbose_name_plural = "amendments"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="agreements_amendment_once",
                violation_error_message="This amendment number already exists.",
            ),
        ]

    def __str__(self):
        return f"Amendment {self.number}: {self.title}"
