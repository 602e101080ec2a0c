"""Document uploads: the content decides the type, never the file name."""

import hashlib
import io
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from agreements.models import Agreement, Document
from core.history import record_change

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def detect_type(head: bytes, data: bytes) -> str | None:
    """'pdf' or 'docx' when the bytes really are one, else None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


@transaction.atomic
def document_upload(*, agreement: Agreement, actor, uploaded_file, note: str = "") -> Document:
    if uploaded_file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": f"The file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB."})
    data = uploaded_file.read()
    file_type = detect_type(data[:8], data)
    if file_type is None:
        raise ValidationError({"file": "Upload a PDF or a Word (DOCX) document; this file is neither."})
    # Lock the agreement so two uploads cannot take the same version number.
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    number = (agreement.documents.aggregate(latest=Max("number"))["latest"] or 0) + 1
    name = (uploaded_file.name or "document").replace("\\", "/").rsplit("/", 1)[-1][:255]
    uploaded_file.seek(0)
    document = Document(
        agreement=agreement,
        number=number,
        original_name=name,
        file_type=file_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        note=note,
        uploaded_by=actor,
    )
    document.file.save(f"v{number}", uploaded_file, save=False)
    document.save()
    record_change(actor=actor, target=agreement, action="document uploaded", summary=f"Version {number}: {name}")
    return document
