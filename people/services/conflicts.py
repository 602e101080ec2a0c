from django.core.exceptions import ValidationError
from django.db import transaction

from core.concurrency import save_unique
from core.history import record_change
from people.models import ConflictClearance
from people.selectors import conflict_exists


@transaction.atomic
def conflict_clear(*, person, organization, partnership, actor, note: str) -> ConflictClearance:
    """Staff reviewed a flagged conflict and clear it; the note and who cleared it stay on record."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say why the conflict is acceptable; the note stays on record."})
    conflict = conflict_exists(
        user=actor, person=person, organization_id=organization.pk, partnership_id=partnership.pk
    )
    if conflict is None:
        raise ValidationError("This conflict is no longer flagged; there is nothing to clear.")
    if conflict.cleared:
        raise ValidationError("This conflict has already been cleared.")
    clearance = ConflictClearance(
        person=person, organization=organization, partnership=partnership, note=note, cleared_by=actor
    )
    save_unique(clearance, field="note", message="This conflict has already been cleared.")
    summary = f"Conflict of interest with {organization} in {partnership} cleared: {note}"
    record_change(actor=actor, target=person, action="conflict cleared", summary=summary)
    record_change(actor=actor, target=partnership, action="conflict cleared", summary=f"{person}: {summary}")
    return clearance
