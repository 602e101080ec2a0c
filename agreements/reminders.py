"""Reminder e-mails from deadlines. Each reminder has a key; a key is sent at most once, so a
job that runs twice, or two workers running it at once, send nothing twice."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from agreements.deadlines import FOLLOW_UP_REPEAT_DAYS, notice_threshold, renewal_notice_date
from agreements.models import Activity, Agreement, AgreementStatus, ReviewRound, ReviewStatus, SentReminder

logger = logging.getLogger(__name__)
REVIEW_WARNING_DAYS = 3


def _send_once(*, key: str, recipients: list[str], subject: str, body: str) -> bool:
    recipients = [address for address in recipients if address]
    if not recipients:
        return False
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=key[:120], recipient=", ".join(recipients)[:254], subject=subject[:200])
            # Inside the transaction: if sending fails, the key is not kept and the next run retries.
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except IntegrityError:
        return False  # sent already, by an earlier run or a concurrent one
    return True


def send_due_reminders(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return sum(
        (
            _expiry_and_renewal(today),
            _reviews(today),
            _follow_ups(today),
        )
    )


def _expiry_and_renewal(today: date) -> int:
    sent = 0
    agreements = Agreement.objects.filter(status=AgreementStatus.EXECUTED, expiry_date__gte=today).select_related(
        "owner"
    )
    for agreement in agreements:
        for kind, deadline in (("expiry", agreement.expiry_date), ("renewal", renewal_notice_date(agreement))):
            threshold = notice_threshold(deadline, today) if deadline else None
            if threshold is None:
                continue
            what = "expires" if kind == "expiry" else "needs its renewal notice"
            sent += _send_once(
                key=f"{kind}:{agreement.pk}:{deadline:%Y%m%d}:{threshold}",
                recipients=[agreement.owner.email],
                subject=f"{agreement.reference} {what} on {deadline:%d %b %Y}",
                body=f"{agreement.title} {what} on {deadline:%d %B %Y}, in {(deadline - today).days} days.",
            )
    return sent


def _reviews(today: date) -> int:
    from people.models import Affiliation, Person

    sent = 0
    rounds = ReviewRound.objects.filter(
        status=ReviewStatus.OPEN, due_date__lte=today + timedelta(days=REVIEW_WARNING_DAYS)
    )
    for review_round in rounds.select_related("agreement", "organization", "sent_by"):
        # Only people who act for the party today: a liaison who moved on gets nothing of it.
        current = Affiliation.objects.current().filter(organization=review_round.organization).values("person_id")
        liaisons = Person.objects.filter(user__role="liaison", user__is_active=True, pk__in=current).values_list(
            "user__email", flat=True
        )
        overdue = review_round.due_date < today
        sent += _send_once(
            key=f"review:{review_round.pk}:{'overdue' if overdue else 'due'}",
            recipients=[review_round.sent_by.email] if overdue else list(liaisons),
            subject=f"Review of {review_round.agreement.reference} {'overdue since' if overdue else 'due'} "
            f"{review_round.due_date:%d %b %Y}",
            body=f"Round {review_round.number} of {review_round.agreement.title}, sent to {review_round.organization}.",
        )
    return sent


def _follow_ups(today: date) -> int:
    """Overdue follow-ups remind the owner again every few days until someone marks them done."""
    sent = 0
    due = Activity.objects.follow_ups_due(today).select_related("agreement", "agreement__owner")
    for activity in due:
        if activity.last_reminded_on and (today - activity.last_reminded_on).days < FOLLOW_UP_REPEAT_DAYS:
            continue
        if _send_once(
            key=f"follow-up:{activity.pk}:{today:%Y%m%d}",
            recipients=[activity.agreement.owner.email],
            subject=f"Follow up on {activity.agreement.reference} (due {activity.follow_up_on:%d %b %Y})",
            body=activity.summary,
        ):
            # No history: when the last reminder went is the job's bookkeeping (it spaces the
            # next one), not a change to the negotiation record anyone looks up.
            Activity.objects.filter(pk=activity.pk).update(last_reminded_on=today)
            sent += 1
    return sent
