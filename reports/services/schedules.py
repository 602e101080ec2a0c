"""Scheduled reports: create, change and deactivate a schedule; the hourly job that queues each
due period's run; the delivery of a run (build the report, e-mail it, record the attempt).

Delivery is safe to run twice: one worker at a time per run (an advisory lock), and a run that
is sent or failed is never sent again. A failed attempt is recorded on the run and retried by
the task; after the last one the run is marked failed and every admin is told.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Role, User
from core import jobs, roles
from core.concurrency import lock_for_update
from core.history import record_change, snapshot
from core.locks import SCHEDULED_REPORT, try_advisory_lock
from core.services import model_create, model_update
from reports.models import ReportRun, RunStatus, ScheduledReport
from reports.schedules import KINDS, ReportFile, due_period

logger = logging.getLogger(__name__)

RETRIES = 3  # after the first attempt; the delivery task retries this many times
MAX_ATTEMPTS = 1 + RETRIES
# A queued or running run untouched this long lost its task (the broker was down when it was
# queued, a worker died and its message expired): the hourly job sends it again. Longer than all
# the retry back-offs, so a run waiting for its next attempt is not hurried into it.
STALE_AFTER = timedelta(hours=1)
# The fields an admin edits: the service, the form and the API input take these.
EDITABLE_FIELDS = ["name", "kind", "frequency", "recipients", "scope"]
HISTORY_FIELDS = [*EDITABLE_FIELDS, "active"]
OPEN = (RunStatus.QUEUED, RunStatus.RUNNING)
DEACTIVATED = "The schedule was deactivated before this report was sent."


class AttemptFailed(Exception):
    """An attempt failed and another is allowed: the task retries it."""


class CannotRun(Exception):
    """Retrying cannot help: the run fails at once."""


def _require_admin(actor) -> None:
    if not roles.is_admin(actor):
        raise PermissionDenied("Only administrators schedule reports.")


def normalise_recipients(addresses) -> list[str]:
    """Trimmed, without blanks or repeats (addresses differing only in case are one)."""
    seen, result = set(), []
    for address in addresses:
        address = address.strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result


def _normalized(data: dict) -> dict:
    if "recipients" in data:
        data = {**data, "recipients": normalise_recipients(data["recipients"])}
    return data


@transaction.atomic
def scheduled_report_create(*, actor, data: dict) -> ScheduledReport:
    _require_admin(actor)
    return model_create(
        instance=ScheduledReport(created_by=actor),
        fields=EDITABLE_FIELDS,
        data=_normalized(data),
        actor=actor,
        clean_exclude=["created_by"],
        summary=lambda schedule: f"Scheduled {schedule.name}",
        history_fields=HISTORY_FIELDS,
    )


@transaction.atomic
def scheduled_report_update(
    *, schedule: ScheduledReport, actor, data: dict, expected_version: int | None
) -> ScheduledReport:
    _require_admin(actor)
    schedule = lock_for_update(
        ScheduledReport, pk=schedule.pk, expected_version=expected_version, label="scheduled report"
    )
    schedule, _ = model_update(
        instance=schedule,
        fields=EDITABLE_FIELDS,
        data=_normalized(data),
        actor=actor,
        clean_exclude=["created_by"],
    )
    return schedule


@transaction.atomic
def scheduled_report_deactivate(
    *, schedule: ScheduledReport, actor, expected_version: int | None = None
) -> ScheduledReport:
    """Stop sending it. Its runs stay; one still queued is not sent."""
    _require_admin(actor)
    schedule = lock_for_update(
        ScheduledReport, pk=schedule.pk, expected_version=expected_version, label="scheduled report"
    )
    if not schedule.active:
        return schedule
    before = snapshot(schedule, HISTORY_FIELDS)
    schedule.active = False
    schedule.version += 1
    schedule.save(update_fields=["active", "version"])
    record_change(
        actor=actor,
        target=schedule,
        action="deactivated",
        summary=f"Deactivated {schedule.name}",
        before=before,
        after=snapshot(schedule, HISTORY_FIELDS),
    )
    return schedule


@transaction.atomic
def report_run_retry(*, run: ReportRun, actor) -> ReportRun:
    """Send a failed run again (say, once the mail server is back), with fresh attempts."""
    _require_admin(actor)
    updated = ReportRun.objects.filter(pk=run.pk, status=RunStatus.FAILED, schedule__active=True).update(
        status=RunStatus.QUEUED, attempts=0, error="", started_at=None, finished_at=None
    )
    run.refresh_from_db()
    if updated:
        record_change(actor=actor, target=run.schedule, action="run retried", summary=f"Sent {run} again")
        _enqueue(run.pk)
    return run


def _task():
    from reports.tasks import deliver_scheduled_report_task  # the tasks module imports the services

    return deliver_scheduled_report_task


def _enqueue(run_id: int) -> None:
    # The run's row is the outbox: if the broker is down, the hourly job sends it again.
    jobs.send_on_commit(_task(), run_id)


def scheduled_reports_run_due(now=None) -> list[int]:
    """Queue a run for each active schedule's due period that has none yet (beat, hourly), and
    queue again the runs whose task was lost. Returns the new runs' ids. Safe to run twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = []
    for schedule in ScheduledReport.objects.filter(active=True).only("pk", "frequency", "created_at"):
        period = due_period(schedule.frequency, today, timezone.localdate(schedule.created_at))
        if period is not None:
            due.append((schedule, period))
    existing = set(
        ReportRun.objects.filter(
            schedule__in=[schedule for schedule, _ in due], period_start__in={period.start for _, period in due}
        ).values_list("schedule_id", "period_start", "period_end")
    )
    created = []
    for schedule, period in due:
        if (schedule.pk, period.start, period.end) in existing:
            continue
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(schedule=schedule, period_start=period.start, period_end=period.end)
                _enqueue(run.pk)
        except IntegrityError:
            continue  # a concurrent run of this job queued it first
        created.append(run.pk)
    _requeue_lost(now)
    return created


