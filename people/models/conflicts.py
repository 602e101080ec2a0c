from django.conf import settings
from django.db import models

from core.querysets import InternalOnlyQuerySet


class ConflictClearance(models.Model):
    """Staff reviewed a flagged conflict of interest and cleared it, saying why.

    A conflict is identified by who, which counterparty, and in what: today a partnership
    (agreements will add their own column). The flag stays on the pages, marked cleared, so
    nobody has to trust that a conflict simply disappeared.
    """

    person = models.ForeignKey(
        "people.Person", verbose_name="person", on_delete=models.CASCADE, related_name="conflict_clearances"
    )
    organization = models.ForeignKey(
        "partnerships.Organization", verbose_name="counterparty", on_delete=models.CASCADE, related_name="+"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name="partnership",
        on_delete=models.CASCADE,
        related_name="conflict_clearances",
    )
    note = models.TextField("note")
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="cleared by", on_delete=models.PROTECT, related_name="+"
    )
    cleared_at = models.DateTimeField("cleared", auto_now_add=True)

    objects = InternalOnlyQuerySet.as_manager()  # the office's review: partners never see it

    class Meta:
        verbose_name = "conflict of interest clearance"
        verbose_name_plural = "conflict of interest clearances"
        ordering = ["-cleared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization", "partnership"],
                name="people_conflict_cleared_once",
                violation_error_message="This conflict has already been cleared.",
            ),
        ]

    def __str__(self):
        return f"{self.person} / {self.organization} in {self.partnership}: cleared"
