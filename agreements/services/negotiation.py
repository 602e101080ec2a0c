from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from agreements.models import (
    Activity,
    Agreement,
    AgreementStatus,
    BallChange,
    BallHolder,
    ReviewComment,
    ReviewRound,
    ReviewStatus,
)
from agreements.services.agreements import FROZEN_STATUSES, _move
from agreements.terms import TERM_GROUP_CHOICES, is_allowed
from core import roles
from core.concurrency import lock_for_update
from core.history import record_change

ACTIVITY_FIELDS = ["kind", "occurred_on", "summary", "internal", "follow_up_on"]


@transaction.atomic
def activity_log(*, agreement: Agreement, actor, data: dict) -> Activity:
    activity = Activity(
        agreement=agreement, created_by=actor, **{name: data[name] for name in ACTIVITY_FIELDS if name in data}
    )
    activity.full_clean()
    if activity.follow_up_on and activity.follow_up_on < activity.occurred_on:
        raise ValidationError({"follow_up_on": "A follow-up comes after the activity."})
    activity.save()
    record_change(
        actor=actor,
        target=agreement,
        action="activity logged",
        summary=f"{activity.get_kind_display()}: {activity.summary[:200]}",
    )
    return activity


@transaction.atomic
def activity_follow_up_done(*, activity: Activity, actor) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.follow_up_on is None or activity.follow_up_done:
        raise ValidationError("There is no open follow-up on this activity.")
    activity.follow_up_done = True
    activity.save(update_fields=["follow_up_done"])
    record_change(actor=actor, target=activity.agreement, action="follow-up done", summary=activity.summary[:200])
    return activity


def _is_reviewer(actor, review_round: ReviewRound) -> bool:
    return roles.can_edit(actor) or review_round.organization_id in roles.liaison_organization_ids(actor)


@transaction.atomic
def review_send(*, agreement: Agreement, organization, actor, due_date, message: str = "") -> ReviewRound:
    """Send the current terms and document to one party's liaisons, and pass them the ball."""
    agreement = lock_for_update(Agreement, pk=agreement.pk, expected_version=None, label="agreement")
    if agreement.status in FROZEN_STATUSES:
        raise ValidationError("This agreement is no longer negotiated.")
    if not agreement.parties.filter(organization=organization).exists():
        raise ValidationError({"organization": f"{organization} is not a party to this agreement."})
    if due_date <= timezone.localdate():
        raise ValidationError({"due_date": "The due date must be in the future."})
    if agreement.review_rounds.filter(organization=organization, status=ReviewStatus.OPEN).exists():
        raise ValidationError(
            {"organization": f"{organization} already has a review round open; wait for it or withdraw it."}
        )
    from agreements.selectors import effective_terms_snapshot

    number = (agreement.review_rounds.aggregate(latest=Max("number"))["latest"] or 0) + 1
    review_round = ReviewRound.objects.create(
        agreement=agreement,
        organization=organization,
        number=number,
        terms=effective_terms_snapshot(agreement),
        document=agreement.documents.order_by("-number").first(),
        message=message,
        due_date=due_date,
        sent_by=actor,
    )
    if agreement.status != AgreementStatus.PARTNER_REVIEW and is_allowed(
        agreement.status, AgreementStatus.PARTNER_REVIEW
    ):
        _move(agreement, AgreementStatus.PARTNER_REVIEW, actor, f"Round {number} sent to {organization}")
    if agreement.ball_holder != BallHolder.SPONSOR:
        BallChange.objects.create(
            agreement=agreement, holder=BallHolder.SPONSOR, actor=actor, note=f"Round {number} sent"
        )
        agreement.ball_holder = BallHolder.SPONSOR
        agreement.save(update_fields=["ball_holder", "updated_at"])
    record_change(
        actor=actor,
        target=agreement,
        action="review sent",
        summary=f"Round {number} to {organization}, due {due_date:%d %b %Y}",
    )
    return review_round


@transaction.atomic
def review_comment(
    *, review_round: ReviewRound, actor, term_group: str, body: str, internal: bool = False
) -> ReviewComment:
    review_round = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    if not _is_reviewer(actor, review_round):
        raise ValidationError("Only the office or this party's liaisons comment on this round.")
    if review_round.status != ReviewStatus.OPEN:
        raise ValidationError("This round is closed; comments go on the next round.")
    if term_group not in dict(TERM_GROUP_CHOICES):
        raise ValidationError({"term_group": "Choose which terms the comment is about."})
    if not body.strip():
        raise ValidationError({"body": "Write the comment."})
    # Partners never write internal comments; only the office keeps notes from them.
    comment = ReviewComment.objects.create(
        review_round=review_round,
        term_group=term_group,
        body=body.strip(),
        author=actor,
        internal=internal and roles.is_internal(actor),
    )
    return comment


@transaction.atomic
def review_decide(*, review_round: ReviewRound, actor, decision: str, note: str = "") -> ReviewRound:
    review_round = (
        ReviewRound.objects.select_for_update().select_related("agreement", "organization").get(pk=review_round.pk)
    )
    if review_round.organization_id not in roles.liaison_organization_ids(actor):
        raise ValidationError("Only a liaison of the reviewing party approves or requests changes.")
    if review_round.status != ReviewStatus.OPEN:
        raise ValidationError(f"This round was already decided: {review_round.get_status_display().lower()}.")
    if decision not in (ReviewStatus.APPROVED, ReviewStatus.CHANGES_REQUESTED):
        raise ValidationError({"decision": "Approve, or request changes."})
    if decision == ReviewStatus.CHANGES_REQUESTED and not (note.strip() or review_round.comments.exists()):
        raise ValidationError({"note": "Say what should change, here or in comments on the terms."})
    review_round.status = decision
    review_round.decided_by = actor
    review_round.decided_at = timezone.now()
    review_round.decision_note = note.strip()
    review_round.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    agreement = Agreement.objects.select_for_update().get(pk=review_round.agreement_id)
    if agreement.ball_holder != BallHolder.TTO:
        BallChange.objects.create(
            agreement=agreement,
            holder=BallHolder.TTO,
            actor=actor,
            note=f"Round {review_round.number} {review_round.get_status_display().lower()}",
        )
        agreement.ball_holder = BallHolder.TTO
        agreement.save(update_fields=["ball_holder", "updated_at"])
    record_change(
        actor=actor,
        target=agreement,
        action="review decided",
        summary=f"Round {review_round.number}: {review_round.get_status_display()} ({review_round.organization})",
    )
    return review_round


@transaction.atomic
def review_withdraw(*, review_round: ReviewRound, actor) -> ReviewRound:
    review_round = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    if review_round.status != ReviewStatus.OPEN:
        raise ValidationError("Only an open round can be withdrawn.")
    review_round.status = ReviewStatus.WITHDRAWN
    review_round.save(update_fields=["status"])
    record_change(actor=actor, target=review_round.agreement, action="review withdrawn", summary=str(review_round))
    return review_round
