"""People, placements, conflicts of interest and personal data: the rules in the services."""

import json
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import ChangeLog
from people import selectors, services
from people.models import (
    Affiliation,
    CareerOutcome,
    ConflictClearance,
    Participation,
    ParticipationRole,
    Person,
    PersonKind,
    Placement,
    PlacementKind,
    PlacementStatus,
)
from people.orcid import check_digit, normalize, validate_orcid
from tests.people.factories import AffiliationFactory, ParticipationFactory, PersonFactory, PlacementFactory

pytestmark = pytest.mark.django_db


# --- ORCID -----------------------------------------------------------------------------------


def test_orcid_check_digit_follows_iso_7064():
    assert check_digit("000000021825009") == "7"
    assert check_digit("000000017788990") == "X"
    validate_orcid("0000-0002-1825-0097")
    with pytest.raises(ValidationError, match="check digit"):
        validate_orcid("0000-0002-1825-0098")
    with pytest.raises(ValidationError, match="like"):
        validate_orcid("1234")


def test_orcid_is_normalised_from_a_pasted_url():
    assert normalize("https://orcid.org/0000-0001-7788-990x") == "0000-0001-7788-990X"
    assert normalize("0000000218250097") == "0000-0002-1825-0097"


def test_person_with_a_mistyped_orcid_is_refused_next_to_the_field(staff_user):
    with pytest.raises(ValidationError) as error:
        services.person_create(
            actor=staff_user,
            data={"first_name": "Ada", "last_name": "L", "kind": PersonKind.FACULTY, "orcid": "0000-0002-1825-0098"},
        )
    assert "orcid" in error.value.message_dict
    assert not Person.objects.filter(first_name="Ada").exists()


def test_person_create_records_history_and_first_affiliation(staff_user, university):
    person = services.person_create(
        actor=staff_user,
        data={"first_name": "Ada", "last_name": "Lovelace", "kind": PersonKind.PHD_STUDENT, "email": "ADA@x.org"},
        affiliation={"organization": university, "title": "PhD candidate", "start_date": date(2024, 9, 1)},
    )
    assert person.email == "ada@x.org"
    assert person.affiliations.get().organization == university
    assert ChangeLog.objects.filter(object_id=person.pk, action="created").exists()


# --- Placements ------------------------------------------------------------------------------


def _placement_data(partnership, person, **overrides):
    members = {m.role: m.organization for m in partnership.members.all()}
    data = {
        "person": person,
        "kind": PlacementKind.INTERNSHIP,
        "home_organization": members["academic_lead"],
        "host_organization": members["lead_sponsor"],
        "partnership": partnership,
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 3, 31),
        "status": PlacementStatus.COMPLETED,
        "outcome": "",
    }
    return {**data, **overrides}


def test_overlapping_placements_of_one_person_are_refused_with_a_clear_message(staff_user, acme_partnership):
    person = PersonFactory(first_name="Mei", last_name="Chen")
    services.placement_create(actor=staff_user, data=_placement_data(acme_partnership, person))
    with pytest.raises(ValidationError) as error:
        services.placement_create(
            actor=staff_user,
            data=_placement_data(acme_partnership, person, start_date=date(2025, 3, 1), end_date=date(2025, 5, 1)),
        )
    message = error.value.message_dict["start_date"][0]
    assert "Mei Chen already has a placement in this period" in message
    assert "01 Jan 2025 – 31 Mar 2025" in message
    assert Placement.objects.filter(person=person).count() == 1


def test_an_open_ended_placement_overlaps_everything_after_it(staff_user, acme_partnership):
    person = PersonFactory()
    services.placement_create(
        actor=staff_user, data=_placement_data(acme_partnership, person, end_date=None, status=PlacementStatus.ACTIVE)
    )
    with pytest.raises(ValidationError, match="already has a placement"):
        services.placement_create(
            actor=staff_user,
            data=_placement_data(acme_partnership, person, start_date=date(2030, 1, 1), end_date=date(2030, 2, 1),
                                 status=PlacementStatus.PLANNED),
        )  # fmt: skip


def test_adjacent_and_cancelled_placements_do_not_overlap(staff_user, acme_partnership):
    person = PersonFactory()
    services.placement_create(actor=staff_user, data=_placement_data(acme_partnership, person))
    services.placement_create(
        actor=staff_user,
        data=_placement_data(acme_partnership, person, start_date=date(2025, 4, 1), end_date=date(2025, 6, 30)),
    )
    services.placement_create(
        actor=staff_user,
        data=_placement_data(acme_partnership, person, status=PlacementStatus.CANCELLED),
    )
    assert Placement.objects.filter(person=person).count() == 3


