from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import roles
from core.concurrency import lock_for_update
from core.history import record_change, snapshot
from core.services import model_create, model_update
from partnerships.models import (
    MemberRole,
    Milestone,
    MilestoneStatus,
    Organization,
    Partnership,
    PartnershipMember,
    Phase,
    PhaseChange,
    ResearchArea,
)

# The fields a person edits: the service, the form and the API input take these.
EDITABLE_FIELDS = [
    "title",
    "model",
    "owner",
    "start_date",
    "end_date",
    "objectives",
    "research_areas",
    "internal_notes",
]
MILESTONE_FIELDS = ["title", "description", "due_date", "status", "owner"]


def _check_owner(partnership: Partnership) -> None:
    if partnership.owner_id and not roles.can_edit(partnership.owner):
        raise ValidationError({"owner": "The owner must be a staff member or an admin."})


def _check_members(members: list[tuple[Organization, str]]) -> None:
    organizations = [organization.pk for organization, _ in members]
    if len(set(organizations)) != len(organizations):
        raise ValidationError({"members": "Each organization can be a member only once."})
    leads = [role for _, role in members if role == MemberRole.ACADEMIC_LEAD]
    if len(leads) != 1:
        raise ValidationError({"academic_lead": "A partnership needs exactly one academic lead."})
    if len(members) < 2:
        raise ValidationError({"members": "A partnership needs at least one member besides the academic lead."})


@transaction.atomic
def partnership_create(
    *, actor, data: dict, members: list[tuple[Organization, str]], phase: str = Phase.EXPLORING
) -> Partnership:
    def check(partnership):
        _check_owner(partnership)
        _check_members(members)

    partnership = model_create(
        instance=Partnership(phase=phase),
        fields=EDITABLE_FIELDS,
        data=data,
        actor=actor,
        after_clean=check,
        summary=f"Created with {len(members)} members",
        history_fields=[*EDITABLE_FIELDS, "phase"],
    )
    PartnershipMember.objects.bulk_create(
        PartnershipMember(partnership=partnership, organization=organization, role=role)
        for organization, role in members
    )
    return partnership


@transaction.atomic
def partnership_update(*, partnership: Partnership, actor, data: dict, expected_version: int | None) -> Partnership:
    partnership = lock_for_update(
        Partnership, pk=partnership.pk, expected_version=expected_version, label="partnership"
    )
    partnership, _ = model_update(
        instance=partnership, fields=EDITABLE_FIELDS, data=data, actor=actor, after_clean=_check_owner
    )
    return partnership


@transaction.atomic
def partnership_change_phase(
    *, partnership: Partnership, to_phase: str, actor, reason: str, expected_version: int | None = None
) -> PhaseChange:
    partnership = lock_for_update(
        Partnership, pk=partnership.pk, expected_version=expected_version, label="partnership"
    )
    if to_phase not in Phase.values:
        raise ValidationError({"to_phase": "Choose one of the phases."})
    if to_phase == partnership.phase:
        raise ValidationError({"to_phase": f"The partnership is already in {partnership.get_phase_display()}."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the phase changes; the reason stays in the history."})
    change = PhaseChange.objects.create(
        partnership=partnership,
        from_phase=partnership.phase,
        to_phase=to_phase,
        changed_by=actor,
        reason=reason.strip(),
    )
    before = snapshot(partnership, ["phase"])
    partnership.phase = to_phase
    partnership.version += 1
    partnership.save(update_fields=["phase", "version", "updated_at"])
    record_change(
        actor=actor,
        target=partnership,
        action="phase changed",
        summary=reason.strip(),
        before=before,
        after=snapshot(partnership, ["phase"]),
    )
    return change


@transaction.atomic
def partnership_member_add(
    *, partnership: Partnership, organization: Organization, role: str, actor, joined_on: date | None = None
) -> PartnershipMember:
    partnership = lock_for_update(Partnership, pk=partnership.pk, expected_version=None, label="partnership")
    if partnership.members.filter(organization=organization).exists():
        raise ValidationError({"organization": f"{organization} is already a member of this partnership."})
    if role == MemberRole.ACADEMIC_LEAD and partnership.members.filter(role=MemberRole.ACADEMIC_LEAD).exists():
        raise ValidationError({"role": "This partnership already has an academic lead."})
    member = PartnershipMember(partnership=partnership, organization=organization, role=role, joined_on=joined_on)
    member.full_clean(exclude=["partnership"])
    member.save()
    record_change(actor=actor, target=partnership, action="member added", summary=f"Added {member}")
    return member


@transaction.atomic
def partnership_member_remove(*, member: PartnershipMember, actor) -> None:
    partnership = lock_for_update(Partnership, pk=member.partnership_id, expected_version=None, label="partnership")
    if member.role == MemberRole.ACADEMIC_LEAD:
        raise ValidationError("The academic lead cannot be removed; make another organization the lead first.")
    if partnership.members.exclude(role=MemberRole.ACADEMIC_LEAD).count() <= 1:
        raise ValidationError("A partnership needs at least one member besides the academic lead.")
    if partnership.funding.filter(source=member.organization_id).exists():
        raise ValidationError(f"{member.organization} has funding recorded in this partnership; it stays a member.")
    summary = f"Removed {member}"
    member.delete()
    record_change(actor=actor, target=partnership, action="member removed", summary=summary)


def _milestone_completion(milestone: Milestone) -> None:
    if milestone.status == MilestoneStatus.DONE:
        milestone.completed_on = milestone.completed_on or timezone.localdate()
    else:
        milestone.completed_on = None


@transaction.atomic
def milestone_create(*, partnership: Partnership, actor, data: dict) -> Milestone:
    milestone = Milestone(partnership=partnership, **{name: data[name] for name in MILESTONE_FIELDS if name in data})
    _milestone_completion(milestone)
    milestone.full_clean()
    milestone.save()
    record_change(
        actor=actor,
        target=partnership,
        action="milestone added",
        summary=f"{milestone.title}, due {milestone.due_date:%d %b %Y}",
    )
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, actor, data: dict) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    milestone, _ = model_update(
        instance=milestone,
        fields=MILESTONE_FIELDS,
        data=data,
        actor=actor,
        before_clean=_milestone_completion,
        target=milestone.partnership,
        action="milestone updated",
        summary=lambda milestone: milestone.title,
    )
    return milestone


@transaction.atomic
def research_areas_ensure(*, names: list[str]) -> list[ResearchArea]:
    """The research areas with these names, creating those that do not exist yet (case-insensitive)."""
    areas = []
    for name in dict.fromkeys(name.strip() for name in names if name.strip()):
        area = ResearchArea.objects.filter(name__iexact=name).first()
        if area is None:
            try:
                with transaction.atomic():  # a savepoint: a concurrent create of the same name is not an error
                    area = ResearchArea.objects.create(name=name[:100])
            except IntegrityError:
                area = ResearchArea.objects.get(name=name[:100])
        areas.append(area)
    return areas
