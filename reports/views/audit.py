"""The audit export (admins): the change history of a period, as CSV."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.exports import csv_response
from reports.audit import HEADER, AuditPeriodForm, audit_rows
from reports.views.schedules import require_admin


@login_required
@require_GET
def audit_export(request):
    require_admin(request.user)
    form = AuditPeriodForm(request.GET)
    if not form.is_valid():
        # Back to the form on /reports/, which shows what was wrong next to the dates typed.
        typed = {"audit_start": request.GET.get("start", "")[:20], "audit_end": request.GET.get("end", "")[:20]}
        return redirect(f"{reverse('reports:report-list')}?{urlencode(typed)}#audit-export")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return csv_response(
        f"change-history-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}", HEADER, audit_rows(start, end, user=request.user)
    )
