"""The playbook (admins) and deviations signed off on agreements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agreements import services
from agreements.forms import PlaybookRuleForm, SignOffForm
from agreements.models import Agreement, Deviation, PlaybookRule, PlaybookVersion
from core import roles
from core.views_helpers import call_service, flash_errors, visible_or_404


def _require_admin(user) -> None:
    if not roles.is_admin(user):
        raise PermissionDenied("Only admins keep the playbook.")


@login_required
def playbook(request):
    if not roles.is_internal(request.user):
        raise PermissionDenied("The playbook is the office's own.")
    context = {
        "rules": PlaybookRule.objects.visible_to(request.user).order_by("-active", "term"),
        "version": PlaybookVersion.objects.visible_to(request.user).order_by("-number").first(),
        "can_edit_playbook": roles.is_admin(request.user),
    }
    return render(request, "agreements/playbook.html", context)


@login_required
def rule_edit(request, rule_pk=None):
    _require_admin(request.user)
    rule = get_object_or_404(PlaybookRule.objects.visible_to(request.user), pk=rule_pk) if rule_pk else None
    form = PlaybookRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PlaybookRuleForm.Meta.fields}
        if call_service(form, services.playbook_rule_save, actor=request.user, data=data, rule=rule or PlaybookRule()):
            messages.success(request, "Playbook saved; every live agreement was checked against the new version.")
            return redirect("agreements:playbook")
    return render(request, "agreements/playbook_rule_form.html", {"form": form, "rule": rule})


@login_required
@require_POST
def deviation_sign_off(request, pk, deviation_pk):
    agreement = visible_or_404(Agreement, request.user, pk=pk)
    _require_admin(request.user)
    deviation = get_object_or_404(Deviation.objects.visible_to(request.user), pk=deviation_pk, agreement=agreement)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the institution accepts this deviation.")
    elif call_service(
        form, services.deviation_sign_off, deviation=deviation, actor=request.user, reason=form.cleaned_data["reason"]
    ):
        messages.success(request, "Deviation signed off.")
    else:
        flash_errors(request, form)
    return redirect(agreement)
