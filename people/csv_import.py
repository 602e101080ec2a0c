"""Reading an uploaded CSV: size, encoding, columns and row count are checked before any row is.

No database access here: a malformed file is refused fast, with one clear message.
"""

import csv
import io
from dataclasses import dataclass, field

MAX_BYTES = 1_000_000
MAX_ROWS = 1_000

PEOPLE_COLUMNS = ["first_name", "last_name", "email", "orcid", "kind", "organization", "title", "affiliated_from"]
PLACEMENT_COLUMNS = [
    "person_email",
    "kind",
    "home_organization",
    "host_organization",
    "partnership",
    "academic_advisor_email",
    "industry_mentor_email",
    "start_date",
    "end_date",
    "status",
    "outcome",
    "notes",
]
REQUIRED = {
    "people": ["first_name", "last_name", "kind"],
    "placements": ["person_email", "kind", "home_organization", "host_organization", "start_date"],
}
COLUMNS = {"people": PEOPLE_COLUMNS, "placements": PLACEMENT_COLUMNS}
EXAMPLES = {
    "people": [
        "Ada",
        "Lovelace",
        "ada.lovelace@example.org",
        "0000-0002-1825-0097",
        "phd_student",
        "Northbridge University",
        "PhD candidate",
        "2024-09-01",
    ],
    "placements": [
        "ada.lovelace@example.org",
        "internship",
        "Northbridge University",
        "Acme Robotics",
        "Dexterous grasping for warehouse robots",
        "priya.raman@example.org",
        "",
        "2025-06-01",
        "2025-08-31",
        "completed",
        "continued_study",
        "",
    ],
}


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing in it is considered."""


@dataclass
class RowError:
    column: str  # "" when the error concerns the row as a whole
    message: str


@dataclass
class RowResult:
    line: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # the values in column order, for the preview table

    @property
    def ok(self) -> bool:
        return not self.errors


def template_rows(kind: str) -> tuple[list[str], list[list[str]]]:
    return COLUMNS[kind], [EXAMPLES[kind]]


def read_rows(upload, kind: str) -> list[dict]:
    """The file's data rows as [{"line": n, "values": {column: text}}], or ImportFileError."""
    columns = COLUMNS[kind]
    if upload.size > MAX_BYTES:
        raise ImportFileError(
            f"The file is {upload.size / 1_000_000:.1f} MB; the limit is {MAX_BYTES // 1_000_000} MB "
            f"and {MAX_ROWS:,} rows. Split it into smaller files."
        )
    raw = upload.read(MAX_BYTES + 1)
    if b"\x00" in raw:
        raise ImportFileError("This is not a CSV file (it contains binary data). Upload a .csv file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file is not UTF-8 text. In your spreadsheet program, save it as “CSV UTF-8” and upload it again."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise ImportFileError("The file is empty: the first line must name the columns.")
        header = [cell.strip().lower() for cell in header]
        missing = [column for column in columns if column not in header]
        unknown = [column for column in header if column not in columns]
        if missing or unknown or len(set(header)) != len(header):
            parts = []
            if missing:
                parts.append(f"missing {', '.join(missing)}")
            if unknown:
                parts.append(f"unknown {', '.join(unknown)}")
            if len(set(header)) != len(header):
                parts.append("a column appears twice")
            raise ImportFileError(
                f"The columns are wrong ({'; '.join(parts)}). Expected: {', '.join(columns)}. "
                "Download the template to start from the right columns."
            )
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files.")
            padded = cells + [""] * (len(header) - len(cells))
            values = {column: padded[index].strip() for index, column in enumerate(header)}
            rows.append({"line": reader.line_num, "values": values, "extra_cells": len(cells) > len(header)})
    except csv.Error as error:
        raise ImportFileError(f"Line {reader.line_num}: the file is not valid CSV ({error}).") from None
    if not rows:
        raise ImportFileError("The file has the right columns but no rows to import.")
    return rows
