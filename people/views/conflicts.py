from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core import roles
from core.views_helpers import call_service, flash_errors, require_editor
from partnerships.models import Organization, Partnership
from people import selectors, services
from people.forms import ConflictClearForm
from people.models import Person


@login_required
def conflict_list(request):
    """The office's review queue: every flagged conflict of interest, open ones first."""
    if not roles.is_internal(request.user):
        raise PermissionDenied("Conflicts of interest are reviewed by the office.")
    show = request.GET.get("show", "open")
    conflicts = selectors.conflicts_of_interest(user=request.user, include_cleared=show == "all")
    return render(request, "people/conflict_list.html", {"conflicts": conflicts, "show": show})


@login_required
@require_POST
def conflict_clear(request):
    require_editor(request.user)
    form = ConflictClearForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        data = form.cleaned_data
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=data["person"])
        partnership = get_object_or_404(Partnership.objects.visible_to(request.user), pk=data["partnership"])
        organization = get_object_or_404(Organization.objects.visible_to(request.user), pk=data["organization"])
        if call_service(
            form,
            services.conflict_clear,
            person=person,
            organization=organization,
            partnership=partnership,
            actor=request.user,
            note=data["note"],
        ):
            messages.success(request, f"Conflict of {person} with {organization} cleared.")
        else:
            flash_errors(request, form)
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("people:conflict-list")
