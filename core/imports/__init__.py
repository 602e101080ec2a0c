"""One engine under every import: read a file, parse each row by its record type's declared
columns, preview it as a dry run, then write every row or none, keeping the import record.

A record type declares a RecordImport subclass (columns, natural-key tables, the service that
saves a row); pages and services call import_upload, import_check and import_confirm with it.
"""

from core.imports.columns import CellError, Choice, Column, Date, Lookup, keyed
from core.imports.engine import (
    ImportOutcome,
    RecordImport,
    RowError,
    RowResult,
    import_check,
    import_confirm,
    import_upload,
)
from core.imports.files import ImportFileError, read_csv
from core.imports.models import ImportRecord, ImportStatus

__all__ = [
    "CellError",
    "Choice",
    "Column",
    "Date",
    "ImportFileError",
    "ImportOutcome",
    "ImportRecord",
    "ImportStatus",
    "Lookup",
    "RecordImport",
    "RowError",
    "RowResult",
    "import_check",
    "import_confirm",
    "import_upload",
    "keyed",
    "read_csv",
]
