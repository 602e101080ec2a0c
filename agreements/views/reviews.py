"""Review rounds as partners see them: what waits for them, the terms as sent, comments, decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from agreements import selectors
from agreements.filters import ReviewRoundFilter
from agreements.forms import CommentForm, DecisionForm
from agreements.models import (
    Agreement,
    PublicationReview,
    PublicationReviewStatus,
    ReviewComment,
    ReviewRound,
    ReviewStatus,
)
from agreements.services import review_comment, review_decide
from core import roles
from core.views_helpers import call_service, flash_errors, is_htmx, visible_or_404
from partnerships.models import Organization

DECIDED_SHOWN = 50  # the page lists the latest decided rounds; the export holds them all


def _round(request, pk, round_pk) -> ReviewRound:
    agreement = visible_or_404(Agreement, request.user, pk=pk)
    return get_object_or_404(
        ReviewRound.objects.visible_to(request.user).select_related("agreement", "organization", "document", "sent_by"),
        pk=round_pk,
        agreement=agreement,
    )


def _is_reviewer(user, review_round) -> bool:
    return review_round.organization_id in roles.liaison_organization_ids(user)


@login_required
def review_list(request):
    """For a liaison, "Reviews for Acme": what waits for them. For the office, every open round.

    The filters narrow the rounds (and their export); manuscripts to review always show.
    """
    filterset = ReviewRoundFilter(request.GET, queryset=selectors.review_rounds_for_list(request.user), request=request)
    rounds = filterset.qs
    organizations = Organization.objects.filter(pk__in=roles.liaison_organization_ids(request.user)).order_by("name")
    context = {
        "filter": filterset,
        "waiting": rounds.filter(status=ReviewStatus.OPEN),
        "decided": rounds.exclude(status=ReviewStatus.OPEN)[:DECIDED_SHOWN],
        "decided_shown": DECIDED_SHOWN,
        "organizations": [organization.name for organization in organizations],
        "today": timezone.localdate(),
    }
    if is_htmx(request):
        return render(request, "agreements/_review_results.html", context)
    context["publication_reviews"] = (
        PublicationReview.objects.visible_to(request.user)
        .filter(status=PublicationReviewStatus.PENDING)
        .select_related("manuscript", "organization")
        .order_by("due_date")
    )
    return render(request, "agreements/review_list.html", context)


@login_required
def review_detail(request, pk, round_pk):
    review_round = _round(request, pk, round_pk)
    agreement = review_round.agreement
    others = ReviewRound.objects.visible_to(request.user).filter(agreement=agreement).exclude(pk=review_round.pk)
    compare_with = request.GET.get("compare", "previous")
    if compare_with == "current" and roles.is_internal(request.user):
        baseline_label, baseline = "the current draft", selectors.effective_terms_snapshot(agreement)
        changes = selectors.comparison(review_round.terms, baseline)
    else:
        previous = others.filter(number__lt=review_round.number).order_by("-number").first()
        baseline_label = f"round {previous.number}" if previous else None
        changes = selectors.comparison(previous.terms, review_round.terms) if previous else []
    is_reviewer = _is_reviewer(request.user, review_round)
    context = {
        "review_round": review_round,
        "agreement": agreement,
        "term_groups": selectors.snapshot_rows(review_round.terms),
        "comments": ReviewComment.objects.visible_to(request.user)
        .filter(review_round=review_round)
        .select_related("author"),
        "changes": changes,
        "baseline_label": baseline_label,
        "compare_with": compare_with,
        "can_comment": review_round.status == ReviewStatus.OPEN and (is_reviewer or roles.can_edit(request.user)),
        "can_decide": review_round.status == ReviewStatus.OPEN and is_reviewer,
        "comment_form": CommentForm(),
        "decision_form": DecisionForm(),
        "show_internal": roles.is_internal(request.user),
    }
    return render(request, "agreements/review_detail.html", context)


@login_required
@require_POST
def comment_add(request, pk, round_pk):
    review_round = _round(request, pk, round_pk)
    if not (roles.can_edit(request.user) or _is_reviewer(request.user, review_round)):
        raise PermissionDenied("Only the office and the reviewing party comment on this round.")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the terms the comment is about and write it.")
    elif not call_service(form, review_comment, review_round=review_round, actor=request.user, **form.cleaned_data):
        flash_errors(request, form)
    return redirect("agreements:review-detail", pk=pk, round_pk=round_pk)


@login_required
@require_POST
def decision(request, pk, round_pk):
    review_round = _round(request, pk, round_pk)
    if not _is_reviewer(request.user, review_round):
        raise PermissionDenied("Only a liaison of the reviewing party decides this round.")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Approve, or request changes.")
    elif decided := call_service(
        form, review_decide, review_round=review_round, actor=request.user, **form.cleaned_data
    ):
        messages.success(request, f"Round {decided.number}: {decided.get_status_display().lower()}.")
    else:
        flash_errors(request, form)
    return redirect("agreements:review-detail", pk=pk, round_pk=round_pk)
