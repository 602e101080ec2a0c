import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from agreements import terms
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Amendment,
    BallChange,
    BallHolder,
    StatusChange,
)
from core import roles
from core.concurrency import lock_for_update
from core.history import record_change, snapshot
from core.services import model_create, model_update

FIELDS = [
    "kind",
    "title",
    "owner",
    "parent",
    "value",
    "currency",
    "effective_date",
    "expiry_date",
    "renewal_notice_days",
    "internal_notes",
]
# The fields a person edits: the service, the form and the API input take these.
EDITABLE_FIELDS = [*FIELDS, *terms.TERM_FIELDS]
# Once signed, terms change only by amendment: these states freeze the record.
FROZEN_STATUSES = (AgreementStatus.EXECUTED, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)


def _check(agreement: Agreement) -> None:
    # Before full_clean: these messages name the field, where the model's constraint would not.
    if agreement.owner_id and not roles.can_edit(agreement.owner):
        raise ValidationError({"owner": "The owner must be a staff member or an admin."})
    parent = agreement.parent
    if agreement.kind == AgreementKind.STATEMENT_OF_WORK and parent is None:
        raise ValidationError({"parent": "A statement of work names its master agreement."})
    if parent is not None:
        if agreement.kind != AgreementKind.STATEMENT_OF_WORK:
            raise ValidationError({"parent": "Only a statement of work sits under a master agreement."})
        if parent.kind != AgreementKind.MASTER_RESEARCH or parent.partnership_id != agreement.partnership_id:
            raise ValidationError({"parent": "Choose a master research agreement of the same partnership."})


def _check_parties(partnership, parties) -> None:
    if not parties:
        raise ValidationError({"parties": "Name at least one party."})
    organizations = [organization.pk for organization, _ in parties]
    if len(set(organizations)) != len(organizations):
        raise ValidationError({"parties": "Each organization can be a party only once."})
    members = set(partnership.members.values_list("organization_id", flat=True))
    outsiders = [str(organization) for organization, _ in parties if organization.pk not in members]
    if outsiders:
        raise ValidationError({"parties": f"Not members of the partnership: {', '.join(outsiders)}."})


@transaction.atomic
def agreement_create(*, partnership, actor, data: dict, parties: list[tuple], preset: str | None = None) -> Agreement:
    """Draft a new agreement; a preset fills the terms first, and `data` may override any of them."""
    agreement = Agreement(partnership=partnership, reference=f"TMP-{uuid.uuid4().hex[:16]}")
    if preset:
        if preset not in terms.PRESETS:
            raise ValidationError({"preset": "Unknown preset."})
        for name, value in terms.preset_terms(preset).items():
            setattr(agreement, name, value)
    model_create(
        instance=agreement,
        fields=EDITABLE_FIELDS,
        data=data,
        actor=actor,
        before_clean=_check,
        after_clean=lambda agreement: _check_parties(partnership, parties),
        clean_exclude=["reference"],
        summary=f"Drafted from {terms.PRESETS[preset][0]}" if preset else "Drafted",
    )
    # The primary key makes the reference unique without a second counter to keep in step.
    agreement.reference = f"AGR-{timezone.localdate():%Y}-{agreement.pk:05d}"
    agreement.save(update_fields=["reference"])
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, organization=organization, signatory=signatory)
        for organization, signatory in parties
    )
    BallChange.objects.create(agreement=agreement, holder=agreement.ball_holder, actor=actor, note="First draft")
    _check_against_playbook(agreement, actor)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, actor, data: dict, expected_version: int | None) -> Agreement:
    agreement = lock_for_update(Agreement, pk=agreement.pk, expected_version=expected_version, label="agreement")
    if agreement.status in FROZEN_STATUSES:
        raise ValidationError(
            f"A {agreement.get_status_display().lower()} agreement cannot be edited; record an amendment."
        )
    agreement, _ = model_update(
        instance=agreement,
        fields=EDITABLE_FIELDS,
        data=data,
        actor=actor,
        before_clean=_check,
        clean_exclude=["reference"],
    )
    _check_against_playbook(agreement, actor)
    return agreement


def _check_against_playbook(agreement: Agreement, actor) -> None:
    from agreements.services.playbook import agreement_check

    agreement_check(agreement=agreement, actor=actor)
    # Statements of work inherit terms: a change to the master changes what they agree to.
    for statement in agreement.statements_of_work.all():
        agreement_check(agreement=statement, actor=actor)


def _missing_for_execution(agreement: Agreement) -> list[str]:
    missing = []
    if agreement.effective_date is None:
        missing.append("the effective date")
    unsigned = [
        str(party.organization) for party in agreement.parties.select_related("organization") if party.signed_on is None
    ]
    if unsigned:
        missing.append(f"signature dates of {', '.join(unsigned)}")
    return missing


def _move(agreement: Agreement, to_status: str, actor, note: str) -> StatusChange:
    change = StatusChange.objects.create(
        agreement=agreement, from_status=agreement.status, to_status=to_status, actor=actor, note=note
    )
    before = snapshot(agreement, ["status"])
    agreement.status = to_status
    if to_status == AgreementStatus.EXECUTED:
        agreement.executed_at = timezone.now()
    agreement.version += 1
    agreement.save(update_fields=["status", "executed_at", "version", "updated_at"])
    record_change(
        actor=actor,
        target=agreement,
        action="status changed",
        summary=note,
        before=before,
        after=snapshot(agreement, ["status"]),
    )
    return change


