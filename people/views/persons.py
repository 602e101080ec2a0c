import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import roles
from core.history import history_for
from core.tabs import page_tabs, render_tab
from core.views_helpers import call_service, render_list, require_editor
from partnerships.models import Partnership
from people import selectors, services
from people.filters import PersonFilter
from people.forms import AffiliationForm, EraseForm, ParticipationForm, PersonCreateForm, PersonForm
from people.models import Affiliation, Participation, Person, Placement


def _filtered(request):
    return PersonFilter(request.GET, queryset=selectors.people_for_list(request.user), request=request)


@login_required
def person_list(request):
    return render_list(
        request,
        _filtered(request),
        page_template="people/person_list.html",
        results_template="people/_person_results.html",
    )


def _detail_context(request, person, **forms):
    user = request.user
    editor = roles.can_edit(user)
    placement_related = ("home_organization", "host_organization", "partnership", "person")
    visible_placements = Placement.objects.visible_to(user).select_related(
        *placement_related, "academic_advisor", "industry_mentor"
    )
    context = {
        "person": person,
        "affiliations": Affiliation.objects.visible_to(user)
        .filter(person=person)
        .select_related("organization")
        .order_by("-start_date", "-pk"),
        "participations": Participation.objects.visible_to(user)
        .filter(person=person)
        .select_related("partnership")
        .order_by("partnership__title", "role"),
        "placements": selectors.placements_for(person, user),
        # Cards other apps register (core.tabs), loaded when shown: a person's outputs, say.
        "tabs": page_tabs(
            "person", user, person, own=[], url=lambda name: reverse("people:person-tab", args=[person.pk, name])
        ),
        "advised": visible_placements.filter(academic_advisor=person),
        "mentored": visible_placements.filter(industry_mentor=person),
        "conflicts": selectors.conflicts_of_interest(user=user, persons=Person.objects.filter(pk=person.pk)),
        "show_internal": roles.is_internal(user),
        "history": history_for(person, user)[:100],
        "can_edit": editor,
    }
    if editor and not person.is_erased:
        context.update({"affiliation_form": AffiliationForm(), "participation_form": ParticipationForm()})
    context.update(forms)
    return context


def _visible_person(request, pk) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user).with_contact_visibility(request.user), pk=pk)


@login_required
def person_detail(request, pk):
    person = _visible_person(request, pk)
    return render(request, "people/person_detail.html", _detail_context(request, person))


@login_required
def person_tab(request, pk, tab):
    person = _visible_person(request, pk)
    return render_tab(request, "person", tab, person, {"person": person})


@login_required
def person_create(request):
    require_editor(request.user)
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = call_service(
            form, services.person_create, actor=request.user, data=form.service_data(), affiliation=form.affiliation()
        )
        if person:
            messages.success(request, f"{person.full_name} was added.")
            return redirect(person)
    return render(request, "people/person_form.html", {"form": form})


def _editable(request, pk) -> Person:
    """The person for a write: 404 when not visible, 403 when visible but read-only."""
    person = _visible_person(request, pk)
    require_editor(request.user)
    return person


@login_required
def person_update(request, pk):
    person = _editable(request, pk)
    if person.is_erased:
        messages.error(request, "This person's personal data was erased; the record cannot be edited.")
        return redirect(person)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.person_update,
            person=person,
            actor=request.user,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )
        if saved:
            messages.success(request, f"{saved.full_name} was saved.")
            return redirect(saved)
    return render(request, "people/person_form.html", {"form": form, "person": person})


def _back(person, anchor: str):
    return redirect(f"{person.get_absolute_url()}{anchor}")


@login_required
@require_POST
def affiliation_add(request, pk):
    person = _editable(request, pk)
    form = AffiliationForm(request.POST)
    if form.is_valid() and call_service(
        form, services.affiliation_add, person=person, actor=request.user, data=form.cleaned_data
    ):
        messages.success(request, "Affiliation added.")
        return _back(person, anchor="#affiliations")
    return render(
        request, "people/person_detail.html", _detail_context(request, person, affiliation_form=form), status=400
    )


@login_required
@require_POST
def affiliation_remove(request, pk, affiliation_pk):
    person = _editable(request, pk)
    affiliation = get_object_or_404(person.affiliations.select_related("organization"), pk=affiliation_pk)
    try:
        services.affiliation_remove(affiliation=affiliation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Affiliation removed.")
    return _back(person, anchor="#affiliations")


@login_required
@require_POST
def participation_add(request, pk):
    person = _editable(request, pk)
    form = ParticipationForm(request.POST)
    if form.is_valid() and call_service(
        form, services.participation_add, person=person, actor=request.user, **form.cleaned_data
    ):
        messages.success(request, "Partnership role added.")
        return _back(person, anchor="#partnerships")
    return render(
        request, "people/person_detail.html", _detail_context(request, person, participation_form=form), status=400
    )


@login_required
@require_POST
def participation_remove(request, pk, participation_pk):
    person = _editable(request, pk)
    participation = get_object_or_404(person.participations.select_related("partnership"), pk=participation_pk)
    services.participation_remove(participation=participation, actor=request.user)
    messages.success(request, "Partnership role removed.")
    return _back(person, anchor="#partnerships")


@login_required
@require_POST
def person_data_export(request, pk):
    """Everything held about the person, as a JSON download; the export is recorded."""
    person = _editable(request, pk)
    data = services.person_data_export(person=person, actor=request.user)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-{timezone.localdate():%Y-%m-%d}.json"'
    return response


@login_required
def person_erase(request, pk):
    person = _editable(request, pk)
    form = EraseForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.person_erase, person=person, actor=request.user)
    ):
        messages.success(request, "The person's personal data was erased; their placements still count.")
        return redirect(person)
    return render(request, "people/person_erase.html", {"form": form, "person": person})


def partnership_team(user, partnership: Partnership):
    """The people on a partnership the user may see (for the partnership page)."""
    return (
        Participation.objects.visible_to(user)
        .filter(partnership=partnership)
        .select_related("person")
        .order_by("role", "person__last_name")
    )
