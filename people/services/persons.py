from django.core.exceptions import ValidationError
from django.db import transaction

from core.concurrency import lock_for_update
from core.history import record_change
from core.services import model_create, model_update
from people.models import Affiliation, Participation, Person
from people.orcid import normalize

ORCID_TAKEN = "Another person already has this ORCID iD."
ERASED = "This person's personal data was erased; the record cannot be edited."

# The fields a person edits: the service, the form and the API input take these.
EDITABLE_FIELDS = ["first_name", "last_name", "email", "orcid", "kind", "notes"]
AFFILIATION_FIELDS = ["organization", "title", "start_date", "end_date"]


def _normalized(data: dict) -> dict:
    """ORCID iDs in their canonical form and e-mail addresses in lower case, so both compare."""
    data = dict(data)
    if "orcid" in data:
        data["orcid"] = normalize(data["orcid"]) if data["orcid"] else ""
    if "email" in data:
        data["email"] = (data["email"] or "").strip().lower()
    return data


def _check_email(person: Person) -> None:
    if person.email and Person.objects.filter(email__iexact=person.email).exclude(pk=person.pk).exists():
        raise ValidationError({"email": "Another person already has this e-mail address."})


@transaction.atomic
def person_create(*, actor, data: dict, affiliation: dict | None = None) -> Person:
    """A new person, with their first affiliation when one is given."""
    person = model_create(
        instance=Person(),
        fields=EDITABLE_FIELDS,
        data=_normalized(data),
        actor=actor,
        after_clean=_check_email,
        clean_exclude=["user"],
        unique=("orcid", ORCID_TAKEN),
    )
    if affiliation:
        _affiliation_save(Affiliation(person=person, **affiliation))
    return person


@transaction.atomic
def person_update(*, person: Person, actor, data: dict, expected_version: int | None) -> Person:
    person = lock_for_update(Person, pk=person.pk, expected_version=expected_version, label="person")
    if person.is_erased:
        raise ValidationError(ERASED)
    person, _ = model_update(
        instance=person,
        fields=EDITABLE_FIELDS,
        data=_normalized(data),
        actor=actor,
        after_clean=_check_email,
        clean_exclude=["user"],
        unique=("orcid", ORCID_TAKEN),
    )
    return person


def _affiliation_save(affiliation: Affiliation) -> Affiliation:
    affiliation.full_clean(exclude=["person"])
    affiliation.save()
    return affiliation


@transaction.atomic
def affiliation_add(*, person: Person, actor, data: dict) -> Affiliation:
    person = lock_for_update(Person, pk=person.pk, expected_version=None, label="person")
    if person.is_erased:
        raise ValidationError(ERASED)
    affiliation = _affiliation_save(
        Affiliation(person=person, **{name: data.get(name) for name in AFFILIATION_FIELDS if name in data})
    )
    record_change(
        actor=actor,
        target=person,
        action="affiliation added",
        summary=f"{affiliation.title or 'Affiliated'} at {affiliation.organization}",
    )
    return affiliation


@transaction.atomic
def affiliation_remove(*, affiliation: Affiliation, actor) -> None:
    person = lock_for_update(Person, pk=affiliation.person_id, expected_version=None, label="person")
    if person.user_id and person.affiliations.count() == 1:
        # Their login acts for the organization of this affiliation (core.roles).
        raise ValidationError("This is the only affiliation of a person who signs in; end it with a date instead.")
    summary = f"Removed {affiliation.title or 'affiliation'} at {affiliation.organization}"
    affiliation.delete()
    record_change(actor=actor, target=person, action="affiliation removed", summary=summary)


@transaction.atomic
def participation_add(*, person: Person, partnership, role: str, actor) -> Participation:
    person = lock_for_update(Person, pk=person.pk, expected_version=None, label="person")
    if person.is_erased:
        raise ValidationError(ERASED)
    participation = Participation(person=person, partnership=partnership, role=role)
    participation.full_clean()
    participation.save()
    summary = f"{participation.get_role_display()} in {partnership}"
    record_change(actor=actor, target=person, action="role added", summary=summary)
    record_change(actor=actor, target=partnership, action="person added", summary=f"{person}: {summary}")
    return participation


@transaction.atomic
def participation_remove(*, participation: Participation, actor) -> None:
    person = lock_for_update(Person, pk=participation.person_id, expected_version=None, label="person")
    summary = f"{participation.get_role_display()} in {participation.partnership}"
    partnership = participation.partnership
    participation.delete()
    record_change(actor=actor, target=person, action="role removed", summary=summary)
    record_change(actor=actor, target=partnership, action="person removed", summary=f"{person}: {summary}")
