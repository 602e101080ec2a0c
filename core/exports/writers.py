"""Writers for export rows: a streaming CSV response, and CSV or XLSX files for export jobs.

Every writer neutralises cells a spreadsheet would run as a formula (CSV injection) and reads
the rows as the database yields them, so memory stays flat whatever the row count.
"""

import csv
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone

# Spreadsheet programs run cells that start with these as formulas (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_EVERY = 2_000  # rows between progress reports of a job


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_cell(value) -> str:
    """The cell as text, with a leading quote if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES) and not _is_number(text):
        return "'" + text
    return text


def _csv_cell(value):
    # Only text can be a formula; numbers and dates go to the csv writer as they are (fast path).
    if type(value) is str:
        return safe_cell(value) if value.startswith(FORMULA_PREFIXES) else value
    return "" if value is None else value


class _Line:
    """A csv writer's target that hands back the line instead of writing it."""

    def write(self, line):
        return line


# A cell that starts like a formula, right after the line start or a comma, quoted or not.
_MAYBE_FORMULA = re.compile(r'(?:^|,)"?[=+\-@\t\r]')


def _csv_chunks(header: list[str], rows: Iterable[Iterable], rows_per_chunk: int = 500):
    """CSV text: the header at once (the first byte leaves immediately), then rows in chunks.

    Most lines hold no cell that starts like a formula: one regular-expression search per line
    finds the few that might, and only those are rewritten cell by cell.
    """
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(header)  # a byte-order mark: spreadsheets then read UTF-8
    lines = []
    for row in rows:
        line = writer.writerow(row)
        if _MAYBE_FORMULA.search(line):
            line = writer.writerow([_csv_cell(value) for value in row])
        lines.append(line)
        if len(lines) == rows_per_chunk:
            yield "".join(lines)
            lines.clear()
    if lines:
        yield "".join(lines)


def csv_response(basename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    filename = f"{basename}-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(_csv_chunks(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _counting(rows: Iterable, progress: Callable[[int], None] | None):
    count = 0
    for row in rows:
        yield row
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    if progress:
        progress(count)


def write_csv(path, header: list[str], rows: Iterable[Iterable], progress=None) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for chunk in _csv_chunks(header, _counting(rows, progress)):
            handle.write(chunk)


def _xlsx_cell(value):
    """Numbers and dates stay typed (people sum and sort them); text is neutralised."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal | date | datetime):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return safe_cell(value)


def write_xlsx(path, title: str, header: list[str], rows: Iterable[Iterable], progress=None) -> None:
    # Imported here: only export jobs need openpyxl, not every web request.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)  # rows go straight to disk: memory stays flat
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in _counting(rows, progress):
        sheet.append([_xlsx_cell(value) for value in row])
    workbook.save(path)
