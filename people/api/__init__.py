"""The REST API for people and placements: serializers validate and present, services write."""

from people.api.persons import PersonViewSet
from people.api.placements import PlacementViewSet

__all__ = ["PersonViewSet", "PlacementViewSet"]