def test_updating_a_placement_into_an_overlap_is_refused(staff_user, acme_partnership):
    person = PersonFactory()
    services.placement_create(actor=staff_user, data=_placement_data(acme_partnership, person))
    later = services.placement_create(
        actor=staff_user,
        data=_placement_data(acme_partnership, person, start_date=date(2025, 6, 1), end_date=date(2025, 7, 1)),
    )
    with pytest.raises(ValidationError, match="already has a placement"):
        services.placement_update(
            placement=later, actor=staff_user, data={"start_date": date(2025, 2, 1)}, expected_version=later.version
        )


def test_outcome_only_once_completed(staff_user, acme_partnership):
    with pytest.raises(ValidationError) as error:
        services.placement_create(
            actor=staff_user,
            data=_placement_data(
                acme_partnership, PersonFactory(), status=PlacementStatus.PLANNED,
                start_date=date(2031, 1, 1), end_date=None, outcome=CareerOutcome.HIRED_BY_HOST,
            ),
        )  # fmt: skip
    assert "outcome" in error.value.message_dict


def test_placement_in_a_partnership_neither_organization_belongs_to_is_refused(staff_user, acme_partnership, globex):
    from tests.partnerships.factories import OrganizationFactory

    data = _placement_data(
        acme_partnership,
        PersonFactory(),
        home_organization=OrganizationFactory(name="Elsewhere"),
        host_organization=globex,
    )
    with pytest.raises(ValidationError) as error:
        services.placement_create(actor=staff_user, data=data)
    assert "partnership" in error.value.message_dict


# --- Conflicts of interest -----------------------------------------------------------------


@pytest.fixture
def acme_pi(acme_partnership, university):
    person = PersonFactory(first_name="Priya", last_name="Raman")
    AffiliationFactory(person=person, organization=university, title="Professor")
    ParticipationFactory(person=person, partnership=acme_partnership, role=ParticipationRole.PRINCIPAL_INVESTIGATOR)
    return person


def test_pi_affiliated_with_the_sponsor_is_a_conflict(staff_user, acme_pi, acme, acme_partnership):
    AffiliationFactory(person=acme_pi, organization=acme, title="Consultant")
    [conflict] = selectors.conflicts_of_interest(user=staff_user)
    assert (conflict.person, conflict.organization, conflict.partnership) == (acme_pi, acme, acme_partnership)
    assert conflict.ties == ["affiliated as Consultant"]
    assert not conflict.cleared


def test_pi_placed_at_the_sponsor_is_a_conflict(staff_user, acme_pi, acme_partnership):
    PlacementFactory(
        person=acme_pi,
        partnership=acme_partnership,
        kind=PlacementKind.JOINT_APPOINTMENT,
        status=PlacementStatus.ACTIVE,
        outcome="",
        start_date=timezone.localdate() - timedelta(days=10),
        end_date=None,
    )
    [conflict] = selectors.conflicts_of_interest(user=staff_user)
    assert conflict.ties == ["placed (Joint faculty appointment)"]


def test_no_conflict_for_the_academic_lead_a_past_affiliation_or_a_non_lead_role(
    staff_user, acme_pi, acme, acme_partnership
):
    AffiliationFactory(person=acme_pi, organization=acme, start_date=date(2010, 1, 1), end_date=date(2012, 1, 1))
    researcher = PersonFactory()
    AffiliationFactory(person=researcher, organization=acme)
    ParticipationFactory(person=researcher, partnership=acme_partnership, role=ParticipationRole.RESEARCHER)
    assert selectors.conflicts_of_interest(user=staff_user) == []


def test_partners_never_see_conflicts(acme_liaison, acme_pi, acme):
    AffiliationFactory(person=acme_pi, organization=acme)
    assert selectors.conflicts_of_interest(user=acme_liaison) == []


def test_clearing_a_conflict_is_recorded_and_keeps_the_flag_marked_cleared(staff_user, acme_pi, acme, acme_partnership):
    AffiliationFactory(person=acme_pi, organization=acme)
    with pytest.raises(ValidationError, match="Say why"):
        services.conflict_clear(
            person=acme_pi, organization=acme, partnership=acme_partnership, actor=staff_user, note=" "
        )
    services.conflict_clear(
        person=acme_pi, organization=acme, partnership=acme_partnership, actor=staff_user, note="Unpaid advisory role"
    )
    [conflict] = selectors.conflicts_of_interest(user=staff_user)
    assert conflict.cleared and conflict.clearance.note == "Unpaid advisory role"
    assert conflict.clearance.cleared_by == staff_user
    assert selectors.conflicts_of_interest(user=staff_user, include_cleared=False) == []
    assert ChangeLog.objects.filter(object_id=acme_pi.pk, action="conflict cleared").exists()
    with pytest.raises(ValidationError, match="already been cleared"):
        services.conflict_clear(
            person=acme_pi, organization=acme, partnership=acme_partnership, actor=staff_user, note="again"
        )


