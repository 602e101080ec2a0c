"""Publications imported from a BibTeX or CSV file: preview every row, then write all or none.

A declaration on the shared engine (core.imports): the file is read by
outputs.publication_file (BibTeX, or a CSV whose columns beyond title and year are optional),
each row parses by the columns below and is written by output_create, in a savepoint, for the
preview (rolled back, so it checks exactly what the import will, a DOI repeated within the file
included) and for the import.
"""

from datetime import date

from django.utils import timezone

from core.imports import (
    CellError,
    Column,
    ImportOutcome,
    RecordImport,
    RowError,
    import_check,
    import_confirm,
    import_upload,
    keyed,
)
from outputs.models import OutputKind, PublicationImport
from outputs.publication_file import MAX_BYTES, MAX_ROWS, PublicationFileError, read_publications
from outputs.services import output_create
from people.models import Person

__all__ = [
    "ImportOutcome",
    "PublicationFileError",
    "PublicationsImport",
    "publication_import_check",
    "publication_import_confirm",
    "publication_import_preview",
]


class Year(Column):
    """A year of publication, kept as 1 January of it."""

    def parse(self, text, tables):
        if not text.isdigit() or not 1900 <= int(text) <= timezone.localdate().year + 1:
            raise CellError(f"“{text}” is not a year.")
        return date(int(text), 1, 1)


class WholeNumber(Column):
    def parse(self, text, tables):
        if not text.isdigit():
            raise CellError(f"“{text}” is not a whole number.")
        return int(text)


class PublicationsImport(RecordImport):
    """A publication of the import's partnership per entry; authors whose full names match
    people the importer may see are linked to them."""

    columns = [
        Column("title"),
        Column("authors"),
        Year("year", empty=None),
        Column("doi"),
        Column("venue"),
        WholeNumber("citations", empty=0),
    ]
    field_columns = {"authors_text": "authors", "date": "year"}
    max_bytes = MAX_BYTES
    max_rows = MAX_ROWS

    @classmethod
    def read(cls, upload) -> list[dict]:
        return read_publications(upload)

    def load_tables(self):
        people = Person.objects.visible_to(self.actor).filter(erased_at__isnull=True)
        return {"people": keyed(people, "full_name")}

    def check(self, row):
        # Their own words, where the engine's "This column is required." would be vaguer.
        if not row.values.get("year"):
            row.errors.append(RowError("year", "“” is not a year."))
        if not row.values.get("title"):
            row.errors.append(RowError("title", "every publication needs a title."))
        names = [name.strip().lower() for name in row.parsed["authors"].split(";")]
        row.parsed["people"] = [self.tables["people"][name] for name in names if name in self.tables["people"]]

    def save(self, values):
        data = {
            "partnership": self.batch.partnership,
            "kind": OutputKind.PUBLICATION,
            "title": values["title"][:300],
            "date": values["year"],
            "authors_text": values["authors"][:1000],
            "doi": values["doi"],
            "venue": values["venue"][:300],
            "citations": values["citations"],
            "people": values["people"],
        }
        return output_create(actor=self.actor, data=data)


def publication_import_preview(*, actor, partnership, upload) -> ImportOutcome:
    """Read and check the file; keep its rows server-side; write nothing. PublicationFileError
    (an ImportFileError) if it is unreadable."""
    batch = PublicationImport(partnership=partnership)
    return import_upload(importer=PublicationsImport, batch=batch, upload=upload, actor=actor)


def publication_import_check(*, batch: PublicationImport, actor):
    """Run the import and roll it back: the per-row verdicts, nothing written."""
    return import_check(importer=PublicationsImport, batch=batch, actor=actor)


def publication_import_confirm(*, batch: PublicationImport, actor) -> ImportOutcome:
    """All rows or none: one bad row rolls the whole file back."""
    return import_confirm(importer=PublicationsImport, batch=batch, actor=actor)
