from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.concurrency import lock_for_update
from core.history import record_change
from core.services import model_create, model_update
from people.models import Person, Placement, PlacementStatus
from people.models.placements import OCCUPYING_STATUSES

# The fields a person edits: the service, the form and the API input take these.
EDITABLE_FIELDS = [
    "person",
    "kind",
    "home_organization",
    "host_organization",
    "partnership",
    "academic_advisor",
    "industry_mentor",
    "start_date",
    "end_date",
    "status",
    "outcome",
    "notes",
]


def _overlapping(placement: Placement):
    """The person's other placements whose periods share at least a day with this one.

    An open end means "still going". Cancelled placements never happened, so they overlap nothing.
    """
    others = Placement.objects.filter(person_id=placement.person_id, status__in=OCCUPYING_STATUSES).exclude(
        pk=placement.pk
    )
    others = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=placement.start_date))
    if placement.end_date:
        others = others.filter(start_date__lte=placement.end_date)
    return others.select_related("host_organization").order_by("start_date")


def _period(placement: Placement) -> str:
    end = f"{placement.end_date:%d %b %Y}" if placement.end_date else "open-ended"
    return f"{placement.start_date:%d %b %Y} – {end}"


def _check_outcome(placement: Placement) -> None:
    # Before full_clean: the message names the field, where the model's constraint would not.
    if placement.outcome and placement.status != PlacementStatus.COMPLETED:
        raise ValidationError({"outcome": "Record the career outcome once the placement is completed."})


def _check(placement: Placement) -> None:
    if placement.person.is_erased and placement._state.adding:
        raise ValidationError({"person": "This person's personal data was erased; add no new placements."})
    if placement.partnership_id:
        member_ids = set(placement.partnership.members.values_list("organization_id", flat=True))
        if not member_ids & {placement.home_organization_id, placement.host_organization_id}:
            raise ValidationError(
                {"partnership": "The home or the host organization must be a member of this partnership."}
            )
    if placement.status == PlacementStatus.COMPLETED and not placement.end_date:
        raise ValidationError({"end_date": "A completed placement needs its end date."})
    if (
        placement.status in (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)
        and placement.start_date > timezone.localdate()
    ):
        raise ValidationError({"status": "A placement that has not started yet is planned, not active or completed."})
    if placement.status in OCCUPYING_STATUSES:
        clash = _overlapping(placement).first()
        if clash:
            raise ValidationError(
                {
                    "start_date": f"{placement.person} already has a placement in this period: "
                    f"{clash.get_kind_display().lower()} at {clash.host_organization}, {_period(clash)}. "
                    "One person's placements may not overlap."
                }
            )


def _blanks(data: dict) -> dict:
    """An empty outcome or note arrives as None from some inputs; the columns hold ""."""
    return {name: "" if value is None and name in ("outcome", "notes") else value for name, value in data.items()}


@transaction.atomic
def placement_create(*, actor, data: dict) -> Placement:
    if data.get("person") is not None:
        # Serialise placements of one person, so two concurrent creations cannot both pass the overlap check.
        Person.objects.select_for_update().filter(pk=data["person"].pk).first()
    placement = model_create(
        instance=Placement(),
        fields=EDITABLE_FIELDS,
        data=_blanks(data),
        actor=actor,
        before_clean=_check_outcome,
        after_clean=_check,
    )
    record_change(
        actor=actor,
        target=placement.person,
        action="placement added",
        summary=f"{placement.get_kind_display()} at {placement.host_organization}, {_period(placement)}",
    )
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, actor, data: dict, expected_version: int | None) -> Placement:
    placement = lock_for_update(Placement, pk=placement.pk, expected_version=expected_version, label="placement")
    Person.objects.select_for_update().filter(pk=placement.person_id).first()
    placement, _ = model_update(
        instance=placement,
        fields=EDITABLE_FIELDS,
        data=_blanks(data),
        actor=actor,
        before_clean=_check_outcome,
        after_clean=_check,
    )
    return placement
