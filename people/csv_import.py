"""The columns of the people and placements CSV files and their templates, for the pages and
the tests; how each column parses and which service writes a row: people.services.imports."""

from core.imports import RecordImport
from people.services.imports import IMPORTS

COLUMNS = {kind: importer.header() for kind, importer in IMPORTS.items()}
PEOPLE_COLUMNS = COLUMNS["people"]
PLACEMENT_COLUMNS = COLUMNS["placements"]
EXAMPLES = {kind: importer.template_rows()[1][0] for kind, importer in IMPORTS.items()}
MAX_ROWS = RecordImport.max_rows


def template_rows(kind: str) -> tuple[list[str], list[list[str]]]:
    return IMPORTS[kind].template_rows()
