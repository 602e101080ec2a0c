"""Export jobs: a list's export prepared in the background (large, or XLSX), kept for a while."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An export is its requester's alone: it holds what they could see when it ran."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(user=user)

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
