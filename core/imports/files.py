"""Reading an uploaded file into rows of text: size, encoding, columns and row count are checked
before any row is. No database access here: a malformed file is refused fast, with one clear
message, and nothing in it is considered."""

import csv
import io

# Tried in order. UTF-8 with or without the byte-order mark spreadsheet programs write; a file
# in any other encoding is refused with a message saying how to save it as UTF-8.
ENCODINGS = ("utf-8-sig",)


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing in it is considered."""


def _decode(raw: bytes, encodings) -> str:
    if b"\x00" in raw:
        raise ImportFileError("This is not a CSV file (it contains binary data). Upload a .csv file.")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        "The file is not UTF-8 text. In your spreadsheet program, save it as “CSV UTF-8” and upload it again."
    )


def _check_header(header: list[str], columns: list[str]) -> None:
    missing = [column for column in columns if column not in header]
    unknown = [column for column in header if column not in columns]
    repeated = len(set(header)) != len(header)
    if missing or unknown or repeated:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown {', '.join(unknown)}")
        if repeated:
            parts.append("a column appears twice")
        raise ImportFileError(
            f"The columns are wrong ({'; '.join(parts)}). Expected: {', '.join(columns)}. "
            "Download the template to start from the right columns."
        )


def read_csv(upload, columns: list[str], *, max_bytes: int, max_rows: int, encodings=ENCODINGS) -> list[dict]:
    """The file's data rows, or ImportFileError. Each row is kept as the import record stores it:
    {"line": its line in the file, "values": {column: stripped text}, "extra_cells": bool}.
    The header must name exactly `columns` (in any order, any case); blank lines are skipped."""
    if upload.size > max_bytes:
        raise ImportFileError(
            f"The file is {upload.size / 1_000_000:.1f} MB; the limit is {max_bytes // 1_000_000} MB "
            f"and {max_rows:,} rows. Split it into smaller files."
        )
    text = _decode(upload.read(max_bytes + 1), encodings)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise ImportFileError("The file is empty: the first line must name the columns.")
        header = [cell.strip().lower() for cell in header]
        _check_header(header, columns)
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= max_rows:
                raise ImportFileError(f"The file has more than {max_rows:,} rows. Split it into smaller files.")
            padded = cells + [""] * (len(header) - len(cells))
            values = {column: padded[index].strip() for index, column in enumerate(header)}
            rows.append({"line": reader.line_num, "values": values, "extra_cells": len(cells) > len(header)})
    except csv.Error as error:
        raise ImportFileError(f"Line {reader.line_num}: the file is not valid CSV ({error}).") from None
    if not rows:
        raise ImportFileError("The file has the right columns but no rows to import.")
    return rows
