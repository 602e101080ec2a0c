"""Celery tasks: thin, idempotent, calling the services."""

from celery import shared_task

from metrics import services


@shared_task
def recompute_changed_task() -> int:
    """Recompute the partnerships marked as changed (coalesced: see services.metrics_mark_changed)."""
    return services.metrics_recompute_changed()


@shared_task
def recompute_all_task(run_id: int | None = None) -> int:
    """The nightly (and on-request) full recompute."""
    return services.metrics_recompute_all(run_id=run_id).pk


@shared_task
def resend_pending_task() -> int:
    """The outbox sweep: see services.metrics_resend_pending."""
    return services.metrics_resend_pending()
