"""CSV imports of people and placements: preview every row, then write all rows or none.

Each kind of file is a declaration on the shared engine (core.imports): its columns and how
each parses, the names it looks up, and the service that writes a row. The engine runs every
row through that service, in a savepoint, for the preview (rolled back) and for the import.
"""

from core.imports import (
    Choice,
    Column,
    Date,
    ImportFileError,
    ImportOutcome,
    Lookup,
    RecordImport,
    RowError,
    import_upload,
    keyed,
)
from core.imports import import_check as engine_check
from core.imports import import_confirm as engine_confirm
from partnerships.models import Organization, Partnership
from people.models import CareerOutcome, ImportBatch, Person, PersonKind, PlacementKind, PlacementStatus
from people.services.persons import person_create
from people.services.placements import placement_create

ORGANIZATION = {"table": "organizations", "what": "organization"}
PERSON_BY_EMAIL = {"table": "people", "what": "person with the e-mail"}


class PeopleImport(RecordImport):
    """A person per row, with their current affiliation when the row names an organization."""

    columns = [
        Column("first_name", required=True),
        Column("last_name", required=True),
        Column("email"),
        Column("orcid"),
        Choice("kind", required=True, choices=PersonKind),
        Lookup("organization", **ORGANIZATION),
        Column("title"),
        Date("affiliated_from"),
    ]
    example = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada.lovelace@example.org",
        "orcid": "0000-0002-1825-0097",
        "kind": "phd_student",
        "organization": "Northbridge University",
        "title": "PhD candidate",
        "affiliated_from": "2024-09-01",
    }
    # The affiliation's dates come from one column: its errors land there.
    field_columns = {"start_date": "affiliated_from", "end_date": "affiliated_from"}

    def load_tables(self):
        return {"organizations": keyed(Organization.objects.visible_to(self.actor), "name")}

    def check(self, row):
        text = row.values
        if (text["title"] or text["affiliated_from"]) and not text["organization"]:
            row.errors.append(RowError("organization", "Name the organization of this title / date."))

    def save(self, values):
        data = {name: values[name] for name in ("first_name", "last_name", "email", "orcid", "kind")}
        affiliation = None
        if values["organization"]:
            affiliation = {
                "organization": values["organization"],
                "title": values["title"],
                "start_date": values["affiliated_from"],
            }
        return person_create(actor=self.actor, data=data, affiliation=affiliation)


class PlacementImport(RecordImport):
    """A placement per row; people are named by their e-mail, organizations and partnerships by name."""

    columns = [
        Lookup("person_email", required=True, **PERSON_BY_EMAIL),
        Choice("kind", required=True, choices=PlacementKind),
        Lookup("home_organization", required=True, **ORGANIZATION),
        Lookup("host_organization", required=True, **ORGANIZATION),
        Lookup("partnership", table="partnerships", what="partnership"),
        Lookup("academic_advisor_email", **PERSON_BY_EMAIL),
        Lookup("industry_mentor_email", **PERSON_BY_EMAIL),
        Date("start_date", required=True),
        Date("end_date"),
        Choice("status", choices=PlacementStatus, empty=PlacementStatus.PLANNED),
        Choice("outcome", choices=CareerOutcome),
        Column("notes"),
    ]
    example = {
        "person_email": "ada.lovelace@example.org",
        "kind": "internship",
        "home_organization": "Northbridge University",
        "host_organization": "Acme Robotics",
        "partnership": "Dexterous grasping for warehouse robots",
        "academic_advisor_email": "priya.raman@example.org",
        "start_date": "2025-06-01",
        "end_date": "2025-08-31",
        "status": "completed",
        "outcome": "continued_study",
    }
    # Each service field and the column it comes from: values reach the field, errors the column.
    field_columns = {
        "person": "person_email",
        "academic_advisor": "academic_advisor_email",
        "industry_mentor": "industry_mentor_email",
    }

    def load_tables(self):
        return {
            "organizations": keyed(Organization.objects.visible_to(self.actor), "name"),
            # Two partnerships with one title: the older one is meant.
            "partnerships": keyed(Partnership.objects.visible_to(self.actor).order_by("pk"), "title"),
            "people": keyed(Person.objects.visible_to(self.actor).exclude(email=""), "email"),
        }

    def save(self, values):
        return placement_create(actor=self.actor, data=self.service_data(values))


IMPORTS = {"people": PeopleImport, "placements": PlacementImport}


def import_preview(*, actor, kind: str, upload) -> ImportOutcome:
    """Read and check the file; keep its rows server-side; write nothing. ImportFileError if unreadable."""
    return import_upload(importer=IMPORTS[kind], batch=ImportBatch(kind=kind), upload=upload, actor=actor)


def import_check(*, batch: ImportBatch, actor):
    """Run the import and roll it back: the per-row verdicts, nothing written."""
    return engine_check(importer=IMPORTS[batch.kind], batch=batch, actor=actor)


def import_confirm(*, batch: ImportBatch, actor) -> ImportOutcome:
    """Write every row, or none: rows are re-validated from what the server kept, never from the form."""
    return engine_confirm(importer=IMPORTS[batch.kind], batch=batch, actor=actor)


__all__ = ["IMPORTS", "ImportFileError", "ImportOutcome", "import_check", "import_confirm", "import_preview"]
