from celery import shared_task

from agreements import reminders, services
from agreements.api import list_rows
from core.locks import AGREEMENT_LIST_ROWS, try_advisory_lock


@shared_task
def expire_agreements_task() -> int:
    return services.agreements_expire_due()


@shared_task
def send_agreement_reminders_task() -> int:
    return reminders.send_due_reminders()


@shared_task
def lapse_publication_reviews_task() -> int:
    return services.publication_reviews_lapse()


# A bounded batch, so that one run holds its lock briefly. Rows a read finds missing are built
# on the spot anyway: this only keeps reads from having to.
LIST_ROWS_PER_RUN = 20_000


@shared_task
def refresh_agreement_list_rows_task() -> int:
    """Build the list rows that changes made stale (beat, every five minutes); one run at a time."""
    with try_advisory_lock(AGREEMENT_LIST_ROWS, 0) as acquired:
        return list_rows.refresh(limit=LIST_ROWS_PER_RUN) if acquired else 0
