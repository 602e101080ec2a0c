from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core import roles
from core.history import history_for
from core.querysets import VisiblePrefetch
from core.tabs import tab_counts
from core.views_helpers import (
    call_service,
    flash_errors,
    is_htmx,
    render_list,
    require_editor,
    visible_or_404,
)
from partnerships import selectors, services
from partnerships.filters import PartnershipFilter
from partnerships.forms import (
    FundingForm,
    MemberForm,
    MilestoneForm,
    MilestoneStatusForm,
    MoneyLineForm,
    PartnershipCreateForm,
    PartnershipForm,
    PhaseChangeForm,
)
from partnerships.models import (
    FundingCommitment,
    Instalment,
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipMember,
    Payment,
)
from partnerships.views.tabs import partnership_page_tabs


def _filtered(request):
    return PartnershipFilter(request.GET, queryset=selectors.partnerships_for_list(request.user), request=request)


@login_required
def partnership_list(request):
    return render_list(
        request,
        _filtered(request),
        page_template="partnerships/partnership_list.html",
        results_template="partnerships/_partnership_results.html",
    )


def _detail_context(request, partnership, **forms):
    user = request.user
    funding = FundingCommitment.objects.visible_to(user).filter(partnership=partnership)
    editor = roles.can_edit(user)
    context = {
        "partnership": partnership,
        "members": PartnershipMember.objects.visible_to(user)
        .filter(partnership=partnership)
        .select_related("organization")
        .order_by("role", "organization__name"),
        "milestones": Milestone.objects.visible_to(user)
        .filter(partnership=partnership)
        .select_related("owner")
        .with_overdue(),
        "tabs": (tabs := partnership_page_tabs(user, partnership, internal=roles.is_internal(user))),
        "tab_counts": tab_counts(tabs),
        "funding_totals": selectors.funding_totals(funding),
        "commitments": selectors.commitments_with_received(funding).prefetch_related(
            VisiblePrefetch("payments", model=Payment, user=user),
            VisiblePrefetch("instalments", model=Instalment, user=user),
        ),
        "show_internal": roles.is_internal(user),
        "history": history_for(partnership, user)[:100],
        "can_edit": editor,
        "milestone_statuses": MilestoneStatus.choices,
    }
    if editor:
        context.update(
            {
                "member_form": MemberForm(partnership=partnership),
                "milestone_form": MilestoneForm(),
                "phase_form": PhaseChangeForm(initial={"version": partnership.version}),
                "money_form": MoneyLineForm(),
            }
        )
    context.update(forms)
    return context


@login_required
def partnership_detail(request, pk):
    partnership = visible_or_404(Partnership, request.user, pk=pk)
    return render(request, "partnerships/partnership_detail.html", _detail_context(request, partnership))


def _with_new_areas(*, service, form, **kwargs):
    """`service` given the form's data, the research areas it names new created on the way."""
    with transaction.atomic():  # new research areas stand or fall with the partnership
        data = form.service_data()
        new_areas = services.research_areas_ensure(names=form.research_area_names())
        data["research_areas"] = [*data["research_areas"], *new_areas]
        return service(data=data, **kwargs)


@login_required
def partnership_create(request):
    require_editor(request.user)
    form = PartnershipCreateForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        partnership = call_service(
            form,
            _with_new_areas,
            service=services.partnership_create,
            form=form,
            actor=request.user,
            members=form.members(),
            phase=form.cleaned_data["phase"],
        )
        if partnership:
            messages.success(request, f"“{partnership.title}” was created.")
            return redirect("partnerships:partnership-detail", pk=partnership.pk)
    return render(request, "partnerships/partnership_form.html", {"form": form})


@login_required
def partnership_update(request, pk):
    partnership = visible_or_404(Partnership, request.user, pk=pk)
    require_editor(request.user)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            _with_new_areas,
            service=services.partnership_update,
            form=form,
            partnership=partnership,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if saved:
            messages.success(request, f"“{saved.title}” was saved.")
            return redirect("partnerships:partnership-detail", pk=saved.pk)
    return render(request, "partnerships/partnership_form.html", {"form": form, "partnership": partnership})


def _editable(request, pk) -> Partnership:
    """The partnership for a write: 404 when not visible, 403 when visible but read-only."""
    partnership = visible_or_404(Partnership, request.user, pk=pk)
    require_editor(request.user)
    return partnership


