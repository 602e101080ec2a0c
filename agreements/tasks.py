from celery import shared_task

from agreements import reminders, services


@shared_task
def expire_agreements_task() -> int:
    return services.agreements_expire_due()


@shared_task
def send_agreement_reminders_task() -> int:
    return reminders.send_due_reminders()


@shared_task
def lapse_publication_reviews_task() -> int:
    return services.publication_reviews_lapse()
