"""Dates that follow from agreements' terms and events, and the tasks they put on people's lists.

One place computes them; the task list and calendar (core.deadlines, which this module's
`agreement_tasks` feeds) and the reminder job both read from here.
"""

from datetime import date, timedelta

from django.urls import reverse

from agreements import dates
from agreements.models import (
    Activity,
    Agreement,
    AgreementStatus,
    Manuscript,
    PublicationReview,
    PublicationReviewStatus,
    ReviewRound,
    ReviewStatus,
)
from core import roles
from core.deadlines import Task

NOTICE_DAYS = (90, 60, 30)  # expiry and renewal notice reminders
LOOKAHEAD_DAYS = max(NOTICE_DAYS)
FOLLOW_UP_REPEAT_DAYS = 3  # an unanswered follow-up reminds again this often, until done


def renewal_notice_date(agreement: Agreement) -> date | None:
    return dates.renewal_notice_date(agreement.expiry_date, agreement.renewal_notice_days)


def notice_threshold(deadline: date, today: date) -> int | None:
    """The tightest of 90/60/30 days that `deadline` is now within, or None if further away or past."""
    days_left = (deadline - today).days
    if days_left < 0:
        return None
    crossed = [days for days in NOTICE_DAYS if days_left <= days]
    return min(crossed) if crossed else None


def agreement_tasks(user, today: date) -> list[Task]:
    """What agreements put on `user`'s task list: their owner's dates, a liaison's reviews."""
    tasks: list[Task] = []
    if roles.can_edit(user):
        tasks += _agreement_dates(user, today)
        tasks += _follow_ups(user, today)
        tasks += _reviews_sent(user)
        tasks += _manuscripts(user, today)
    if roles.is_liaison(user):
        tasks += _reviews_waiting(user)
        tasks += _publication_reviews_waiting(user)
    return tasks


def _agreement_dates(user, today):
    horizon = today + timedelta(days=LOOKAHEAD_DAYS)
    agreements = Agreement.objects.visible_to(user).filter(
        owner=user,
        status=AgreementStatus.EXECUTED,
        expiry_date__isnull=False,
        expiry_date__lte=horizon + timedelta(days=365),
    )
    for agreement in agreements:
        url = agreement.get_absolute_url()
        if agreement.expiry_date <= horizon:
            yield Task(agreement.expiry_date, "expiry", f"{agreement.reference} expires", agreement.title, url)
        notice = renewal_notice_date(agreement)
        if notice and today - timedelta(days=7) <= notice <= horizon:
            yield Task(notice, "renewal", f"{agreement.reference}: renewal notice due", agreement.title, url)


def _follow_ups(user, today):
    activities = (
        Activity.objects.visible_to(user)
        .filter(
            agreement__owner=user,
            follow_up_on__isnull=False,
            follow_up_done=False,
            follow_up_on__lte=today + timedelta(days=14),
        )
        .select_related("agreement")
    )
    for activity in activities:
        yield Task(
            activity.follow_up_on,
            "follow-up",
            f"Follow up: {activity.agreement.reference}",
            activity.summary[:120],
            activity.agreement.get_absolute_url(),
        )


def _review_url(review_round):
    return reverse("agreements:review-detail", args=[review_round.agreement_id, review_round.pk])


def _reviews_sent(user):
    rounds = ReviewRound.objects.visible_to(user).filter(agreement__owner=user, status=ReviewStatus.OPEN)
    for review_round in rounds.select_related("agreement", "organization"):
        yield Task(
            review_round.due_date,
            "review",
            f"Review due from {review_round.organization}",
            f"{review_round.agreement.reference} round {review_round.number}",
            _review_url(review_round),
        )


def _reviews_waiting(user):
    rounds = ReviewRound.objects.visible_to(user).filter(status=ReviewStatus.OPEN)
    for review_round in rounds.select_related("agreement"):
        yield Task(
            review_round.due_date,
            "review",
            f"Review {review_round.agreement.reference}",
            f"{review_round.agreement.title}, round {review_round.number}",
            _review_url(review_round),
        )


def _manuscripts(user, today):
    from agreements.services.publications import manuscript_standing

    manuscripts = (
        Manuscript.objects.visible_to(user)
        .filter(submitted_by=user, submitted_for_review_on__gte=today - timedelta(days=LOOKAHEAD_DAYS * 2))
        # Every review, on purpose: only the release date is shown, and it needs every party's answer.
        .prefetch_related("reviews__organization")
    )
    for manuscript in manuscripts:
        release = manuscript_standing(manuscript)["release_date"]
        if release >= today:
            yield Task(
                release,
                "publication",
                f"“{manuscript.title}” may be submitted",
                "release date",
                manuscript.get_absolute_url(),
            )


def _publication_reviews_waiting(user):
    reviews = PublicationReview.objects.visible_to(user).filter(status=PublicationReviewStatus.PENDING)
    for review in reviews.select_related("manuscript"):
        yield Task(
            review.due_date,
            "publication",
            f"Review manuscript “{review.manuscript.title}”",
            "cleared by lapse if unanswered by the deadline",
            review.manuscript.get_absolute_url(),
        )