def test_a_conflict_that_is_not_flagged_cannot_be_cleared(staff_user, acme_pi, acme, acme_partnership):
    with pytest.raises(ValidationError, match="no longer flagged"):
        services.conflict_clear(
            person=acme_pi, organization=acme, partnership=acme_partnership, actor=staff_user, note="x"
        )
    assert not ConflictClearance.objects.exists()


def test_conflicts_take_a_constant_number_of_queries(staff_user, acme, university, django_assert_max_num_queries):
    from tests.partnerships.factories import PartnershipFactory

    for _n in range(10):
        partnership = PartnershipFactory(lead=university, sponsor=acme)
        person = PersonFactory()
        AffiliationFactory(person=person, organization=acme)
        ParticipationFactory(person=person, partnership=partnership, role=ParticipationRole.PRINCIPAL_INVESTIGATOR)
    staff_user.refresh_from_db()
    with django_assert_max_num_queries(6):
        assert len(selectors.conflicts_of_interest(user=staff_user)) == 10


# --- Personal data ---------------------------------------------------------------------------


def _database_text() -> str:
    """Every row of every table of ours, as text: what an erasure must leave no trace in."""
    chunks = []
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "axes"}:
            continue
        chunks.append(serializers.serialize("json", model.objects.all()))
    return "\n".join(chunks).lower()


def test_erasure_leaves_no_identifying_field_behind(staff_user, acme_partnership, acme, university):
    person = services.person_create(
        actor=staff_user,
        data={
            "first_name": "Zephyrine",
            "last_name": "Quarrington",
            "email": "zq@unusual-domain.example",
            "orcid": "0000-0002-1825-0097",
            "kind": PersonKind.PHD_STUDENT,
            "notes": "Zephyrine prefers remote work",
        },
        affiliation={"organization": university, "title": "PhD candidate in Quarrington lab", "start_date": None},
    )
    services.participation_add(
        person=person, partnership=acme_partnership, role=ParticipationRole.PRINCIPAL_INVESTIGATOR, actor=staff_user
    )
    AffiliationFactory(person=person, organization=acme, title="Advisor")
    placement = services.placement_create(
        actor=staff_user, data={**_placement_data(acme_partnership, person), "notes": "Zephyrine did well"}
    )
    other = PersonFactory()
    PlacementFactory(person=other, partnership=acme_partnership, academic_advisor=person)
    services.conflict_clear(
        person=person, organization=acme, partnership=acme_partnership, actor=staff_user,
        note="Quarrington's Acme role is unpaid",
    )  # fmt: skip
    placements_before = Placement.objects.count()
    assert "quarrington" in _database_text()

    services.person_erase(person=person, actor=staff_user)

    text = _database_text()
    for value in ("zephyrine", "quarrington", "zq@unusual-domain.example", "0000-0002-1825-0097"):
        assert value not in text, f"{value} is still in the database"
    person.refresh_from_db()
    assert person.is_erased and person.full_name == f"Erased person {person.pk}"
    # The facts still count: placements, roles and the advised placement stay.
    assert Placement.objects.count() == placements_before
    assert Placement.objects.get(pk=placement.pk).person == person
    assert Participation.objects.filter(person=person).exists()
    assert ChangeLog.objects.filter(object_id=person.pk, action="personal data erased", actor=staff_user).exists()


def test_erasing_a_person_who_signs_in_is_refused(staff_user, acme_liaison):
    with pytest.raises(ValidationError, match="signs in"):
        services.person_erase(person=acme_liaison.person, actor=staff_user)


def test_an_erased_person_cannot_be_edited(staff_user):
    person = PersonFactory()
    services.person_erase(person=person, actor=staff_user)
    with pytest.raises(ValidationError, match="erased"):
        services.person_update(person=person, actor=staff_user, data={"first_name": "Back"}, expected_version=None)


def test_export_holds_everything_about_the_person_and_is_recorded(staff_user, acme_partnership):
    placement = PlacementFactory(partnership=acme_partnership, person__email="mei@example.org")
    person = placement.person
    Affiliation.objects.create(person=person, organization=placement.home_organization, title="PhD candidate")
    data = services.person_data_export(person=person, actor=staff_user)
    json.dumps(data)  # serialisable as it is
    assert data["person"]["email"] == "mei@example.org"
    assert data["placements"][0]["id"] == placement.pk
    assert data["affiliations"][0]["title"] == "PhD candidate"
    assert ChangeLog.objects.filter(object_id=person.pk, action="personal data exported", actor=staff_user).exists()
