"""Reading an uploaded BibTeX or CSV file of publications into the rows the import engine keeps
(core.imports: {"line", "values": {column: text}}; "ref" names the entry on the preview). No
database access here: a malformed file is refused fast, with one clear message.

Not core.imports.read_csv: a publications CSV needs only title and year, and other columns it
has are ignored, where the engine's reader wants exactly the declared columns."""

import csv
import io
import re

import bibtexparser

from core.imports import ImportFileError

MAX_BYTES = 1_000_000
MAX_ROWS = 1_000
CSV_COLUMNS = ["title", "authors", "year", "doi", "venue", "citations"]


class PublicationFileError(ImportFileError):
    """The file cannot be read as BibTeX or as a CSV of publications."""


def _clean(value: str) -> str:
    """BibTeX braces and line breaks out; one space between words."""
    return re.sub(r"\s+", " ", (value or "").replace("{", "").replace("}", "")).strip()


def _bibtex_authors(value: str) -> str:
    """`Raman, Priya and Chen, Mei` → `Priya Raman; Mei Chen`."""
    names = []
    for name in re.split(r"\s+and\s+", _clean(value)):
        if "," in name:
            last, first = (part.strip() for part in name.split(",", 1))
            name = f"{first} {last}".strip()
        if name:
            names.append(name)
    return "; ".join(names)


def _read_bibtex(text: str) -> list[dict]:
    try:
        library = bibtexparser.parse_string(text)
    except Exception as error:  # the parser raises assorted exceptions on broken input
        raise PublicationFileError(f"This BibTeX file cannot be read: {error}") from error
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise PublicationFileError(
            f"This BibTeX file cannot be read: the entry starting on line {block.start_line + 1} is malformed."
        )
    rows = []
    for entry in library.entries:
        fields = {name.lower(): field.value for name, field in entry.fields_dict.items()}
        values = {
            "ref": entry.key,
            "title": _clean(fields.get("title", "")),
            "authors": _bibtex_authors(fields.get("author", "")),
            "year": _clean(fields.get("year", "")),
            "doi": _clean(fields.get("doi", "")),
            "venue": _clean(fields.get("journal") or fields.get("booktitle") or fields.get("publisher") or ""),
            "citations": "",
        }
        rows.append({"line": (entry.start_line or 0) + 1, "values": values})
    return rows


def _read_csv(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "title" not in header or "year" not in header:
        raise PublicationFileError(f"The CSV needs a header row with at least title and year; columns: {CSV_COLUMNS}.")
    rows = []
    for raw in reader:
        values = {(key or "").strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        line = reader.line_num
        rows.append({"line": line, "values": {"ref": f"line {line}", **{c: values.get(c, "") for c in CSV_COLUMNS}}})
    return rows


def read_publications(upload) -> list[dict]:
    if upload.size > MAX_BYTES:
        raise PublicationFileError("The file is larger than 1 MB.")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PublicationFileError("The file is not UTF-8 text.") from error
    is_bibtex = upload.name.lower().endswith(".bib") or text.lstrip().startswith("@")
    rows = _read_bibtex(text) if is_bibtex else _read_csv(text)
    if not rows:
        raise PublicationFileError("The file holds no publications.")
    if len(rows) > MAX_ROWS:
        raise PublicationFileError(f"The file holds more than {MAX_ROWS} publications; split it.")
    return rows
