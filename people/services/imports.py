"""CSV imports of people and placements: preview every row, then write all rows or none.

Preview and confirmation run the very same code (the services that create people and
placements), row by row inside savepoints; the preview then rolls everything back. So the
preview checks exactly what the import will, overlaps between rows of the file included.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from partnerships.models import Organization, Partnership
from people.csv_import import COLUMNS, REQUIRED, ImportFileError, RowError, RowResult, read_rows
from people.models import (
    CareerOutcome,
    ImportBatch,
    ImportStatus,
    Person,
    PersonKind,
    PlacementKind,
    PlacementStatus,
)
from people.services.persons import person_create
from people.services.placements import placement_create

STALE_AFTER = timedelta(days=1)

# Service field → CSV column, so an error lands on the column the user typed it in.
PEOPLE_FIELD_COLUMNS = {"start_date": "affiliated_from", "end_date": "affiliated_from"}
PLACEMENT_FIELD_COLUMNS = {
    "person": "person_email",
    "academic_advisor": "academic_advisor_email",
    "industry_mentor": "industry_mentor_email",
}


@dataclass
class ImportOutcome:
    batch: ImportBatch
    rows: list[RowResult]
    imported: bool = False

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if not row.ok)

    @property
    def accepted_count(self) -> int:
        return len(self.rows) - self.error_count


class _Lookups:
    """Names and e-mails in the file resolved with one query per kind, not one per row."""

    def __init__(self, actor):
        self.organizations = {o.name.lower(): o for o in Organization.objects.visible_to(actor)}
        self.partnerships = {}
        for partnership in Partnership.objects.visible_to(actor).order_by("pk"):
            self.partnerships.setdefault(partnership.title.lower(), partnership)
        self.people = {p.email.lower(): p for p in Person.objects.visible_to(actor).exclude(email="")}


def _choice(value: str, choices, column: str, errors: list[RowError], required: bool = True) -> str:
    if not value:
        if required:
            errors.append(RowError(column, "This column is required."))
        return ""
    for choice in choices:
        if value.lower() in (choice.value, choice.label.lower()):
            return choice.value
    errors.append(RowError(column, f"“{value}” is not one of: {', '.join(c.value for c in choices)}."))
    return ""


def _date(value: str, column: str, errors: list[RowError]):
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(RowError(column, f"“{value}” is not a date; write it as YYYY-MM-DD."))
        return None


def _named(value: str, table: dict, column: str, errors: list[RowError], what: str):
    if not value:
        return None
    found = table.get(value.lower())
    if found is None:
        errors.append(RowError(column, f"No {what} “{value}” in Tandem."))
    return found


def _required(values: dict, kind: str, errors: list[RowError]) -> None:
    for column in REQUIRED[kind]:
        if not values.get(column) and column not in ("kind",):
            errors.append(RowError(column, "This column is required."))


def _person_args(values: dict, lookups: _Lookups, errors: list[RowError]) -> dict:
    kind = _choice(values["kind"], PersonKind, "kind", errors)
    organization = _named(values["organization"], lookups.organizations, "organization", errors, "organization")
    start = _date(values["affiliated_from"], "affiliated_from", errors)
    if (values["title"] or values["affiliated_from"]) and not values["organization"]:
        errors.append(RowError("organization", "Name the organization of this title / date."))
    data = {
        "first_name": values["first_name"],
        "last_name": values["last_name"],
        "email": values["email"],
        "orcid": values["orcid"],
        "kind": kind,
    }
    affiliation = (
        {"organization": organization, "title": values["title"], "start_date": start} if organization else None
    )
    return {"data": data, "affiliation": affiliation}


def _placement_args(values: dict, lookups: _Lookups, errors: list[RowError]) -> dict:
    data = {
        "person": _named(values["person_email"], lookups.people, "person_email", errors, "person with the e-mail"),
        "kind": _choice(values["kind"], PlacementKind, "kind", errors),
        "home_organization": _named(
            values["home_organization"], lookups.organizations, "home_organization", errors, "organization"
        ),
        "host_organization": _named(
            values["host_organization"], lookups.organizations, "host_organization", errors, "organization"
        ),
        "partnership": _named(values["partnership"], lookups.partnerships, "partnership", errors, "partnership"),
        "academic_advisor": _named(
            values["academic_advisor_email"], lookups.people, "academic_advisor_email", errors, "person with the e-mail"
        ),
        "industry_mentor": _named(
            values["industry_mentor_email"], lookups.people, "industry_mentor_email", errors, "person with the e-mail"
        ),
        "start_date": _date(values["start_date"], "start_date", errors),
        "end_date": _date(values["end_date"], "end_date", errors),
        "status": _choice(values["status"], PlacementStatus, "status", errors, required=False)
        or PlacementStatus.PLANNED,
        "outcome": _choice(values["outcome"], CareerOutcome, "outcome", errors, required=False),
        "notes": values["notes"],
    }
    return {"data": data}


KINDS = {
    "people": (_person_args, lambda actor, args: person_create(actor=actor, **args), PEOPLE_FIELD_COLUMNS),
    "placements": (_placement_args, lambda actor, args: placement_create(actor=actor, **args), PLACEMENT_FIELD_COLUMNS),
}


def _errors_from(error: ValidationError, field_columns: dict) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError("", message) for message in error.messages]
    return [
        RowError("" if name == NON_FIELD_ERRORS else field_columns.get(name, name), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _run(batch: ImportBatch, actor) -> list[RowResult]:
    """Every row through its service, each in a savepoint: a refused row leaves nothing behind."""
    to_args, write, field_columns = KINDS[batch.kind]
    lookups = _Lookups(actor)
    results = []
    for row in batch.rows:
        result = RowResult(
            line=row["line"], values=row["values"], cells=[row["values"].get(c, "") for c in COLUMNS[batch.kind]]
        )
        if row.get("extra_cells"):
            result.errors.append(RowError("", "This line has more cells than there are columns."))
        _required(row["values"], batch.kind, result.errors)
        args = to_args(row["values"], lookups, result.errors)
        if result.ok:
            try:
                with transaction.atomic():
                    created = write(actor, args)
            except ValidationError as error:
                result.errors.extend(_errors_from(error, field_columns))
            else:
                if batch.kind == "people" and created.email:
                    lookups.people[created.email] = created
        results.append(result)
    return results


def import_preview(*, actor, kind: str, upload) -> ImportOutcome:
    """Read and check the file; keep its rows server-side; write nothing. ImportFileError if unreadable."""
    rows = read_rows(upload, kind)
    ImportBatch.objects.filter(
        created_by=actor, status=ImportStatus.PREVIEWED, created_at__lt=timezone.now() - STALE_AFTER
    ).delete()
    batch = ImportBatch.objects.create(kind=kind, filename=upload.name[:255], rows=rows, created_by=actor)
    return ImportOutcome(batch=batch, rows=import_check(batch=batch, actor=actor))


def import_check(*, batch: ImportBatch, actor) -> list[RowResult]:
    """Run the import and roll it back: the per-row verdicts, nothing written."""
    with transaction.atomic():
        results = _run(batch, actor)
        transaction.set_rollback(True)
    return results


@transaction.atomic
def import_confirm(*, batch: ImportBatch, actor) -> ImportOutcome:
    """Write every row, or none: rows are re-validated from what the server kept, never from the form."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportStatus.IMPORTED:
        raise ValidationError("This file has already been imported.")
    results = _run(batch, actor)
    outcome = ImportOutcome(batch=batch, rows=results)
    if outcome.error_count:
        transaction.set_rollback(True)
        return outcome
    batch.status = ImportStatus.IMPORTED
    batch.imported_at = timezone.now()
    batch.save(update_fields=["status", "imported_at"])
    outcome.imported = True
    return outcome


__all__ = ["ImportFileError", "ImportOutcome", "import_check", "import_confirm", "import_preview"]