@transaction.atomic
def agreement_transition(
    *, agreement: Agreement, to_status: str, actor, note: str = "", expected_version: int | None = None
) -> StatusChange:
    agreement = lock_for_update(Agreement, pk=agreement.pk, expected_version=expected_version, label="agreement")
    if not terms.is_allowed(agreement.status, to_status):
        allowed = ", ".join(AgreementStatus(s).label for s in terms.allowed_transitions(agreement.status)) or "none"
        target = AgreementStatus(to_status).label if to_status in AgreementStatus.values else to_status
        current = agreement.get_status_display().lower()
        raise ValidationError(
            {"to_status": f"A {current} agreement cannot move to {target.lower()}. Allowed: {allowed}."}
        )
    if to_status == AgreementStatus.APPROVED and (unsigned := list(agreement.deviations.needing_sign_off())):
        positions = "; ".join(deviation.standard_position for deviation in unsigned)
        raise ValidationError({"to_status": f"An admin must sign off the blocking deviations first: {positions}"})
    if to_status == AgreementStatus.EXECUTED and (missing := _missing_for_execution(agreement)):
        raise ValidationError({"to_status": f"To record execution, first enter {' and '.join(missing)}."})
    return _move(agreement, to_status, actor, note.strip())


def agreements_expire_due(*, today: date | None = None) -> int:
    """Move executed agreements past their expiry date to expired. Safe to run twice."""
    today = today or timezone.localdate()
    expired = 0
    for pk in Agreement.objects.filter(status=AgreementStatus.EXECUTED, expiry_date__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            agreement = Agreement.objects.select_for_update().get(pk=pk)
            if agreement.status != AgreementStatus.EXECUTED:  # another run got here first
                continue
            _move(agreement, AgreementStatus.EXPIRED, None, f"Expired on {agreement.expiry_date:%d %b %Y}")
            expired += 1
    return expired


@transaction.atomic
def agreement_pass_ball(*, agreement: Agreement, holder: str, actor, note: str = "") -> BallChange:
    agreement = lock_for_update(Agreement, pk=agreement.pk, expected_version=None, label="agreement")
    if holder not in BallHolder.values:
        raise ValidationError({"holder": "Choose who holds the ball."})
    if agreement.status in FROZEN_STATUSES:
        raise ValidationError("The negotiation is over for this agreement.")
    if holder == agreement.ball_holder:
        raise ValidationError({"holder": "They already hold the ball."})
    change = BallChange.objects.create(agreement=agreement, holder=holder, actor=actor, note=note)
    agreement.ball_holder = holder
    agreement.save(update_fields=["ball_holder", "updated_at"])
    record_change(
        actor=actor, target=agreement, action="ball passed", summary=f"to {change.get_holder_display()}. {note}".strip()
    )
    return change


@transaction.atomic
def party_sign(*, party: AgreementParty, actor, signed_on: date, signatory=None) -> AgreementParty:
    party = AgreementParty.objects.select_for_update().select_related("agreement", "organization").get(pk=party.pk)
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "A signature date cannot be in the future."})
    party.signed_on = signed_on
    if signatory is not None:
        party.signatory = signatory
    party.save(update_fields=["signed_on", "signatory"])
    record_change(
        actor=actor,
        target=party.agreement,
        action="signature recorded",
        summary=f"{party.organization} signed on {signed_on:%d %b %Y}",
    )
    return party


def ball_days(agreement: Agreement, changes=None, now=None) -> dict[str, int]:
    """Days each side held the ball from the first draft to execution (or to now).

    `changes`: the agreement's ball changes in order, when the caller already has them.
    """
    changes = [(c.holder, c.since) for c in (agreement.ball_changes.all() if changes is None else changes)]
    return terms.ball_days(changes, agreement.executed_at or now or timezone.now()) if changes else {}


@transaction.atomic
def amendment_record(
    *,
    agreement: Agreement,
    actor,
    title: str,
    summary: str,
    effective_date: date,
    new_expiry_date: date | None = None,
    document=None,
) -> Amendment:
    """Record a signed amendment to an executed agreement; it may extend the expiry date."""
    agreement = lock_for_update(Agreement, pk=agreement.pk, expected_version=None, label="agreement")
    if agreement.status != AgreementStatus.EXECUTED:
        raise ValidationError("Only an executed agreement is amended; change a draft directly.")
    if document is not None and document.agreement_id != agreement.pk:
        raise ValidationError({"document": "Choose a document of this agreement."})
    if new_expiry_date is not None and agreement.expiry_date and new_expiry_date <= agreement.expiry_date:
        raise ValidationError({"new_expiry_date": "An extension must end after the current expiry date."})
    number = agreement.amendments.count() + 1
    amendment = Amendment(
        agreement=agreement,
        number=number,
        title=title,
        summary=summary,
        effective_date=effective_date,
        new_expiry_date=new_expiry_date,
        document=document,
        created_by=actor,
    )
    amendment.full_clean()
    amendment.save()
    before = snapshot(agreement, ["expiry_date"])
    if new_expiry_date is not None:
        agreement.expiry_date = new_expiry_date
        agreement.version += 1
        agreement.save(update_fields=["expiry_date", "version", "updated_at"])
    record_change(
        actor=actor,
        target=agreement,
        action="amended",
        summary=str(amendment),
        before=before,
        after=snapshot(agreement, ["expiry_date"]),
    )
    return amendment
