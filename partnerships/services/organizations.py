from django.core.exceptions import ValidationError
from django.db import transaction

from core.concurrency import lock_for_update, save_unique
from core.history import record_change, snapshot
from partnerships.models import Organization

NAME_TAKEN = "An organization with this name already exists."
EDITABLE_FIELDS = ["name", "kind", "country", "sector", "parent", "website", "status", "internal_notes"]


def _check_parent(organization: Organization) -> None:
    """A parent chain must end: an organization cannot sit under itself or its own units."""
    parent = organization.parent
    seen = set()
    while parent is not None:
        if parent.pk == organization.pk or parent.pk in seen:
            raise ValidationError({"parent": "An organization cannot sit under itself or one of its own units."})
        seen.add(parent.pk)
        parent = parent.parent


def _apply(organization: Organization, data: dict) -> None:
    for name, value in data.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} is not an editable organization field")
        setattr(organization, name, value)
    organization.full_clean()
    _check_parent(organization)


@transaction.atomic
def organization_create(*, actor, data: dict) -> Organization:
    organization = Organization()
    _apply(organization, data)
    save_unique(organization, field="name", message=NAME_TAKEN)
    record_change(
        actor=actor,
        target=organization,
        action="created",
        summary=f"Created {organization.name}",
        after=snapshot(organization, EDITABLE_FIELDS),
    )
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, actor, data: dict, expected_version: int | None) -> Organization:
    organization = lock_for_update(
        Organization, pk=organization.pk, expected_version=expected_version, label="organization"
    )
    before = snapshot(organization, EDITABLE_FIELDS)
    _apply(organization, data)
    organization.version += 1
    save_unique(organization, field="name", message=NAME_TAKEN)
    record_change(
        actor=actor, target=organization, action="updated", before=before, after=snapshot(organization, EDITABLE_FIELDS)
    )
    return organization