def _requeue_lost(now) -> None:
    cutoff = now - STALE_AFTER
    lost = (
        ReportRun.objects.alias(touched=Coalesce("started_at", "created_at"))
        .filter(Q(status=RunStatus.QUEUED, touched__lt=cutoff) | Q(status=RunStatus.RUNNING, started_at__lt=cutoff))
        .values_list("pk", flat=True)
    )
    for run_id in lost:
        logger.warning("Report run %s lost its task; sending it again", run_id)
        jobs.send(_task(), run_id)


def report_run_deliver(run_id: int) -> ReportRun | None:
    """Build the run's report and e-mail it. Raises AttemptFailed when the task should retry.

    Nothing happens if the run is sent or failed already, or another worker holds it.
    """
    # The scheduled-report lock namespace, keyed by run: one worker per period's report.
    with try_advisory_lock(SCHEDULED_REPORT, run_id) as mine:
        if not mine:
            return None
        run, problem = _claim(run_id)
        if run is None:
            return None
        if problem:
            return _fail(run, problem, notify=problem != DEACTIVATED)
        try:
            _send(run, _build(run))
        except CannotRun as error:
            return _fail(run, str(error))
        except Exception as error:
            logger.exception("Report run %s: attempt %s failed", run.pk, run.attempts)
            message = f"{type(error).__name__}: {error}"[:500]
            if run.attempts >= MAX_ATTEMPTS:
                return _fail(run, message)
            ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(status=RunStatus.QUEUED, error=message)
            raise AttemptFailed(f"Attempt {run.attempts} of {MAX_ATTEMPTS} failed: {message}") from error
        run.refresh_from_db()
        return run


def _claim(run_id: int) -> tuple[ReportRun | None, str]:
    """Start one more attempt: the run, and why it must fail instead (empty if it may run)."""
    with transaction.atomic():
        run = (
            ReportRun.objects.select_for_update(of=("self",))
            .select_related("schedule", "schedule__scope", "schedule__created_by")
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.status not in OPEN:
            return None, ""  # sent or failed already: a second delivery changes nothing
        if not run.schedule.active:
            return run, DEACTIVATED
        if run.attempts >= MAX_ATTEMPTS:
            # The last attempt's worker died before it could record how it ended.
            return run, run.error or f"The report was not sent after {run.attempts} attempts."
        run.attempts += 1
        run.status, run.started_at = RunStatus.RUNNING, timezone.now()
        run.save(update_fields=["attempts", "status", "started_at"])
        return run, ""


def _build(run: ReportRun) -> ReportFile:
    schedule = run.schedule
    author = schedule.created_by
    if not roles.is_admin(author):
        # Reports go to people outside Tandem: they are built with an admin's access or not at all.
        raise CannotRun(
            "The person who scheduled this report is no longer an administrator. "
            "An administrator must schedule it again."
        )
    kind = KINDS.get(schedule.kind)
    if kind is None:
        raise CannotRun(f"Tandem no longer produces this kind of report ({schedule.kind}).")
    return kind.build(user=author, period=run.period, partner=schedule.scope)


def _send(run: ReportRun, report: ReportFile) -> None:
    schedule, period = run.schedule, run.period
    scope = schedule.scope.name if schedule.scope else "the whole portfolio"
    body = (
        f'Attached is "{schedule.name}" for {period.label} '
        f"({period.start:%d %B %Y} to {period.end:%d %B %Y}), covering {scope}.\n\n"
        f"Tandem sends this report {schedule.get_frequency_display().lower()}. "
        "To stop receiving it, ask a Tandem administrator."
    )
    message = EmailMessage(
        subject=f"{schedule.name}: {period.label}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=schedule.recipients,
    )
    message.attach(report.filename, report.content, report.mimetype)
    now = timezone.now()
    with transaction.atomic():
        # Marked sent in the same transaction as the sending: if sending fails, it is not kept.
        claimed = ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.SENT, sent_at=now, finished_at=now, error=""
        )
        if claimed:
            message.send()


def _fail(run: ReportRun, message: str, *, notify: bool = True) -> ReportRun:
    updated = ReportRun.objects.filter(pk=run.pk, status__in=OPEN).update(
        status=RunStatus.FAILED, error=message[:500], finished_at=timezone.now()
    )
    run.refresh_from_db()
    if updated and notify:
        _tell_admins(run)
    return run


def _tell_admins(run: ReportRun) -> None:
    recipients = list(
        User.objects.filter(role=Role.ADMIN, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        logger.error("Report run %s failed and there is no admin to tell", run.pk)
        return
    body = (
        f'The scheduled report "{run.schedule.name}" for {run.period.label} was not sent '
        f"({run.attempts} attempts).\n\nLast error: {run.error}\n\n"
        "The failed run is listed on Tandem's Reports page, where an administrator can send it again."
    )
    try:
        send_mail(
            f"Scheduled report failed: {run.schedule.name} for {run.period.label}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    except Exception:
        # The run is recorded as failed and shows on /reports/: the warning is not lost with the mail.
        logger.exception("Could not tell the admins that report run %s failed", run.pk)
