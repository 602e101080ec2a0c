"""Scheduled reports (admins): their section on /reports/, the new and edit pages, deactivate,
and sending a failed run again."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import roles
from core.exceptions import ConcurrentEditError
from core.history import history_for
from core.views_helpers import call_service
from reports.audit import AuditPeriodForm
from reports.models import ReportRun, RunStatus, ScheduledReport
from reports.schedule_forms import ScheduledReportForm
from reports.schedules import next_send_date, previous_period
from reports.services import schedules as services

RECENT_RUNS = 10


def require_admin(user) -> None:
    if not roles.is_admin(user):
        raise PermissionDenied("Only administrators schedule reports and export the change history.")


def _section_url(anchor: str = "scheduled-reports") -> str:
    return f"{reverse('reports:report-list')}#{anchor}"


def _schedules(user, today):
    last_run = ReportRun.objects.visible_to(user).filter(schedule=OuterRef("pk")).order_by("-period_start", "-pk")
    schedules = list(
        ScheduledReport.objects.visible_to(user)
        .select_related("scope")
        .annotate(
            last_period_start=Subquery(last_run.values("period_start")[:1]),
            last_period_end=Subquery(last_run.values("period_end")[:1]),
            last_status=Subquery(last_run.values("status")[:1]),
            last_error=Subquery(last_run.values("error")[:1]),
        )
        .order_by("-active", "name", "pk")
    )
    labels = dict(RunStatus.choices)
    for schedule in schedules:
        schedule.last_status_label = labels.get(schedule.last_status, "")
        schedule.next_send = (
            next_send_date(
                schedule.frequency,
                today,
                timezone.localdate(schedule.created_at),
                schedule.last_period_start,
            )
            if schedule.active
            else None
        )
    return schedules


def _audit_form(request) -> AuditPeriodForm:
    """Bound to what the export refused (sent back here as audit_start/audit_end), else a
    blank form offering last month."""
    if "audit_start" in request.GET or "audit_end" in request.GET:
        form = AuditPeriodForm({"start": request.GET.get("audit_start"), "end": request.GET.get("audit_end")})
        form.is_valid()
        return form
    last_month = previous_period("monthly", timezone.localdate())
    return AuditPeriodForm(initial={"start": last_month.start, "end": last_month.end})


def admin_reports_context(request) -> dict:
    """The /reports/ page's admin sections: scheduled reports, their recent runs, the audit export."""
    if not roles.is_admin(request.user):
        return {}
    today = timezone.localdate()
    return {
        "schedules": _schedules(request.user, today),
        "recent_runs": ReportRun.objects.visible_to(request.user)
        .select_related("schedule")
        .filter(created_at__gte=timezone.now() - timedelta(days=90))[:RECENT_RUNS],
        "audit_form": _audit_form(request),
    }


@login_required
def schedule_create(request):
    require_admin(request.user)
    form = ScheduledReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        schedule = call_service(form, services.scheduled_report_create, actor=request.user, data=form.service_data())
        if schedule:
            messages.success(request, f"{schedule.name} is scheduled.")
            return redirect(_section_url())
    return render(request, "reports/schedule_form.html", {"form": form})


@login_required
def schedule_update(request, pk):
    require_admin(request.user)
    schedule = get_object_or_404(ScheduledReport.objects.visible_to(request.user), pk=pk)
    form = ScheduledReportForm(request.POST or None, instance=schedule)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.scheduled_report_update,
            schedule=schedule,
            actor=request.user,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )
        if saved:
            messages.success(request, f"{saved.name} was saved.")
            return redirect(_section_url())
    context = {
        "form": form,
        "schedule": schedule,
        "runs": schedule.runs.all()[:24],
        "history": history_for(schedule, request.user)[:50],
    }
    return render(request, "reports/schedule_form.html", context)


@login_required
@require_POST
def schedule_deactivate(request, pk):
    require_admin(request.user)
    schedule = get_object_or_404(ScheduledReport.objects.visible_to(request.user), pk=pk)
    version = request.POST.get("version", "")
    try:
        services.scheduled_report_deactivate(
            schedule=schedule, actor=request.user, expected_version=int(version) if version.isdigit() else None
        )
    except ConcurrentEditError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{schedule.name} will not be sent any more.")
    return redirect(_section_url())


@login_required
@require_POST
def run_retry(request, pk):
    require_admin(request.user)
    run = get_object_or_404(ReportRun.objects.visible_to(request.user).select_related("schedule"), pk=pk)
    run = services.report_run_retry(run=run, actor=request.user)
    if run.status == RunStatus.QUEUED:
        messages.success(request, f"{run} is being sent again.")
    else:
        messages.error(request, "Only a failed run of an active schedule can be sent again.")
    return redirect(_section_url())