def _fragment(request, partnership, template: str, form=None, **context):
    """htmx gets the refreshed card; a plain form post goes back to the page with any errors."""
    if is_htmx(request):
        return render(request, template, _detail_context(request, partnership, **context))
    if form is not None:
        flash_errors(request, form)
    return redirect("partnerships:partnership-detail", pk=partnership.pk)


@login_required
@require_POST
def partnership_change_phase(request, pk):
    partnership = _editable(request, pk)
    form = PhaseChangeForm(request.POST)
    if form.is_valid() and (
        change := call_service(
            form,
            services.partnership_change_phase,
            partnership=partnership,
            to_phase=form.cleaned_data["to_phase"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    ):
        messages.success(request, f"Phase changed to {change.get_to_phase_display()}.")
        return redirect("partnerships:partnership-detail", pk=partnership.pk)
    context = _detail_context(request, partnership, phase_form=form)
    return render(request, "partnerships/partnership_detail.html", context, status=400)


@login_required
@require_POST
def member_add(request, pk):
    partnership = _editable(request, pk)
    form = MemberForm(request.POST, partnership=partnership)
    if form.is_valid() and call_service(
        form, services.partnership_member_add, partnership=partnership, actor=request.user, **form.cleaned_data
    ):
        form = MemberForm(partnership=partnership)
    return _fragment(request, partnership, "partnerships/_members.html", form, member_form=form)


@login_required
@require_POST
def member_remove(request, pk, member_pk):
    partnership = _editable(request, pk)
    member = get_object_or_404(partnership.members.select_related("organization"), pk=member_pk)
    try:
        services.partnership_member_remove(member=member, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.organization} is no longer a member.")
    return redirect("partnerships:partnership-detail", pk=partnership.pk)


@login_required
@require_POST
def milestone_add(request, pk):
    partnership = _editable(request, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid() and call_service(
        form, services.milestone_create, partnership=partnership, actor=request.user, data=form.cleaned_data
    ):
        form = MilestoneForm()
    return _fragment(request, partnership, "partnerships/_milestones.html", form, milestone_form=form)


@login_required
@require_POST
def milestone_status(request, pk, milestone_pk):
    partnership = _editable(request, pk)
    milestone = visible_or_404(Milestone, request.user, pk=milestone_pk, partnership=partnership)
    form = MilestoneStatusForm(request.POST)
    if form.is_valid():
        services.milestone_update(milestone=milestone, actor=request.user, data={"status": form.cleaned_data["status"]})
    return _fragment(request, partnership, "partnerships/_milestones.html", form)


@login_required
def funding_create(request, pk):
    partnership = _editable(request, pk)
    return _funding_form(request, partnership, FundingForm(request.POST or None, partnership=partnership))


@login_required
def funding_update(request, pk, funding_pk):
    partnership = _editable(request, pk)
    commitment = visible_or_404(FundingCommitment, request.user, pk=funding_pk, partnership=partnership)
    form = FundingForm(request.POST or None, instance=commitment, partnership=partnership)
    return _funding_form(request, partnership, form, commitment)


def _funding_form(request, partnership, form, commitment=None):
    if request.method == "POST" and form.is_valid():
        if commitment is None:
            saved = call_service(
                form, services.funding_create, partnership=partnership, actor=request.user, data=form.service_data()
            )
        else:
            saved = call_service(
                form,
                services.funding_update,
                commitment=commitment,
                actor=request.user,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
            )
        if saved:
            messages.success(request, "Funding saved.")
            return redirect(f"{partnership.get_absolute_url()}#funding")
    context = {"form": form, "partnership": partnership, "commitment": commitment}
    return render(request, "partnerships/funding_form.html", context)


def _money_line(request, pk, funding_pk, service, date_argument: str, text_argument: str):
    partnership = _editable(request, pk)
    commitment = visible_or_404(FundingCommitment, request.user, pk=funding_pk, partnership=partnership)
    form = MoneyLineForm(request.POST)
    if form.is_valid() and call_service(
        form,
        service,
        commitment=commitment,
        actor=request.user,
        amount=form.cleaned_data["amount"],
        **{date_argument: form.cleaned_data["on"], text_argument: form.cleaned_data["note"]},
    ):
        form = MoneyLineForm()
    return _fragment(
        request, partnership, "partnerships/_funding.html", form, money_form=form, money_form_for=commitment.pk
    )


@login_required
@require_POST
def payment_add(request, pk, funding_pk):
    return _money_line(request, pk, funding_pk, services.payment_record, "received_on", "reference")


@login_required
@require_POST
def instalment_add(request, pk, funding_pk):
    return _money_line(request, pk, funding_pk, services.instalment_add, "due_date", "note")
