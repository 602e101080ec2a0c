from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from core import roles
from core.history import history_for
from core.views_helpers import call_service, is_htmx, paginate, require_editor
from people import services
from people.filters import PlacementFilter
from people.forms import PlacementForm
from people.models import Person, Placement
from people.selectors import placements_for_list


def _filtered(request):
    placements = placements_for_list(request.user).order_by("-start_date", "pk")
    return PlacementFilter(request.GET, queryset=placements, request=request)


@login_required
def placement_list(request):
    filterset = _filtered(request)
    page = paginate(request, filterset.qs)
    context = {"filter": filterset, "page_obj": page, "total": page.paginator.count}
    template = "people/_placement_results.html" if is_htmx(request) else "people/placement_list.html"
    return render(request, template, context)


def _visible(request, pk) -> Placement:
    return get_object_or_404(placements_for_list(request.user), pk=pk)


@login_required
def placement_detail(request, pk):
    placement = _visible(request, pk)
    context = {
        "placement": placement,
        "person_visible": Person.objects.visible_to(request.user).filter(pk=placement.person_id).exists(),
        "history": history_for(placement, request.user)[:100],
        "can_edit": roles.can_edit(request.user),
    }
    return render(request, "people/placement_detail.html", context)


@login_required
def placement_create(request):
    require_editor(request.user)
    initial = {}
    if (person_id := request.GET.get("person", "").strip()) and person_id.isascii() and person_id.isdecimal():
        initial["person"] = Person.objects.visible_to(request.user).filter(pk=person_id).first()
    form = PlacementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        placement = call_service(form, services.placement_create, actor=request.user, data=form.service_data())
        if placement:
            messages.success(request, "Placement saved.")
            return redirect(placement)
    return render(request, "people/placement_form.html", {"form": form})


@login_required
def placement_update(request, pk):
    placement = _visible(request, pk)
    require_editor(request.user)
    form = PlacementForm(request.POST or None, instance=placement)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.placement_update,
            placement=placement,
            actor=request.user,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )
        if saved:
            messages.success(request, "Placement saved.")
            return redirect(saved)
    return render(request, "people/placement_form.html", {"form": form, "placement": placement})
