from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.exports import csv_response
from core.views_helpers import require_editor
from people import services
from people.csv_import import COLUMNS, MAX_ROWS, template_rows
from people.forms import ImportUploadForm
from people.models import ImportBatch, ImportStatus
from people.services.imports import ImportOutcome


def _batch(request, pk) -> ImportBatch:
    # A batch is its uploader's alone: anyone else's is "not found".
    return get_object_or_404(ImportBatch, pk=pk, created_by=request.user)


@login_required
def import_upload(request):
    require_editor(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.import_preview(
                actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except services.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("people:import-preview", pk=outcome.batch.pk)
    status = 400 if form.errors else 200
    return render(request, "people/import_upload.html", {"form": form, "max_rows": MAX_ROWS}, status=status)


@login_required
def import_preview(request, pk):
    require_editor(request.user)
    batch = _batch(request, pk)
    if batch.status == ImportStatus.IMPORTED:
        messages.info(request, "This file has already been imported.")
        return redirect("people:import-upload")
    outcome = ImportOutcome(batch=batch, rows=services.import_check(batch=batch, actor=request.user))
    return render(request, "people/import_preview.html", _preview_context(outcome))


def _preview_context(outcome: ImportOutcome) -> dict:
    return {"outcome": outcome, "batch": outcome.batch, "columns": COLUMNS[outcome.batch.kind]}


@login_required
@require_POST
def import_confirm(request, pk):
    require_editor(request.user)
    batch = _batch(request, pk)
    try:
        outcome = services.import_confirm(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:import-upload")
    if not outcome.imported:
        messages.error(request, "Nothing was imported: some rows have errors. Fix them and upload the file again.")
        return render(request, "people/import_preview.html", _preview_context(outcome), status=400)
    count = len(outcome.rows)
    messages.success(request, f"Imported {count} {batch.get_kind_display().lower() if count != 1 else 'row'}.")
    return redirect("people:person-list" if batch.kind == "people" else "people:placement-list")


@login_required
def import_template(request, kind):
    require_editor(request.user)
    header, rows = template_rows(kind)
    return csv_response(f"{kind}-import-template", header, rows)
