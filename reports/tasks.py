"""Celery tasks of the reports app: thin, idempotent, calling the services."""

from celery import shared_task

from reports import services


@shared_task
def run_export_task(job_id: int) -> None:
    services.export_run(job_id)


@shared_task
def expire_exports_task() -> int:
    return services.exports_expire()
