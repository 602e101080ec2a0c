"""Celery tasks of the reports app: thin, idempotent, calling the services."""

from celery import shared_task

from reports import services
from reports.services import schedules


@shared_task
def run_export_task(job_id: int) -> None:
    services.export_run(job_id)


@shared_task
def expire_exports_task() -> int:
    return services.exports_expire()


@shared_task(
    autoretry_for=(schedules.AttemptFailed,),
    max_retries=schedules.RETRIES,
    retry_backoff=60,  # up to one, two, then four minutes (jittered): time for a mail server to come back
    retry_backoff_max=600,
)
def deliver_scheduled_report_task(run_id: int) -> None:
    schedules.report_run_deliver(run_id)


@shared_task
def run_due_scheduled_reports_task() -> int:
    return len(schedules.scheduled_reports_run_due())


@shared_task
def resend_pending_exports_task() -> int:
    """The outbox sweep: see services.exports_resend_pending."""
    return services.exports_resend_pending()
