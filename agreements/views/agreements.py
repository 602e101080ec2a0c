from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from agreements import selectors, services, terms
from agreements.filters import AgreementFilter
from agreements.forms import (
    ActivityForm,
    AgreementCreateForm,
    AgreementForm,
    AmendmentForm,
    BallForm,
    DocumentForm,
    ReviewSendForm,
    SignForm,
    TransitionForm,
)
from agreements.models import (
    Activity,
    Agreement,
    AgreementParty,
    Amendment,
    BallChange,
    BallHolder,
    Deviation,
    Document,
    Manuscript,
    ReviewRound,
    StatusChange,
)
from core import roles
from core.history import history_for
from core.querysets import VisiblePrefetch
from core.views_helpers import call_service, flash_errors, is_htmx, render_list, require_editor, visible_or_404
from partnerships.models import Partnership


def _list_queryset(user):
    parties = AgreementParty.objects.select_related("organization").order_by("organization__name")
    return (
        Agreement.objects.visible_to(user)
        .select_related("partnership", "owner")
        .prefetch_related(VisiblePrefetch("parties", model=AgreementParty, user=user, queryset=parties))
    )


def _filtered(request):
    return AgreementFilter(request.GET, queryset=_list_queryset(request.user), request=request)


@login_required
def agreement_list(request):
    return render_list(
        request,
        _filtered(request),
        page_template="agreements/agreement_list.html",
        results_template="agreements/_agreement_results.html",
    )


def _detail_context(request, agreement, **extra):
    user = request.user
    editor = roles.can_edit(user)
    context = {
        "agreement": agreement,
        "parties": AgreementParty.objects.visible_to(user)
        .filter(agreement=agreement)
        .select_related("organization", "signatory"),
        "term_groups": selectors.term_rows(agreement),
        "ball_changes": BallChange.objects.visible_to(user).filter(agreement=agreement).select_related("actor"),
        "ball_days": [(BallHolder(holder).label, days) for holder, days in services.ball_days(agreement).items()],
        "activities": Activity.objects.visible_to(user).filter(agreement=agreement).select_related("created_by"),
        "documents": Document.objects.visible_to(user).filter(agreement=agreement).select_related("uploaded_by"),
        "review_rounds": ReviewRound.objects.visible_to(user)
        .filter(agreement=agreement)
        .select_related("organization", "sent_by", "decided_by"),
        "status_changes": StatusChange.objects.visible_to(user).filter(agreement=agreement).select_related("actor"),
        "amendments": Amendment.objects.visible_to(user)
        .filter(agreement=agreement)
        .select_related("document", "created_by"),
        "deviations": Deviation.objects.visible_to(user)
        .open()
        .filter(agreement=agreement)
        .select_related("playbook_version", "signed_off_by")
        .by_severity(),
        "can_sign_off": roles.is_admin(user),
        "visible_parent": Agreement.objects.visible_to(user).filter(pk=agreement.parent_id).first()
        if agreement.parent_id
        else None,
        "manuscripts": Manuscript.objects.visible_to(user).filter(agreement=agreement),
        "history": history_for(agreement, user)[:100],
        "show_internal": roles.is_internal(user),
        "can_edit": editor,
        "today": timezone.localdate(),
    }
    if editor:
        context.update(
            {
                "allowed_transitions": [
                    (s, terms.AgreementStatus(s).label) for s in terms.allowed_transitions(agreement.status)
                ],
                "transition_form": TransitionForm(initial={"version": agreement.version}),
                "ball_form": BallForm(),
                "activity_form": ActivityForm(),
                "document_form": DocumentForm(),
                "review_form": ReviewSendForm(agreement=agreement),
                "amendment_form": AmendmentForm(agreement=agreement),
            }
        )
    context.update(extra)
    return context


@login_required
def agreement_detail(request, pk):
    agreement = visible_or_404(Agreement, request.user, pk=pk)
    return render(request, "agreements/agreement_detail.html", _detail_context(request, agreement))


@login_required
def agreement_create(request):
    require_editor(request.user)
    partnership_id = request.GET.get("partnership", "")
    if not (partnership_id.isascii() and partnership_id.isdecimal()):
        # An agreement lives inside a partnership: ask which one first.
        partnerships = Partnership.objects.visible_to(request.user).order_by("title")
        return render(request, "agreements/agreement_choose_partnership.html", {"partnerships": partnerships})
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), pk=partnership_id)
    form = AgreementCreateForm(request.POST or None, partnership=partnership, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        preset = form.cleaned_data["preset"] or None
        if preset:
            # Terms left empty on the form come from the preset; the ones typed win.
            data = {name: value for name, value in data.items() if name not in terms.TERM_FIELDS or value is not None}
        agreement = call_service(
            form,
            services.agreement_create,
            partnership=partnership,
            actor=request.user,
            data=data,
            preset=preset,
            parties=[(organization, None) for organization in form.cleaned_data["parties"]],
        )
        if agreement:
            messages.success(request, f"{agreement.reference} was drafted.")
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form, "partnership": partnership})


