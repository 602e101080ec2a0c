from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.imports import ImportOutcome, ImportStatus
from core.views_helpers import require_editor
from outputs import imports
from outputs.forms import PublicationImportForm
from outputs.models import PublicationImport
from outputs.publication_file import MAX_ROWS


def _batch(request, pk) -> PublicationImport:
    # A batch is its uploader's alone: anyone else's is "not found".
    return get_object_or_404(PublicationImport, pk=pk, created_by=request.user)


@login_required
def import_upload(request):
    require_editor(request.user)
    form = PublicationImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = imports.publication_import_preview(
                actor=request.user, partnership=form.cleaned_data["partnership"], upload=form.cleaned_data["file"]
            )
        except imports.PublicationFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("outputs:import-preview", pk=outcome.batch.pk)
    status = 400 if form.errors else 200
    return render(request, "outputs/import_upload.html", {"form": form, "max_rows": MAX_ROWS}, status=status)


@login_required
def import_preview(request, pk):
    require_editor(request.user)
    batch = _batch(request, pk)
    if batch.status == ImportStatus.IMPORTED:
        messages.info(request, "This file has already been imported.")
        return redirect("outputs:import-upload")
    outcome = ImportOutcome(batch=batch, rows=imports.publication_import_check(batch=batch, actor=request.user))
    return render(request, "outputs/import_preview.html", {"outcome": outcome, "batch": batch})


@login_required
@require_POST
def import_confirm(request, pk):
    require_editor(request.user)
    batch = _batch(request, pk)
    try:
        outcome = imports.publication_import_confirm(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("outputs:import-upload")
    if not outcome.imported:
        messages.error(request, "Nothing was imported: some rows have errors. Fix them and upload the file again.")
        return render(request, "outputs/import_preview.html", {"outcome": outcome, "batch": batch}, status=400)
    messages.success(request, f"Imported {len(outcome.rows)} publications.")
    return redirect(f"{reverse('outputs:output-list')}?partnership={batch.partnership_id}&kind=publication")
