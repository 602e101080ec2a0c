"""Every write to people, placements, conflicts and imports, with its rules. Views, API and admin call these."""

from people.services.conflicts import conflict_clear
from people.services.imports import ImportFileError, import_check, import_confirm, import_preview
from people.services.persons import (
    affiliation_add,
    affiliation_remove,
    participation_add,
    participation_remove,
    person_create,
    person_update,
)
from people.services.placements import placement_create, placement_update
from people.services.privacy import person_data_export, person_erase

__all__ = [
    "ImportFileError",
    "affiliation_add",
    "affiliation_remove",
    "conflict_clear",
    "import_check",
    "import_confirm",
    "import_preview",
    "participation_add",
    "participation_remove",
    "person_create",
    "person_data_export",
    "person_erase",
    "person_update",
    "placement_create",
    "placement_update",
]
