"""Manuscripts under review: the principal investigator's view and the partners' answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agreements import services
from agreements.forms import ManuscriptForm, PublicationAnswerForm, ResolutionForm
from agreements.models import Agreement, Manuscript, PublicationReview
from core import roles
from core.views_helpers import call_service, flash_errors, require_editor, visible_or_404


@login_required
def manuscript_create(request, pk):
    agreement = visible_or_404(Agreement, request.user, pk=pk)
    require_editor(request.user)
    form = ManuscriptForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        manuscript = call_service(
            form,
            services.manuscript_submit,
            agreement=agreement,
            actor=request.user,
            title=data["title"],
            authors=data["authors"],
            venue=data["venue"],
            planned_submission_date=data["planned_submission_date"],
            uploaded_file=data["file"],
        )
        if manuscript:
            messages.success(request, "Submitted for partner review.")
            return redirect(manuscript)
    return render(request, "agreements/manuscript_form.html", {"form": form, "agreement": agreement})


@login_required
def manuscript_detail(request, manuscript_pk):
    manuscript = visible_or_404(Manuscript, request.user, pk=manuscript_pk)
    standing = services.manuscript_standing(manuscript)
    organizations = roles.liaison_organization_ids(request.user)
    reviews = [
        review
        for review in standing["reviews"]
        if roles.is_internal(request.user) or review.organization_id in organizations
    ]
    context = {
        "manuscript": manuscript,
        "standing": standing,
        "reviews": reviews,
        "answer_form": PublicationAnswerForm(),
        "resolution_form": ResolutionForm(),
        "my_organizations": organizations,
        "can_edit": roles.can_edit(request.user),
        "show_internal": roles.is_internal(request.user),
    }
    return render(request, "agreements/manuscript_detail.html", context)


def _review(request, review_pk) -> PublicationReview:
    return get_object_or_404(
        PublicationReview.objects.visible_to(request.user).select_related("manuscript"), pk=review_pk
    )


@login_required
@require_POST
def publication_answer(request, review_pk):
    review = _review(request, review_pk)
    if review.organization_id not in roles.liaison_organization_ids(request.user):
        raise PermissionDenied("Only a liaison of the reviewing party answers this review.")
    form = PublicationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an answer.")
    elif call_service(form, services.publication_review_answer, review=review, actor=request.user, **form.cleaned_data):
        messages.success(request, "Your answer was recorded.")
    else:
        flash_errors(request, form)
    return redirect(review.manuscript)


@login_required
@require_POST
def publication_resolve(request, review_pk):
    review = _review(request, review_pk)
    require_editor(request.user)
    form = ResolutionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what was removed or changed.")
    elif not call_service(
        form, services.publication_review_resolve, review=review, actor=request.user, **form.cleaned_data
    ):
        flash_errors(request, form)
    return redirect(review.manuscript)
