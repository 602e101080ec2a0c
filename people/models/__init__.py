from people.models.conflicts import ConflictClearance
from people.models.imports import ImportBatch, ImportKind, ImportStatus
from people.models.persons import (
    Affiliation,
    Participation,
    ParticipationRole,
    Person,
    PersonKind,
)
from people.models.placements import CareerOutcome, Placement, PlacementKind, PlacementStatus

__all__ = [
    "Affiliation",
    "CareerOutcome",
    "ConflictClearance",
    "ImportBatch",
    "ImportKind",
    "ImportStatus",
    "Participation",
    "ParticipationRole",
    "Person",
    "PersonKind",
    "Placement",
    "PlacementKind",
    "PlacementStatus",
]
