"""Publications imported from a BibTeX or CSV file: preview every row, then write all or none.

Preview and confirmation run the same code (output_create, row by row inside savepoints); the
preview then rolls everything back, so it checks exactly what the import will, including a DOI
repeated within the file.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from outputs.models import OutputKind, PublicationImport, PublicationImportStatus
from outputs.publication_file import PublicationFileError, read_publications
from outputs.services import output_create
from people.models import Person

__all__ = [
    "PublicationFileError",
    "publication_import_check",
    "publication_import_confirm",
    "publication_import_preview",
]


@dataclass
class RowResult:
    values: dict
    errors: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # authors matched to people in Tandem

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportOutcome:
    batch: PublicationImport
    rows: list[RowResult]
    imported: bool = False

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if not row.ok)


class _People:
    """Authors matched to people the importer may see, by full name (one query for the file)."""

    def __init__(self, actor):
        self.by_name = {}
        for person in Person.objects.visible_to(actor).filter(erased_at__isnull=True):
            self.by_name.setdefault(person.full_name.lower(), person)

    def match(self, authors: str) -> list[Person]:
        names = [name.strip().lower() for name in authors.split(";")]
        return [self.by_name[name] for name in names if name in self.by_name]


def _data(batch: PublicationImport, values: dict, people: _People, errors: list[str]) -> dict | None:
    year = values.get("year", "")
    if not year.isdigit() or not 1900 <= int(year) <= timezone.localdate().year + 1:
        errors.append(f"year: “{year}” is not a year.")
    if not values.get("title"):
        errors.append("title: every publication needs a title.")
    citations = values.get("citations") or "0"
    if not citations.isdigit():
        errors.append(f"citations: “{citations}” is not a whole number.")
    if errors:
        return None
    return {
        "partnership": batch.partnership,
        "kind": OutputKind.PUBLICATION,
        "title": values["title"][:300],
        "date": date(int(year), 1, 1),
        "authors_text": values.get("authors", "")[:1000],
        "doi": values.get("doi", ""),
        "venue": values.get("venue", "")[:300],
        "citations": int(citations),
        "people": people.match(values.get("authors", "")),
    }


def _run(batch: PublicationImport, actor) -> list[RowResult]:
    """Every row through output_create, each in a savepoint: a bad row is reported, not fatal."""
    people = _People(actor)
    results = []
    for values in batch.rows:
        result = RowResult(values=values)
        data = _data(batch, values, people, result.errors)
        if data is not None:
            result.people = [person.full_name for person in data["people"]]
            try:
                with transaction.atomic():
                    output_create(actor=actor, data=data)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    result.errors += [f"{name}: {message}" for message in messages]
        results.append(result)
    return results


def publication_import_preview(*, actor, partnership, upload) -> ImportOutcome:
    rows = read_publications(upload)
    batch = PublicationImport.objects.create(
        partnership=partnership, filename=upload.name[:255], rows=rows, created_by=actor
    )
    return ImportOutcome(batch=batch, rows=publication_import_check(batch=batch, actor=actor))


def publication_import_check(*, batch: PublicationImport, actor) -> list[RowResult]:
    with transaction.atomic():
        results = _run(batch, actor)
        transaction.set_rollback(True)
    return results


def publication_import_confirm(*, batch: PublicationImport, actor) -> ImportOutcome:
    """All rows or none: one bad row rolls the whole file back."""
    with transaction.atomic():
        batch = PublicationImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status == PublicationImportStatus.IMPORTED:
            raise ValidationError("This file has already been imported.")
        results = _run(batch, actor)
        outcome = ImportOutcome(batch=batch, rows=results)
        if outcome.error_count:
            transaction.set_rollback(True)
            return outcome
        batch.status = PublicationImportStatus.IMPORTED
        batch.imported_at = timezone.now()
        batch.save(update_fields=["status", "imported_at"])
        outcome.imported = True
        return outcome
