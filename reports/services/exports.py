"""Export jobs: start one, run it (in a Celery worker), expire old files.

A job runs with its requester's access as it is when the job runs, through the list's own
filters, so a job never holds a row its requester could not see on the list page.
"""

import logging
import os
import shutil
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from core import jobs
from core.exports import ExportTable, table_for, write_csv, write_xlsx
from core.locks import EXPORT_JOB, try_advisory_lock
from reports.models import ExportFormat, ExportJob, JobStatus

logger = logging.getLogger(__name__)

STREAM_LIMIT = 10_000  # CSV exports up to this many rows stream at once; larger ones run as a job
KEEP_FOR = timedelta(days=7)  # how long a finished export can be downloaded
MAX_ATTEMPTS = 3  # a job whose worker keeps dying is given up, not retried for ever
FAILED_MESSAGE = "The export could not be written. Try again; if it fails again, tell an administrator."


def exportable_table(user, key: str) -> ExportTable:
    table = table_for(key)
    if table is None:
        raise ValidationError({"table": f"There is no list called {key!r} to export."})
    if not table.allowed(user):
        raise PermissionDenied("You may not export this list.")
    return table


def export_start(*, user, table_key: str, export_format: str, params: str = "") -> ExportJob:
    """Queue an export of a list, as filtered by `params` (the list page's query string)."""
    table = exportable_table(user, table_key)
    if export_format not in ExportFormat.values:
        raise ValidationError({"format": "Choose CSV or XLSX."})
    query = QueryDict(params[:2000])
    query = query.copy()
    query.pop("page", None)  # an export holds every page the filters show
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user,
            table=table.key,
            table_title=table.title,
            params=query.urlencode()[:2000],
            description=table.describe(user, query)[:500],
            format=export_format,
        )
        from reports.tasks import run_export_task  # the tasks module imports the services

        jobs.send_on_commit(run_export_task, job.pk)
    return job


def _folder(job: ExportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / "exports" / job.token.hex


def _claim(job_id: int) -> ExportJob | None:
    """Mark the job running (one more attempt); None if there is nothing to do."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
            return None  # finished, failed or expired: a second delivery changes nothing
        if job.attempts >= MAX_ATTEMPTS:
            job.status, job.error, job.finished_at = JobStatus.FAILED, FAILED_MESSAGE, timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])
            logger.error("Export job %s given up after %s attempts", job.pk, job.attempts)
            return None
        job.attempts += 1
        job.status, job.started_at, job.rows_done = JobStatus.RUNNING, timezone.now(), 0
        job.save(update_fields=["attempts", "status", "started_at", "rows_done"])
        return job


def _write(job: ExportJob) -> int:
    table = table_for(job.table)
    rows = table.filtered(job.user, QueryDict(job.params))
    ExportJob.objects.filter(pk=job.pk).update(rows_total=rows.count())
    written = 0

    def progress(count: int) -> None:
        nonlocal written
        written = count
        ExportJob.objects.filter(pk=job.pk).update(rows_done=count)

    folder = _folder(job)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{job.filename}.part"
    if job.format == ExportFormat.XLSX:
        write_xlsx(partial, table.title, table.header, table.rows(rows), progress)
    else:
        write_csv(partial, table.header, table.rows(rows), progress)
    os.replace(partial, folder / job.filename)  # the file appears whole or not at all
    return written


def export_run(job_id: int) -> ExportJob | None:
    """Write the job's file. Safe to deliver twice: a second worker finds the job locked or done."""
    with try_advisory_lock(EXPORT_JOB, job_id) as mine:
        if not mine:
            return None  # another worker is writing it right now
        job = _claim(job_id)
        if job is None:
            return None
        try:
            written = _write(job)
        except Exception:
            logger.exception("Export job %s failed", job.pk)
            ExportJob.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED, error=FAILED_MESSAGE, finished_at=timezone.now()
            )
            return None
        now = timezone.now()
        job.status, job.rows_done, job.finished_at, job.expires_at = JobStatus.DONE, written, now, now + KEEP_FOR
        job.file.name = f"exports/{job.token.hex}/{job.filename}"
        job.rows_total = written
        job.save(update_fields=["status", "rows_done", "rows_total", "finished_at", "expires_at", "file"])
        return job


STALE_AFTER = timedelta(minutes=1)


def exports_resend_pending(now=None) -> int:
    """The outbox sweep (beat, every minute): send again the jobs a down broker or a dead worker lost.

    A job still queued after a minute was never sent, or its message was lost; a job "running"
    whose lock nobody holds lost its worker (the lock dies with the worker's connection). Runs
    are idempotent and bounded (MAX_ATTEMPTS), so sending one twice costs nothing.
    """
    from reports.tasks import run_export_task

    cutoff = (now or timezone.now()) - STALE_AFTER
    queued = ExportJob.objects.filter(status=JobStatus.QUEUED, created_at__lte=cutoff)
    running = ExportJob.objects.filter(status=JobStatus.RUNNING, started_at__lte=cutoff)
    sent = 0
    for job_id in queued.values_list("pk", flat=True):
        sent += jobs.send(run_export_task, job_id)
    for job_id in running.values_list("pk", flat=True):
        with try_advisory_lock(EXPORT_JOB, job_id) as orphaned:
            pass
        if orphaned:
            sent += jobs.send(run_export_task, job_id)
    return sent


def exports_expire(now=None) -> int:
    """Delete the files of exports past their download window (beat, hourly). Idempotent."""
    now = now or timezone.now()
    expired = 0
    for job in ExportJob.objects.filter(status=JobStatus.DONE, expires_at__lte=now).only("pk", "token"):
        shutil.rmtree(_folder(job), ignore_errors=True)
        ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.EXPIRED, file="")
        expired += 1
    return expired
