"""The import engine: every row of a file through its record type's declaration and service.

A preview runs the very same code as the import, row by row inside savepoints, and then rolls
everything back: it checks exactly what the import will, rows of the file that clash with each
other included. The import writes every row or, if any row is refused, none.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from core.imports.columns import REQUIRED, CellError, Column
from core.imports.files import read_csv
from core.imports.models import ImportRecord, ImportStatus

# A preview nobody confirmed within a day is forgotten when its uploader uploads again.
STALE_AFTER = timedelta(days=1)
EXTRA_CELLS = "This line has more cells than there are columns."


@dataclass
class RowError:
    column: str  # "" when the error concerns the row as a whole
    message: str


@dataclass
class RowResult:
    line: int
    values: dict[str, str]  # the row's text by column, as in the file
    errors: list[RowError] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # the text in column order, for the preview table
    parsed: dict[str, Any] = field(default_factory=dict)  # the typed values the service is given

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportOutcome:
    batch: ImportRecord
    rows: list[RowResult]
    imported: bool = False

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if not row.ok)

    @property
    def accepted_count(self) -> int:
        return len(self.rows) - self.error_count


class RecordImport:
    """One record type's import, declared. A subclass names:

    - `columns`: the file's columns in order, each saying how its text parses (core.imports.columns);
    - `example`: a valid sample row by column, for the template;
    - `load_tables()`: the natural-key tables its Lookup columns search, loaded once per file
      from what the importer may see (`keyed(Model.objects.visible_to(self.actor), "name")`);
    - `check(row)`: rules across columns, appended to `row.errors`;
    - `save(values)`: the service that writes one row from its typed values; a ValidationError
      it raises becomes the row's errors, on the column `field_columns` maps each field to;
    - `saved(record)`: a row just written, for later rows of the file to refer to.

    An instance serves one run: it holds the actor, the import record and the tables.
    """

    columns: ClassVar[list[Column]] = []
    example: ClassVar[dict[str, str]] = {}
    field_columns: ClassVar[dict[str, str]] = {}  # service field -> column
    max_bytes: ClassVar[int] = 1_000_000
    max_rows: ClassVar[int] = 1_000

    def __init__(self, *, actor, batch: ImportRecord | None = None):
        self.actor = actor
        self.batch = batch
        self.tables = self.load_tables()

    @classmethod
    def header(cls) -> list[str]:
        return [column.name for column in cls.columns]

    @classmethod
    def template_rows(cls) -> tuple[list[str], list[list[str]]]:
        return cls.header(), [[cls.example.get(name, "") for name in cls.header()]]

    @classmethod
    def read(cls, upload) -> list[dict]:
        """The file's rows as the import record keeps them, or ImportFileError."""
        return read_csv(upload, cls.header(), max_bytes=cls.max_bytes, max_rows=cls.max_rows)

    def load_tables(self) -> dict[str, dict]:
        return {}

    def check(self, row: RowResult) -> None:
        pass

    def save(self, values: dict[str, Any]):
        raise NotImplementedError

    def saved(self, record) -> None:
        pass

    def parse(self, stored: dict) -> RowResult:
        """A stored row's typed values and every error of it at once: missing cells first, then
        each cell that does not parse, then the rules across columns."""
        text = stored["values"]
        row = RowResult(line=stored["line"], values=text, cells=[text.get(name, "") for name in self.header()])
        if stored.get("extra_cells"):
            row.errors.append(RowError("", EXTRA_CELLS))
        row.errors += [RowError(c.name, REQUIRED) for c in self.columns if c.required and not text.get(c.name)]
        for column in self.columns:
            cell = text.get(column.name, "")
            row.parsed[column.name] = column.empty
            if cell:
                try:
                    row.parsed[column.name] = column.parse(cell, self.tables)
                except CellError as error:
                    row.errors.append(RowError(column.name, str(error)))
        self.check(row)
        return row

    def service_data(self, values: dict[str, Any]) -> dict[str, Any]:
        """The typed values under the service's field names (`field_columns` read backwards)."""
        fields = {column: name for name, column in self.field_columns.items()}
        return {fields.get(column, column): value for column, value in values.items()}

    def errors_from(self, error: ValidationError) -> list[RowError]:
        if not hasattr(error, "error_dict"):
            return [RowError("", message) for message in error.messages]
        return [
            RowError("" if name == NON_FIELD_ERRORS else self.field_columns.get(name, name), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]

    def run(self) -> list[RowResult]:
        """Every stored row through `save`, each in a savepoint: a refused row leaves nothing behind."""
        results = []
        for stored in self.batch.rows:
            row = self.parse(stored)
            if row.ok:
                try:
                    with transaction.atomic():
                        record = self.save(row.parsed)
                except ValidationError as error:
                    row.errors += self.errors_from(error)
                else:
                    self.saved(record)
            results.append(row)
        return results


def import_upload(*, importer: type[RecordImport], batch: ImportRecord, upload, actor) -> ImportOutcome:
    """Read the file into `batch` (an unsaved import record: the caller sets what the rows belong
    to), keep it, and preview it: nothing else is written. ImportFileError if it is unreadable."""
    rows = importer.read(upload)
    type(batch).objects.filter(
        created_by=actor, status=ImportStatus.PREVIEWED, created_at__lt=timezone.now() - STALE_AFTER
    ).delete()
    batch.filename = upload.name[:255]
    batch.rows = rows
    batch.created_by = actor
    batch.save()
    return ImportOutcome(batch=batch, rows=import_check(importer=importer, batch=batch, actor=actor))


def import_check(*, importer: type[RecordImport], batch: ImportRecord, actor) -> list[RowResult]:
    """The dry run: the import, rolled back. Per-row verdicts; nothing written."""
    with transaction.atomic():
        results = importer(actor=actor, batch=batch).run()
        transaction.set_rollback(True)
    return results


@transaction.atomic
def import_confirm(*, importer: type[RecordImport], batch: ImportRecord, actor) -> ImportOutcome:
    """Write every row, or none: rows are re-checked from what the server kept, never from the form."""
    batch = type(batch).objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportStatus.IMPORTED:
        raise ValidationError("This file has already been imported.")
    outcome = ImportOutcome(batch=batch, rows=importer(actor=actor, batch=batch).run())
    if outcome.error_count:
        transaction.set_rollback(True)
        return outcome
    batch.status = ImportStatus.IMPORTED
    batch.imported_at = timezone.now()
    batch.save(update_fields=["status", "imported_at"])
    outcome.imported = True
    return outcome