def _editable(request, pk) -> Agreement:
    """The agreement for a write: 404 when not visible, 403 when visible but read-only."""
    agreement = visible_or_404(Agreement, request.user, pk=pk)
    require_editor(request.user)
    return agreement


@login_required
def agreement_update(request, pk):
    agreement = _editable(request, pk)
    form = AgreementForm(request.POST or None, instance=agreement, partnership=agreement.partnership)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.agreement_update,
            agreement=agreement,
            actor=request.user,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )
        if saved:
            messages.success(request, f"{saved.reference} was saved.")
            return redirect(saved)
    return render(
        request,
        "agreements/agreement_form.html",
        {"form": form, "agreement": agreement, "partnership": agreement.partnership},
    )


@login_required
@require_POST
def agreement_transition(request, pk):
    agreement = _editable(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid() and (
        change := call_service(
            form,
            services.agreement_transition,
            agreement=agreement,
            to_status=form.cleaned_data["to_status"],
            actor=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    ):
        messages.success(request, f"Now {change.get_to_status_display().lower()}.")
    else:
        flash_errors(request, form)
    return redirect(agreement)


@login_required
@require_POST
def agreement_pass_ball(request, pk):
    agreement = _editable(request, pk)
    form = BallForm(request.POST)
    if not (
        form.is_valid()
        and call_service(
            form, services.agreement_pass_ball, agreement=agreement, actor=request.user, **form.cleaned_data
        )
    ):
        flash_errors(request, form)
    return redirect(f"{agreement.get_absolute_url()}#negotiation")


@login_required
@require_POST
def party_sign(request, pk, party_pk):
    agreement = _editable(request, pk)
    party = get_object_or_404(agreement.parties.select_related("organization"), pk=party_pk)
    form = SignForm(request.POST, organization=party.organization)
    if not (
        form.is_valid()
        and call_service(form, services.party_sign, party=party, actor=request.user, **form.cleaned_data)
    ):
        flash_errors(request, form)
    return redirect(agreement)


@login_required
@require_POST
def activity_add(request, pk):
    agreement = _editable(request, pk)
    form = ActivityForm(request.POST)
    if form.is_valid() and call_service(
        form, services.activity_log, agreement=agreement, actor=request.user, data=form.cleaned_data
    ):
        form = ActivityForm()
    if is_htmx(request):
        return render(request, "agreements/_activities.html", _detail_context(request, agreement, activity_form=form))
    flash_errors(request, form)
    return redirect(f"{agreement.get_absolute_url()}#negotiation")


@login_required
@require_POST
def activity_done(request, pk, activity_pk):
    agreement = _editable(request, pk)
    activity = get_object_or_404(agreement.activities, pk=activity_pk)
    try:
        services.activity_follow_up_done(activity=activity, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if is_htmx(request):
        return render(request, "agreements/_activities.html", _detail_context(request, agreement))
    return redirect(f"{agreement.get_absolute_url()}#negotiation")


@login_required
@require_POST
def document_upload(request, pk):
    agreement = _editable(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid() and (
        document := call_service(
            form,
            services.document_upload,
            agreement=agreement,
            actor=request.user,
            uploaded_file=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )
    ):
        messages.success(request, f"Version {document.number} uploaded.")
    else:
        flash_errors(request, form)
    return redirect(f"{agreement.get_absolute_url()}#documents")


@login_required
def document_download(request, pk, document_pk):
    agreement = visible_or_404(Agreement, request.user, pk=pk)
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=document_pk, agreement=agreement)
    content_type = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }[document.file_type]
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this version is missing from storage.") from None
    return FileResponse(handle, as_attachment=True, filename=document.original_name, content_type=content_type)


@login_required
@require_POST
def review_send(request, pk):
    agreement = _editable(request, pk)
    form = ReviewSendForm(request.POST, agreement=agreement)
    if form.is_valid() and (
        review_round := call_service(
            form, services.review_send, agreement=agreement, actor=request.user, **form.cleaned_data
        )
    ):
        messages.success(request, f"Round {review_round.number} sent to {review_round.organization}.")
        return redirect(review_round_url(review_round))
    flash_errors(request, form)
    return redirect(f"{agreement.get_absolute_url()}#reviews")


def review_round_url(review_round) -> str:
    return reverse("agreements:review-detail", args=[review_round.agreement_id, review_round.pk])


@login_required
@require_POST
def amendment_add(request, pk):
    agreement = _editable(request, pk)
    form = AmendmentForm(request.POST, agreement=agreement)
    if form.is_valid() and (
        amendment := call_service(
            form, services.amendment_record, agreement=agreement, actor=request.user, **form.cleaned_data
        )
    ):
        messages.success(request, f"{amendment} recorded.")
    else:
        flash_errors(request, form)
    return redirect(agreement)
