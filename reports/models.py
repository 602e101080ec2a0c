"""Export jobs: a list's export prepared in the background (large, or XLSX), kept for a while.
Scheduled reports: a report e-mailed after every month or quarter, each run recorded."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.querysets import AdminOnlyQuerySet, OwnRowsQuerySet
from reports.schedules import KINDS, Period, kind_choices


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


class ExportJobQuerySet(OwnRowsQuerySet):
    """An export is its requester's alone: it holds what they could see when it ran."""

    def active(self):
        return self.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])


def export_path(job, filename) -> str:
    return f"exports/{job.token.hex}/{filename}"


class ExportJob(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    table = models.CharField("list", max_length=40)
    table_title = models.CharField("list title", max_length=80)
    params = models.CharField("filters (query string)", max_length=2000, blank=True)
    description = models.CharField("filters", max_length=500, blank=True)
    format = models.CharField("format", max_length=4, choices=ExportFormat.choices)
    status = models.CharField("status", max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    rows_total = models.PositiveIntegerField("rows", null=True, blank=True)
    rows_done = models.PositiveIntegerField("rows written", default=0)
    attempts = models.PositiveSmallIntegerField("attempts", default=0)
    error = models.CharField("error", max_length=300, blank=True)
    # A random, unguessable folder for the file: the download view still checks the owner.
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    file = models.FileField("file", upload_to=export_path, blank=True, max_length=300)
    created_at = models.DateTimeField("requested", auto_now_add=True)
    started_at = models.DateTimeField("started", null=True, blank=True)
    finished_at = models.DateTimeField("finished", null=True, blank=True)
    expires_at = models.DateTimeField("download until", null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="reports_export_user_idx"),
            models.Index(fields=["status", "expires_at"], name="reports_export_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | (models.Q(expires_at__isnull=False) & ~models.Q(file="")),
                name="reports_export_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.table_title} ({self.get_format_display()}) for {self.user}"

    def get_absolute_url(self):
        return reverse("reports:export-download", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, 100 * self.rows_done // self.rows_total)

    @property
    def downloadable(self) -> bool:
        return self.status == JobStatus.DONE and self.expires_at is not None and self.expires_at > timezone.now()

    @property
    def filename(self) -> str:
        stamp = timezone.localtime(self.created_at).strftime("%Y-%m-%d")
        return f"{self.table}-{stamp}.{self.format}"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


MAX_RECIPIENTS = 20


class ScheduledReport(models.Model):
    """A report e-mailed to a list of recipients after every month or quarter. Admins only."""

    name = models.CharField("name", max_length=120)
    kind = models.CharField("report", max_length=40, choices=kind_choices)
    frequency = models.CharField("frequency", max_length=10, choices=Frequency.choices)
    recipients = ArrayField(
        models.EmailField(max_length=254),
        verbose_name="recipients",
        size=MAX_RECIPIENTS,
        help_text=f"At most {MAX_RECIPIENTS} e-mail addresses.",
    )
    scope = models.ForeignKey(
        "partnerships.Organization",
        verbose_name="partner",
        null=True,
        blank=True,
        # A partner's report must not quietly widen to the whole portfolio if the partner goes.
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Only this partner's figures; empty for the whole portfolio.",
    )
    active = models.BooleanField("active", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="created by", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "scheduled report"
        verbose_name_plural = "scheduled reports"
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipients__len__gte=1) & models.Q(recipients__len__lte=MAX_RECIPIENTS),
                name="reports_schedule_recipients_count",
                violation_error_message=f"Give between 1 and {MAX_RECIPIENTS} recipients.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:schedule-update", args=[self.pk])

    def clean(self):
        kind = KINDS.get(self.kind)
        if kind is not None and not kind.per_partner and self.scope_id is not None:
            raise ValidationError({"scope": f"The {kind.label} covers the whole portfolio: leave the partner empty."})


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class ReportRun(models.Model):
    """One period's report of a schedule: built and e-mailed once, every attempt recorded."""

    schedule = models.ForeignKey(
        ScheduledReport, verbose_name="scheduled report", on_delete=models.PROTECT, related_name="runs"
    )
    period_start = models.DateField("period start")
    period_end = models.DateField("period end")
    status = models.CharField("status", max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField("attempts", default=0)
    error = models.CharField("last error", max_length=500, blank=True)
    created_at = models.DateTimeField("queued", auto_now_add=True)
    started_at = models.DateTimeField("last attempt started", null=True, blank=True)
    finished_at = models.DateTimeField("finished", null=True, blank=True)
    sent_at = models.DateTimeField("sent", null=True, blank=True)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "report run"
        verbose_name_plural = "report runs"
        ordering = ["-period_start", "-pk"]
        constraints = [
            # The end too: a schedule switched from monthly to quarterly still owes the quarter
            # that starts on a month it already reported.
            models.UniqueConstraint(
                fields=["schedule", "period_start", "period_end"],
                name="reports_run_once_per_period",
                violation_error_message="This period's report has already been run.",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="reports_run_period_ordered",
                violation_error_message="A period ends on or after its start.",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="reports_run_status_idx")]

    def __str__(self):
        return f"{self.schedule} for {self.period.label}"

    @property
    def period(self) -> Period:
        # From the dates, not the schedule: its frequency may have changed since.
        frequency = Frequency.MONTHLY if self.period_start.month == self.period_end.month else Frequency.QUARTERLY
        return Period(frequency, self.period_start, self.period_end)
