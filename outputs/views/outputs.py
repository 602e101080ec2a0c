from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import roles
from core.history import history_for
from core.querysets import VisiblePrefetch
from core.views_helpers import call_service, render_list, require_editor, visible_or_404
from outputs import services
from outputs.filters import OutputFilter
from outputs.forms import IncomeForm, OutputForm
from outputs.models import LICENCE_INCOME_KINDS, LicenceIncome, Output
from people.models import Person


def outputs_for_list(user):
    """Outputs with what a row shows, in a fixed number of queries whatever the page size."""
    # Authors a liaison may not see as records are left off the row, as everywhere else.
    people = Person.objects.order_by("last_name", "first_name")
    return (
        Output.objects.visible_to(user)
        .select_related("partnership", "agreement", "licensee")
        .prefetch_related(VisiblePrefetch("people", model=Person, user=user, queryset=people))
        .with_licence_income()
        .order_by("-date", "-pk")
    )


def _filtered(request):
    return OutputFilter(request.GET, queryset=outputs_for_list(request.user), request=request)


@login_required
def output_list(request):
    return render_list(
        request,
        _filtered(request),
        page_template="outputs/output_list.html",
        results_template="outputs/_output_results.html",
    )


@login_required
def output_detail(request, pk):
    output = visible_or_404(Output, request.user, pk=pk)
    return render(request, "outputs/output_detail.html", _detail_context(request, output))


def _detail_context(request, output, **extra):
    editor = roles.can_edit(request.user)
    context = {
        "output": output,
        "people": output.people.visible_to(request.user).order_by("last_name", "first_name"),
        "income": LicenceIncome.objects.visible_to(request.user).filter(output=output),
        "income_total": LicenceIncome.objects.filter(output=output, kind__in=LICENCE_INCOME_KINDS).aggregate(
            total=Sum("amount")
        )["total"],
        "history": history_for(output, request.user)[:100],
        "can_edit": editor,
    }
    if editor and output.is_licence:
        context["income_form"] = IncomeForm()
    context.update(extra)
    return context


@login_required
def output_create(request):
    require_editor(request.user)
    initial = {"partnership": request.GET.get("partnership"), "kind": request.GET.get("kind")}
    form = OutputForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        output = call_service(form, services.output_create, actor=request.user, data=form.service_data())
        if output:
            messages.success(request, f"“{output.title}” was recorded.")
            return redirect(output)
    return render(request, "outputs/output_form.html", {"form": form})


@login_required
def output_update(request, pk):
    output = visible_or_404(Output, request.user, pk=pk)
    require_editor(request.user)
    form = OutputForm(request.POST or None, instance=output, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.output_update,
            output=output,
            actor=request.user,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )
        if saved:
            messages.success(request, "Output saved.")
            return redirect(saved)
    return render(request, "outputs/output_form.html", {"form": form, "output": output})


@login_required
@require_POST
def income_add(request, pk):
    output = visible_or_404(Output, request.user, pk=pk)
    require_editor(request.user)
    form = IncomeForm(request.POST)
    if form.is_valid() and call_service(
        form, services.licence_income_add, output=output, actor=request.user, data=form.cleaned_data
    ):
        messages.success(request, "Income recorded.")
        return redirect(output)
    return render(request, "outputs/output_detail.html", _detail_context(request, output, income_form=form), status=400)
