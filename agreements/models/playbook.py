from django.conf import settings
from django.db import models
from django.db.models import Q

from agreements.playbook import Condition, Severity
from agreements.terms import TERM_FIELDS
from core.querysets import InternalOnlyQuerySet, VisibleQuerySet


class PlaybookRule(models.Model):
    """One of the institution's standard positions on a term, with how serious a deviation is."""

    term = models.CharField("term", max_length=40, choices=[(name, name.replace("_", " ")) for name in TERM_FIELDS])
    condition = models.CharField("condition", max_length=12, choices=Condition.choices)
    value = models.CharField("value", max_length=40, blank=True, help_text="For at most/at least/must be conditions.")
    severity = models.CharField("severity", max_length=8, choices=Severity.choices)
    standard_position = models.CharField("standard position", max_length=200)
    explanation = models.TextField("why", blank=True)
    active = models.BooleanField("active", default=True)

    objects = InternalOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "playbook rule"
        verbose_name_plural = "playbook rules"
        ordering = ["term", "pk"]

    def __str__(self):
        return self.standard_position

    def as_dict(self) -> dict:
        return {
            "id": self.pk,
            "term": self.term,
            "condition": self.condition,
            "value": self.value,
            "severity": self.severity,
            "standard_position": self.standard_position,
            "explanation": self.explanation,
        }


class PlaybookVersion(models.Model):
    """A published state of the playbook: the rules exactly as a check used them."""

    number = models.PositiveIntegerField("version", unique=True)
    rules = models.JSONField("rules")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="published by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("published", auto_now_add=True)

    objects = InternalOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "playbook version"
        verbose_name_plural = "playbook versions"
        ordering = ["-number"]

    def __str__(self):
        return f"Playbook v{self.number}"


class DeviationQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        return self.none()  # the office's negotiating positions are never shown to partners

    def open(self):
        return self.filter(resolved_at__isnull=True)

    def by_severity(self):
        rank = models.Case(
            models.When(severity=Severity.BLOCKER, then=0),
            models.When(severity=Severity.WARNING, then=1),
            default=2,
        )
        return self.annotate(severity_rank=rank).order_by("severity_rank", "term")

    def needing_sign_off(self):
        return self.open().filter(severity=Severity.BLOCKER, signed_off_at__isnull=True)


class Deviation(models.Model):
    """An agreement term that departs from the playbook, as found by a check against one version."""

    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name="agreement", on_delete=models.CASCADE, related_name="deviations"
    )
    playbook_version = models.ForeignKey(
        PlaybookVersion, verbose_name="playbook version", on_delete=models.PROTECT, related_name="+"
    )
    rule_id = models.PositiveIntegerField("rule")
    term = models.CharField("term", max_length=40)
    severity = models.CharField("severity", max_length=8, choices=Severity.choices)
    standard_position = models.CharField("standard position", max_length=200)
    explanation = models.TextField("why", blank=True)
    actual = models.CharField("agreed value", max_length=200)
    found_at = models.DateTimeField("found", auto_now_add=True)
    resolved_at = models.DateTimeField("no longer deviates since", null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="signed off by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField("signed off", null=True, blank=True)
    sign_off_reason = models.TextField("reason", blank=True)

    objects = DeviationQuerySet.as_manager()

    class Meta:
        verbose_name = "deviation"
        verbose_name_plural = "deviations"
        ordering = ["term", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "rule_id", "actual"],
                condition=Q(resolved_at__isnull=True),
                name="agreements_one_open_deviation_per_rule_and_value",
                violation_error_message="This deviation is already recorded.",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True) | ~Q(sign_off_reason=""),
                name="agreements_sign_off_has_reason",
                violation_error_message="A sign-off needs a reason.",
            ),
        ]

    def __str__(self):
        return f"{self.agreement}: {self.standard_position}"
