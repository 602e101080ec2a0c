from django.core.exceptions import ValidationError
from django.db import transaction

from core.concurrency import lock_for_update
from core.services import model_create, model_update
from partnerships.models import Organization

NAME_TAKEN = "An organization with this name already exists."
# The fields a person edits: the service, the form and the API input take these.
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


@transaction.atomic
def organization_create(*, actor, data: dict) -> Organization:
    return model_create(
        instance=Organization(),
        fields=EDITABLE_FIELDS,
        data=data,
        actor=actor,
        after_clean=_check_parent,
        unique=("name", NAME_TAKEN),
        summary=lambda organization: f"Created {organization.name}",
    )


@transaction.atomic
def organization_update(*, organization: Organization, actor, data: dict, expected_version: int | None) -> Organization:
    organization = lock_for_update(
        Organization, pk=organization.pk, expected_version=expected_version, label="organization"
    )
    organization, _ = model_update(
        instance=organization,
        fields=EDITABLE_FIELDS,
        data=data,
        actor=actor,
        after_clean=_check_parent,
        unique=("name", NAME_TAKEN),
    )
    return organization
