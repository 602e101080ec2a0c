"""The metrics computed from the facts of the apps below (partnerships, funding, agreements,
placements, outputs ...).

Metrics are never typed in: `metrics.compute` writes `MetricValue` rows from the facts with
set-based SQL, and the dashboard reads only those rows.
"""

from django.db import models
from django.db.models import Q

from core.querysets import VisibleQuerySet
from partnerships.models import PartnershipModel


class ScopeKind(models.TextChoices):
    PORTFOLIO = "portfolio", "Whole portfolio"
    PARTNERSHIP = "partnership", "Partnership"
    ORGANIZATION = "organization", "Partner organization"
    # The dashboard's breakdowns of the whole portfolio, rolled up from the partnerships' rows
    # at each recompute so that the page reads a dozen rows instead of one per partnership.
    MODEL = "model", "Partnership model"
    AREA = "area", "Research area"


# Scopes that are the portfolio cut by a property of its partnerships: always recomputed whole.
BREAKDOWN_SCOPES = (ScopeKind.MODEL, ScopeKind.AREA)
# A model's scope id. Breakdown rows are rewritten whole by every recompute, so these numbers
# only need to agree between the writer and the reader of one release.
MODEL_SCOPE_IDS = {model: number for number, model in enumerate(PartnershipModel.values, start=1)}


ALL_TIME = 0  # `period` of the row that covers every year
RANKED_KEYS = ("activity", "funding_committed")  # what the dashboard ranks partnerships and partners by


class MetricValueQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        """A liaison's own organization's rows, and their partnerships' rows of the metrics whose
        facts they may see in full (outputs): never the portfolio, never another partner's rows.

        Organization rows are computed over exactly what that organization's liaison may see
        (its own funding, agreements it is party to, placements it hosts or sends), so they
        carry no other sponsor's figure even inside a shared consortium.
        """
        from metrics.registry import PARTNER_SAFE_KEYS
        from partnerships.models import PartnershipMember

        partnership_ids = PartnershipMember.objects.filter(organization_id__in=organization_ids).values(
            "partnership_id"
        )
        return self.filter(
            Q(scope_kind=ScopeKind.ORGANIZATION, scope_id__in=organization_ids)
            | Q(scope_kind=ScopeKind.PARTNERSHIP, scope_id__in=partnership_ids, key__in=PARTNER_SAFE_KEYS)
        )


class MetricValue(models.Model):
    """One computed figure: a metric for a scope and a year (or all time). Written only by
    `metrics.compute`, read by the dashboard and the API."""

    scope_kind = models.CharField("scope", max_length=16, choices=ScopeKind.choices)
    scope_id = models.IntegerField(
        "scope id",
        help_text="Partnership, organization or research area id; the model's number (MODEL_SCOPE_IDS); "
        "0 for the portfolio.",
    )
    key = models.CharField("metric", max_length=40)
    period = models.IntegerField("year", help_text="The calendar year; 0 for all time.")
    value = models.DecimalField("value", max_digits=20, decimal_places=4, null=True)
    computed_at = models.DateTimeField("computed")

    objects = MetricValueQuerySet.as_manager()

    class Meta:
        verbose_name = "metric value"
        verbose_name_plural = "metric values"
        ordering = ["scope_kind", "scope_id", "key", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "scope_id", "key", "period"],
                name="metrics_value_once",
                violation_error_message="A metric has one value per scope and period.",
            ),
        ]
        indexes = [
            models.Index(fields=["scope_kind", "key", "period"], name="metrics_value_key_idx"),
            # The dashboard's "most and least" of a year (ORDER BY value LIMIT n) is a walk along
            # this index, whatever the table's size. Partial: building it over every row would
            # add seconds to each full recompute, for rankings of two metrics.
            models.Index(
                fields=["scope_kind", "key", "period", "value", "scope_id"],
                name="metrics_value_rank_idx",
                condition=Q(key__in=RANKED_KEYS),
            ),
        ]

    def __str__(self):
        return f"{self.key} {self.scope_kind}:{self.scope_id} {self.period or 'all'} = {self.value}"


class DirtyScope(models.Model):
    """A partnership (or an organization that left one) whose facts changed since its metrics
    were computed.

    A change inserts a row here in its own transaction, so a rolled-back change marks nothing;
    the recompute task drains the table. A burst of changes leaves one row per scope, and one
    run recomputes them all.
    """

    scope_kind = models.CharField("scope", max_length=16, choices=ScopeKind.choices)
    scope_id = models.IntegerField("scope id")
    marked_at = models.DateTimeField("marked", auto_now_add=True)

    class Meta:
        verbose_name = "scope to recompute"
        verbose_name_plural = "scopes to recompute"
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "scope_id"],
                name="metrics_dirty_once",
                violation_error_message="This scope is already waiting to be recomputed.",
            )
        ]

    def __str__(self):
        return f"{self.scope_kind}:{self.scope_id}"


class RunKind(models.TextChoices):
    FULL = "full", "Full recompute"
    INCREMENTAL = "incremental", "Changed partnerships"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class RecomputeRun(models.Model):
    """One recompute: when, what, how far it got. Progress is written outside the compute
    transaction, so the page can show it while the run is still going."""

    kind = models.CharField("kind", max_length=12, choices=RunKind.choices)
    status = models.CharField("status", max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name="requested by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    steps_done = models.PositiveIntegerField("steps done", default=0)
    steps_total = models.PositiveIntegerField("steps", default=0)
    partnerships = models.PositiveIntegerField("partnerships", default=0)
    rows_written = models.PositiveIntegerField("rows written", default=0)
    created_at = models.DateTimeField("queued", auto_now_add=True)
    started_at = models.DateTimeField("started", null=True, blank=True)
    finished_at = models.DateTimeField("finished", null=True, blank=True)
    error = models.TextField("error", blank=True)

    class Meta:
        verbose_name = "recompute run"
        verbose_name_plural = "recompute runs"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.steps_done / self.steps_total) if self.steps_total else 0
