"""Exports of every list: CSV streams at once when small; XLSX and large CSV run as a job."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.exports import csv_response
from core.views_helpers import visible_or_404
from reports import services
from reports.models import ExportFormat, ExportJob, JobStatus
from reports.selectors import exports_context


def _table(request, key):
    try:
        return services.exportable_table(request.user, key)
    except ValidationError as error:
        raise Http404("No such list.") from error


@login_required
def export(request, key):
    """GET: the list's rows as the current filters show them, as CSV, at once if small enough.

    A larger export (or XLSX) is offered as a background job instead: starting one is a POST.
    """
    table = _table(request, key)
    export_format = request.GET.get("format", ExportFormat.CSV)
    params = request.GET.copy()
    params.pop("format", None)
    params.pop("page", None)
    rows = table.filtered(request.user, params)
    if export_format == ExportFormat.CSV:
        count = rows.count()
        if count <= services.STREAM_LIMIT:
            return csv_response(table.key, table.header, table.rows(rows))
    else:
        count = rows.count()
    context = {
        "table": table,
        "count": count,
        "format": export_format if export_format in ExportFormat.values else ExportFormat.XLSX,
        "params": params.urlencode(),
        "description": table.describe(request.user, params),
        "list_url": reverse(table.list_url_name) + (f"?{params.urlencode()}" if params else ""),
        "stream_limit": services.STREAM_LIMIT,
    }
    return render(request, "reports/export_confirm.html", context)


@login_required
@require_POST
def export_create(request):
    try:
        job = services.export_start(
            user=request.user,
            table_key=request.POST.get("table", ""),
            export_format=request.POST.get("format", ""),
            params=request.POST.get("params", ""),
        )
    except ValidationError as error:
        if "table" in getattr(error, "message_dict", {}):
            raise Http404("No such list.") from error
        messages.error(request, " ".join(error.messages))
        return redirect("reports:report-list")
    messages.success(
        request, f"Your export of {job.table_title.lower()} is being prepared. It appears below when ready."
    )
    return redirect("reports:report-list")  # "Your exports" leads the page


@login_required
def export_status(request):
    """The list of the user's exports alone: the page polls it while one is being prepared."""
    return render(request, "reports/_exports.html", exports_context(request.user))


@login_required
def export_download(request, pk):
    job = visible_or_404(ExportJob, request.user, pk=pk)
    if not job.downloadable:
        # Still being written: 409, try later; failed or past its window: 410, it will not come back.
        status = 409 if job.status in (JobStatus.QUEUED, JobStatus.RUNNING) else 410
        return render(request, "reports/export_gone.html", {"job": job}, status=status)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
