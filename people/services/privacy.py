"""Personal data: exporting everything held about a person, and erasing it while keeping the facts."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from core.concurrency import lock_for_update
from core.history import record_change
from core.models import ChangeLog
from people.models import ConflictClearance, Person, Placement
from people.selectors import person_data


@transaction.atomic
def person_data_export(*, person: Person, actor) -> dict:
    """The person's data as a document; the export itself is recorded (who, when)."""
    data = person_data(person, user=actor)
    record_change(actor=actor, target=person, action="personal data exported")
    return data


def _replace_all(value, patterns: list[re.Pattern], replacement: str):
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, dict):
        return {key: _replace_all(inner, patterns, replacement) for key, inner in value.items()}
    if isinstance(value, list):
        return [_replace_all(inner, patterns, replacement) for inner in value]
    return value


def _scrub_history(identifying: list[str], replacement: str) -> None:
    """Take the person's identifying values out of every change record that mentions them.

    History of other records names people too ("Mei Chen: principal investigator in ..."); the
    words go, the record of what happened stays.
    """
    identifying = [value for value in identifying if value]
    if not identifying:
        return
    mentions = Q()
    for value in identifying:
        mentions |= Q(summary__icontains=value) | Q(changes_text__icontains=value)
    patterns = [re.compile(re.escape(value), re.IGNORECASE) for value in sorted(identifying, key=len, reverse=True)]
    entries = ChangeLog.objects.annotate(changes_text=Cast("changes", TextField())).filter(mentions)
    for entry in entries.select_for_update(of=("self",)):
        entry.summary = _replace_all(entry.summary, patterns, replacement)
        entry.changes = _replace_all(entry.changes, patterns, replacement)
        entry.save(update_fields=["summary", "changes"])


@transaction.atomic
def person_erase(*, person: Person, actor) -> Person:
    """Anonymise every identifying field of a person; their placements and roles stay and still count.

    Irreversible. A person who signs in is refused: an admin deactivates and unlinks the login
    first, so nobody loses access by surprise.
    """
    person = lock_for_update(Person, pk=person.pk, expected_version=None, label="person")
    if person.is_erased:
        raise ValidationError("This person's personal data has already been erased.")
    if person.user_id:
        raise ValidationError(
            "This person signs in to Tandem. An admin must deactivate the login and unlink it before erasure."
        )
    identifying = [person.full_name, person.email, person.orcid]
    identifying += [f"{person.last_name}, {person.first_name}", person.first_name, person.last_name]
    identifying = [value for value in identifying if len(value) >= 3]  # a two-letter name would scrub everything
    anonymous = ("Erased", f"person {person.pk}")
    replacement = " ".join(anonymous)

    person.first_name, person.last_name = anonymous
    person.email = person.orcid = person.notes = ""
    person.erased_at = timezone.now()
    person.version += 1
    person.save()
    # No history per row: erasure is recorded once, below, and a before/after of these fields
    # would copy the very text being erased into the change log.
    person.affiliations.update(title="")
    Placement.objects.filter(person=person).update(notes="")
    clearances = ConflictClearance.objects.filter(person=person)
    for clearance in clearances.select_for_update():
        clearance.note = _replace_all(
            clearance.note, [re.compile(re.escape(v), re.I) for v in identifying], replacement
        )
        clearance.save(update_fields=["note"])
    _scrub_history(identifying, replacement)
    record_change(actor=actor, target=person, action="personal data erased", summary="Identifying fields anonymised")
    return person
