"""Manuscripts under an agreement's publication terms, and each reviewing party's answer."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from agreements import dates
from agreements.models import Agreement, Manuscript, PublicationReview, PublicationReviewStatus
from agreements.services.documents import MAX_DOCUMENT_BYTES, detect_type
from core import roles
from core.history import record_change, record_changes
from partnerships.models import OrganizationKind

R = PublicationReviewStatus
ACADEMIC_KINDS = (OrganizationKind.UNIVERSITY, OrganizationKind.RESEARCH_INSTITUTE)


def _check_document(uploaded_file) -> None:
    if uploaded_file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": f"The file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB."})
    data = uploaded_file.read()
    uploaded_file.seek(0)
    if detect_type(data[:8], data) is None:
        raise ValidationError({"file": "Upload a PDF or a Word (DOCX) document; this file is neither."})


@transaction.atomic
def manuscript_submit(
    *,
    agreement: Agreement,
    actor,
    title: str,
    authors: str,
    venue: str = "",
    planned_submission_date=None,
    uploaded_file=None,
    submitted_on=None,
) -> Manuscript:
    """Submit a manuscript for review by every non-academic party, with deadlines from the terms."""
    from agreements.selectors import effective_terms_snapshot

    agreement = Agreement.objects.select_related("parent").get(pk=agreement.pk)  # the terms as stored now
    terms = effective_terms_snapshot(agreement)
    if terms["publication_review_days"] is None:
        raise ValidationError("The agreement does not settle a review period; settle the publication terms first.")
    reviewers = [
        party.organization
        for party in agreement.parties.select_related("organization")
        if party.organization.kind not in ACADEMIC_KINDS
    ]
    if not reviewers:
        raise ValidationError("No party of this agreement reviews publications.")
    submitted_on = submitted_on or timezone.localdate()
    manuscript = Manuscript(
        agreement=agreement,
        title=title,
        authors=authors,
        venue=venue,
        planned_submission_date=planned_submission_date,
        submitted_for_review_on=submitted_on,
        review_period_days=terms["publication_review_days"],
        allowed_delay_days=terms["patent_delay_days"] or 0,
        submitted_by=actor,
    )
    if uploaded_file is not None:
        _check_document(uploaded_file)
        manuscript.original_name = uploaded_file.name.replace("\\", "/").rsplit("/", 1)[-1][:255]
        manuscript.file.save("manuscript", uploaded_file, save=False)
    manuscript.full_clean()
    manuscript.save()
    due = dates.review_due(submitted_on, manuscript.review_period_days)
    PublicationReview.objects.bulk_create(
        PublicationReview(manuscript=manuscript, organization=organization, due_date=due) for organization in reviewers
    )
    record_change(
        actor=actor,
        target=agreement,
        action="manuscript submitted",
        summary=f"“{title}” for review by {', '.join(o.name for o in reviewers)}, due {due:%d %b %Y}",
    )
    return manuscript


@transaction.atomic
def publication_review_answer(
    *, review: PublicationReview, actor, action: str, delay_days: int | None = None, text: str = ""
) -> PublicationReview:
    review = PublicationReview.objects.select_for_update().select_related("manuscript").get(pk=review.pk)
    if review.organization_id not in roles.liaison_organization_ids(actor):
        raise ValidationError("Only a liaison of the reviewing party answers this review.")
    if review.status != R.PENDING:
        raise ValidationError(f"This review is closed: {review.get_status_display().lower()}.")
    manuscript = review.manuscript
    if action == "clear":
        review.status = R.CLEARED
    elif action == "request_removal":
        if not text.strip():
            raise ValidationError({"text": "Say which confidential information should be removed."})
        review.status = R.REMOVAL_REQUESTED
    elif action == "request_delay":
        if not delay_days or delay_days < 1:
            raise ValidationError({"delay_days": "Ask for a delay of at least one day."})
        if delay_days > manuscript.allowed_delay_days:
            raise ValidationError(
                {"delay_days": f"The agreement allows a patent delay of at most {manuscript.allowed_delay_days} days."}
            )
        review.status = R.DELAY_REQUESTED
        review.delay_days = delay_days
    else:
        raise ValidationError({"action": "Clear, ask for removals, or ask for a patent delay."})
    review.request_text = text.strip()
    review.answered_on = timezone.localdate()
    review.answered_by = actor
    review.save()
    record_change(
        actor=actor,
        target=manuscript.agreement,
        action="publication review answered",
        summary=f"{review.organization}: {review.get_status_display()} on “{manuscript.title}”",
    )
    return review


@transaction.atomic
def publication_review_resolve(*, review: PublicationReview, actor, resolution: str) -> PublicationReview:
    """The office confirms the confidential information was removed: the review then counts as cleared."""
    review = PublicationReview.objects.select_for_update().get(pk=review.pk)
    if not roles.can_edit(actor):
        raise ValidationError("Only the office resolves a removal request.")
    if review.status != R.REMOVAL_REQUESTED:
        raise ValidationError("Only a removal request is resolved.")
    if not resolution.strip():
        raise ValidationError({"resolution": "Say what was removed or changed."})
    review.status = R.CLEARED
    review.resolution = resolution.strip()
    review.resolved_at = timezone.now()
    review.save(update_fields=["status", "resolution", "resolved_at"])
    record_change(actor=actor, target=review.manuscript.agreement, action="removal resolved", summary=resolution[:300])
    return review


@transaction.atomic
def publication_reviews_lapse(*, today=None) -> int:
    """Clear by lapse every review still unanswered after its deadline, each recorded on its
    agreement's history as done by the system. Safe to run twice: the rows are locked, so a
    second run waits and then finds none pending."""
    today = today or timezone.localdate()
    lapsing = list(
        PublicationReview.objects.select_for_update(of=("self",))
        .filter(status=R.PENDING, due_date__lt=today)
        .select_related("organization", "manuscript__agreement")
        .order_by("pk")
    )
    if not lapsing:
        return 0
    PublicationReview.objects.filter(pk__in=[review.pk for review in lapsing]).update(
        status=R.LAPSED, answered_on=today
    )
    record_changes(
        actor=None,
        action="publication review lapsed",
        entries=[
            (
                review.manuscript.agreement,
                f"{review.organization}: “{review.manuscript.title}” cleared by lapse, "
                f"unanswered at its deadline of {review.due_date:%d %b %Y}",
            )
            for review in lapsing
        ],
    )
    return len(lapsing)


def manuscript_standing(manuscript: Manuscript, reviews: list[PublicationReview] | None = None) -> dict:
    """Where a manuscript stands, in plain words, and the date it may be submitted.

    Lists pass the reviews they prefetched (with their organizations), to avoid a query per row.
    """
    if reviews is None:
        reviews = list(manuscript.reviews.select_related("organization"))
    answers = [(r.status, r.answered_on, r.delay_days) for r in reviews]
    release = dates.release_date(manuscript.submitted_for_review_on, manuscript.review_period_days, answers)
    waiting = [r.organization.name for r in reviews if r.status in (R.PENDING, R.REMOVAL_REQUESTED)]
    if any(r.status == R.REMOVAL_REQUESTED for r in reviews):
        words = "A partner asked for confidential information to be removed; the office resolves it before release."
    elif waiting:
        words = f"Waiting for {', '.join(waiting)}. If no answer comes, the review clears itself on the deadline."
    else:
        words = "Every partner has answered."
    return {"release_date": release, "summary": words, "reviews": reviews}
