"""The REST API for organizations, partnerships and funding, told through the personas.

Staff write through the API; viewers read; Acme's liaison sees Acme's partnerships and Acme's
own money and nothing of Globex's; nobody's edit silently overwrites another's.
"""

import datetime
import warnings
from decimal import Decimal

import pytest
from django.core.paginator import UnorderedObjectListWarning
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import (
    FundingCommitment,
    MemberRole,
    Milestone,
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipMember,
    Payment,
    PhaseChange,
    ResearchArea,
)
from tests.api.openapi import assert_conforms
from tests.partnerships.factories import (
    FundingFactory,
    MemberFactory,
    MilestoneFactory,
    OrganizationFactory,
    PartnershipFactory,
    PaymentFactory,
)

pytestmark = pytest.mark.django_db

JSON = "application/json"


def send(client, method: str, url: str, data=None):
    return getattr(client, method)(url, data or {}, content_type=JSON)


def error_fields(response) -> dict:
    return response.json()["error"]["fields"]


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def queries_for(client, url: str) -> int:
    client.get(url)  # warm up: the session and user are read the same way every time after
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Organization, Partnership, PartnershipMember, ResearchArea, FundingCommitment, Payment)
    }


@pytest.fixture
def initech(db):
    return OrganizationFactory(name="Initech Materials")


@pytest.fixture
def research_council(db):
    return OrganizationFactory(name="National Research Council", kind=OrganizationKind.GOVERNMENT_FUNDER)


@pytest.fixture
def consortium(university, acme, globex, staff_user):
    """Acme and Globex, rivals, in one consortium: each may see it, neither the other's money."""
    partnership = PartnershipFactory(
        title="Warehouse robotics consortium", model="consortium", lead=university, sponsor=acme, owner=staff_user
    )
    MemberFactory(partnership=partnership, organization=globex, role=MemberRole.CONSORTIUM_MEMBER)
    return partnership


# --- Organizations -------------------------------------------------------------------------


def test_staff_creates_an_organization(client_as, staff_user):
    response = send(
        client_as(staff_user),
        "post",
        reverse("organization-list"),
        {"name": "Initech Materials", "kind": "company", "country": "GB", "internal_notes": "Warm lead."},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["country"]) == ("Initech Materials", "GB")
    assert body["version"] == 1
    assert body["partnership_count"] == 0
    assert body["internal_notes"] == "Warm lead."


def test_an_organization_needs_only_a_name_and_a_kind(client_as, staff_user):
    response = client_as(staff_user).post(reverse("organization-list"), {"name": "Umbrella Labs", "kind": "company"})

    assert response.status_code == 201, response.content
    assert (response.json()["country"], response.json()["parent"]) == ("", None)


def test_organization_name_already_taken_is_a_400_not_a_500(client_as, staff_user, acme):
    response = send(
        client_as(staff_user), "post", reverse("organization-list"), {"name": "ACME robotics", "kind": "company"}
    )

    assert response.status_code == 400
    assert error_fields(response) == {"non_field_errors": ["An organization with this name already exists."]}


def test_organization_parent_must_be_a_known_id(client_as, staff_user):
    response = send(
        client_as(staff_user),
        "post",
        reverse("organization-list"),
        {"name": "Lab", "kind": "company", "parent": 999999},
    )

    assert response.status_code == 400
    assert "parent" in error_fields(response)


def test_liaison_sees_only_their_own_organization_and_no_internal_notes(client_as, acme_liaison, acme, globex):
    acme.internal_notes = "Negotiating hard on IP."
    acme.save()
    client = client_as(acme_liaison)

    listed = results(client.get(reverse("organization-list")))
    detail = client.get(reverse("organization-detail", args=[acme.pk])).json()

    assert [organization["name"] for organization in listed] == ["Acme Robotics"]
    assert "internal_notes" not in listed[0]
    assert "internal_notes" not in detail
    assert client.get(reverse("organization-detail", args=[globex.pk])).status_code == 404


def test_internal_roles_read_internal_notes(client_as, viewer_user, acme):
    acme.internal_notes = "Negotiating hard on IP."
    acme.save()

    body = client_as(viewer_user).get(reverse("organization-detail", args=[acme.pk])).json()

    assert body["internal_notes"] == "Negotiating hard on IP."


def test_organization_partnership_count(client_as, staff_user, acme, acme_partnership, consortium):
    body = client_as(staff_user).get(reverse("organization-detail", args=[acme.pk])).json()

    assert body["partnership_count"] == 2


def test_organization_edit_without_a_version_is_refused(client_as, staff_user, acme):
    response = send(
        client_as(staff_user), "patch", reverse("organization-detail", args=[acme.pk]), {"sector": "Drones"}
    )

    assert response.status_code == 400
    assert error_fields(response)["version"][0].startswith("Send the version you read")


def test_organization_edit_based_on_a_stale_version_changes_nothing(client_as, staff_user, acme):
    url = reverse("organization-detail", args=[acme.pk])
    client = client_as(staff_user)
    assert send(client, "patch", url, {"sector": "Drones", "version": 1}).status_code == 200

    response = send(client, "patch", url, {"sector": "Humanoids", "version": 1})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    acme.refresh_from_db()
    assert (acme.sector, acme.version) == ("Drones", 2)


def test_viewer_may_not_write_organizations(client_as, viewer_user, acme):
    client = client_as(viewer_user)

    created = send(client, "post", reverse("organization-list"), {"name": "Initech", "kind": "company"})
    changed = send(client, "patch", reverse("organization-detail", args=[acme.pk]), {"sector": "X", "version": 1})

    assert (created.status_code, changed.status_code) == (403, 403)
    assert not Organization.objects.filter(name="Initech").exists()


def test_liaison_may_not_edit_even_their_own_organization(client_as, acme_liaison, acme, globex):
    client = client_as(acme_liaison)

    own = send(client, "patch", reverse("organization-detail", args=[acme.pk]), {"sector": "X", "version": 1})
    rival = send(client, "patch", reverse("organization-detail", args=[globex.pk]), {"sector": "X", "version": 1})

    assert own.status_code == 403
    assert rival.status_code == 404  # the same answer as for an id that does not exist


def test_organizations_can_be_searched_and_filtered(client_as, staff_user, acme, globex, university):
    client = client_as(staff_user)

    found = results(client.get(reverse("organization-list"), {"q": "globex"}))
    universities = results(client.get(reverse("organization-list"), {"kind": "university"}))

    assert [organization["name"] for organization in found] == ["Globex Analytics"]
    assert [organization["name"] for organization in universities] == ["Northbridge University"]


def test_organization_list_queries_do_not_grow_with_rows(client_as, staff_user, university, acme):
    client = client_as(staff_user)
    url = reverse("organization-list")
    PartnershipFactory(lead=university, sponsor=acme)
    one = queries_for(client, url)

    for number in range(20):
        parent = OrganizationFactory(name=f"Holding {number}")
        PartnershipFactory(lead=university, sponsor=OrganizationFactory(name=f"Company {number}", parent=parent))

    assert queries_for(client, url) == one


# --- Partnerships: creating ----------------------------------------------------------------


def test_staff_creates_a_consortium_with_three_companies(client_as, staff_user, university, acme, globex, initech):
    response = send(
        client_as(staff_user),
        "post",
        reverse("partnership-list"),
        {
            "title": "Warehouse robotics consortium",
            "model": "consortium",
            "phase": "pilot",
            "academic_lead": university.pk,
            "members": [
                {"organization": acme.pk, "role": "lead_sponsor"},
                {"organization": globex.pk, "role": "consortium_member"},
                {"organization": initech.pk, "role": "consortium_member"},
            ],
            "objectives": "Shared benchmarks for robotic picking.",
            "research_areas": ["Robotics", "Computer vision"],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["phase"] == "pilot"
    assert body["version"] == 1
    assert body["owner"]["id"] == staff_user.pk
    assert body["research_areas"] == ["Computer vision", "Robotics"]
    assert {(member["organization"]["name"], member["role"]) for member in body["members"]} == {
        ("Northbridge University", "academic_lead"),
        ("Acme Robotics", "lead_sponsor"),
        ("Globex Analytics", "consortium_member"),
        ("Initech Materials", "consortium_member"),
    }


def test_a_partnership_can_be_created_from_flat_form_data(client_as, staff_user, university, acme):
    response = client_as(staff_user).post(
        reverse("partnership-list"),
        {
            "title": "Grasping pilot",
            "model": "sponsored_research",
            "academic_lead": university.pk,
            "members[0]organization": acme.pk,
            "members[0]role": "lead_sponsor",
            "research_areas": ["Robotics"],
        },
    )

    assert response.status_code == 201, response.content
    assert len(response.json()["members"]) == 2


def test_a_partnership_without_an_academic_lead_is_refused_and_nothing_is_written(client_as, staff_user, acme):
    before = counts()

    response = send(
        client_as(staff_user),
        "post",
        reverse("partnership-list"),
        {
            "title": "Leaderless",
            "model": "consortium",
            "members": [{"organization": acme.pk, "role": "lead_sponsor"}],
            "research_areas": ["Brand new area"],
        },
    )

    assert response.status_code == 400
    assert "academic_lead" in error_fields(response)
    assert counts() == before


def test_a_second_academic_lead_among_the_members_is_refused_by_the_rules(
    client_as, staff_user, university, acme, globex
):
    before = counts()

    response = send(
        client_as(staff_user),
        "post",
        reverse("partnership-list"),
        {
            "title": "Two leads",
            "model": "consortium",
            "academic_lead": university.pk,
            "members": [
                {"organization": acme.pk, "role": "academic_lead"},
                {"organization": globex.pk, "role": "sponsor"},
            ],
            "research_areas": ["Brand new area"],
        },
    )

    assert response.status_code == 400
    assert error_fields(response) == {"academic_lead": ["A partnership needs exactly one academic lead."]}
    assert counts() == before  # not even the new research area


@pytest.mark.parametrize("bad_id", [999999, "not-a-number"])
def test_unknown_organization_ids_are_field_errors(client_as, staff_user, university, bad_id):
    response = send(
        client_as(staff_user),
        "post",
        reverse("partnership-list"),
        {
            "title": "Ghost partner",
            "model": "consortium",
            "academic_lead": university.pk,
            "members": [{"organization": bad_id, "role": "sponsor"}],
        },
    )

    assert response.status_code == 400
    assert "organization" in error_fields(response)["members"]["0"]  # keyed by the position of the bad item


def test_viewer_may_not_create_partnerships(client_as, viewer_user, university, acme):
    response = send(
        client_as(viewer_user),
        "post",
        reverse("partnership-list"),
        {
            "title": "Not mine to make",
            "model": "consortium",
            "academic_lead": university.pk,
            "members": [{"organization": acme.pk, "role": "sponsor"}],
        },
    )

    assert response.status_code == 403
    assert not Partnership.objects.filter(title="Not mine to make").exists()


# --- Partnerships: reading -----------------------------------------------------------------


def test_liaison_lists_only_their_organizations_partnerships(
    client_as, acme_liaison, acme_partnership, globex_partnership, consortium
):
    listed = results(client_as(acme_liaison).get(reverse("partnership-list")))

    assert {partnership["title"] for partnership in listed} == {"Acme robot grasping", "Warehouse robotics consortium"}
    assert all("internal_notes" not in partnership for partnership in listed)


def test_liaison_reads_their_partnership_without_internal_notes(client_as, acme_liaison, acme_partnership):
    body = client_as(acme_liaison).get(reverse("partnership-detail", args=[acme_partnership.pk])).json()

    assert body["title"] == "Acme robot grasping"
    assert "internal_notes" not in body


def test_liaison_cannot_see_a_rivals_partnership(client_as, acme_liaison, globex_partnership):
    client = client_as(acme_liaison)
    url = reverse("partnership-detail", args=[globex_partnership.pk])

    assert client.get(url).status_code == 404
    assert send(client, "patch", url, {"title": "Mine now", "version": 1}).status_code == 404
    assert send(client, "post", reverse("partnership-phase", args=[globex_partnership.pk]), {}).status_code == 404


def test_staff_read_internal_notes_members_and_milestones(client_as, staff_user, acme_partnership):
    MilestoneFactory(partnership=acme_partnership, title="Gripper prototype", due_date=datetime.date(2020, 1, 31))

    body = client_as(staff_user).get(reverse("partnership-detail", args=[acme_partnership.pk])).json()

    assert body["internal_notes"] == "Internal: the sponsor is price sensitive."
    assert [(milestone["title"], milestone["overdue"]) for milestone in body["milestones"]] == [
        ("Gripper prototype", True)
    ]
    assert {member["role"] for member in body["members"]} == {"academic_lead", "lead_sponsor"}


def test_partnerships_are_found_by_a_word_in_their_objectives(
    client_as, staff_user, acme_partnership, globex_partnership
):
    Partnership.objects.filter(pk=globex_partnership.pk).update(objectives="Forecast seasonal demand in retail.")

    found = results(client_as(staff_user).get(reverse("partnership-list"), {"q": "seasonal"}))

    assert [partnership["id"] for partnership in found] == [globex_partnership.pk]


def test_partnerships_filter_by_phase_and_member(client_as, staff_user, globex, acme_partnership, globex_partnership):
    Partnership.objects.filter(pk=globex_partnership.pk).update(phase="pilot")
    client = client_as(staff_user)

    pilots = results(client.get(reverse("partnership-list"), {"phase": "pilot"}))
    with_globex = results(client.get(reverse("partnership-list"), {"member": globex.pk}))

    assert [partnership["id"] for partnership in pilots] == [globex_partnership.pk]
    assert [partnership["id"] for partnership in with_globex] == [globex_partnership.pk]


@pytest.mark.parametrize("persona", ["staff_user", "acme_liaison"])
def test_partnership_list_queries_do_not_grow_with_rows(request, client_as, persona, university, acme):
    client = client_as(request.getfixturevalue(persona))
    url = reverse("partnership-list")

    def add_partnership():
        partnership = PartnershipFactory(lead=university, sponsor=acme)
        partnership.research_areas.add(ResearchArea.objects.get_or_create(name="Robotics")[0])
        MilestoneFactory(partnership=partnership, owner=None)

    add_partnership()
    one = queries_for(client, url)
    for _ in range(19):
        add_partnership()

    assert queries_for(client, url) == one


# --- Partnerships: changing ----------------------------------------------------------------


def test_staff_edit_a_partnership_naming_the_version_they_read(client_as, staff_user, acme_partnership):
    response = send(
        client_as(staff_user),
        "patch",
        reverse("partnership-detail", args=[acme_partnership.pk]),
        {"objectives": "Grasp soft objects.", "research_areas": ["Robotics"], "version": 1},
    )

    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert response.json()["research_areas"] == ["Robotics"]


def test_partnership_edit_without_a_version_is_refused(client_as, staff_user, acme_partnership):
    response = send(
        client_as(staff_user), "patch", reverse("partnership-detail", args=[acme_partnership.pk]), {"title": "Renamed"}
    )

    assert response.status_code == 400
    assert error_fields(response)["version"][0].startswith("Send the version you read")


def test_a_stale_partnership_edit_is_refused_and_changes_nothing(client_as, staff_user, acme_partnership):
    Partnership.objects.filter(pk=acme_partnership.pk).update(title="Renamed by a colleague", version=2)

    response = send(
        client_as(staff_user),
        "put",
        reverse("partnership-detail", args=[acme_partnership.pk]),
        {"title": "My title", "model": "consortium", "version": 1},
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    acme_partnership.refresh_from_db()
    assert (acme_partnership.title, acme_partnership.model, acme_partnership.version) == (
        "Renamed by a colleague",
        "sponsored_research",
        2,
    )


def test_viewer_and_liaison_may_not_edit_partnerships_they_see(client_as, viewer_user, acme_liaison, acme_partnership):
    url = reverse("partnership-detail", args=[acme_partnership.pk])

    for user in (viewer_user, acme_liaison):
        assert send(client_as(user), "patch", url, {"title": "Mine", "version": 1}).status_code == 403
    acme_partnership.refresh_from_db()
    assert acme_partnership.title == "Acme robot grasping"


def test_staff_move_a_partnership_to_another_phase(client_as, staff_user, acme_partnership):
    response = send(
        client_as(staff_user),
        "post",
        reverse("partnership-phase", args=[acme_partnership.pk]),
        {"to_phase": "expanding", "reason": "A second lab joins.", "version": 1},
    )

    assert response.status_code == 200, response.content
    assert (response.json()["phase"], response.json()["version"]) == ("expanding", 2)
    assert PhaseChange.objects.get(partnership=acme_partnership).reason == "A second lab joins."


def test_a_phase_change_based_on_a_stale_version_is_refused(client_as, staff_user, acme_partnership):
    Partnership.objects.filter(pk=acme_partnership.pk).update(version=3)

    response = send(
        client_as(staff_user),
        "post",
        reverse("partnership-phase", args=[acme_partnership.pk]),
        {"to_phase": "closed", "reason": "Done.", "version": 1},
    )

    assert response.status_code == 409
    assert not PhaseChange.objects.exists()


def test_staff_add_and_remove_a_member(client_as, staff_user, acme_partnership, initech):
    client = client_as(staff_user)

    added = send(
        client,
        "post",
        reverse("partnership-members", args=[acme_partnership.pk]),
        {"organization": initech.pk, "role": "sponsor"},
    )
    assert added.status_code == 201, added.content
    assert added.json()["organization"] == {"id": initech.pk, "name": "Initech Materials"}

    removed = client.delete(reverse("partnership-member-detail", args=[acme_partnership.pk, added.json()["id"]]))
    assert removed.status_code == 204
    assert not acme_partnership.members.filter(organization=initech).exists()


def test_the_academic_lead_cannot_be_removed(client_as, staff_user, acme_partnership, initech):
    MemberFactory(partnership=acme_partnership, organization=initech)
    lead = acme_partnership.members.get(role=MemberRole.ACADEMIC_LEAD)

    response = client_as(staff_user).delete(reverse("partnership-member-detail", args=[acme_partnership.pk, lead.pk]))

    assert response.status_code == 400
    assert "non_field_errors" in error_fields(response)
    assert PartnershipMember.objects.filter(pk=lead.pk).exists()


def test_a_member_of_another_partnership_is_not_found_here(client_as, staff_user, acme_partnership, globex_partnership):
    globex_member = globex_partnership.members.get(role=MemberRole.LEAD_SPONSOR)

    response = client_as(staff_user).delete(
        reverse("partnership-member-detail", args=[acme_partnership.pk, globex_member.pk])
    )

    assert response.status_code == 404


def test_staff_add_a_milestone_and_complete_it(client_as, staff_user, acme_partnership):
    client = client_as(staff_user)

    created = send(
        client,
        "post",
        reverse("partnership-milestones", args=[acme_partnership.pk]),
        {"title": "Gripper prototype", "due_date": "2026-06-30"},
    )
    assert created.status_code == 201, created.content
    milestone_id = created.json()["id"]

    done = send(
        client,
        "patch",
        reverse("partnership-milestone-detail", args=[acme_partnership.pk, milestone_id]),
        {"status": "done"},
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"
    assert Milestone.objects.get(pk=milestone_id).completed_on is not None


def test_a_milestone_owner_must_be_a_known_person(client_as, staff_user, acme_partnership):
    response = send(
        client_as(staff_user),
        "post",
        reverse("partnership-milestones", args=[acme_partnership.pk]),
        {"title": "Report", "due_date": "2026-06-30", "owner": 999999},
    )

    assert response.status_code == 400
    assert "owner" in error_fields(response)


# --- Funding -------------------------------------------------------------------------------


def test_staff_record_a_funding_commitment(client_as, staff_user, acme, acme_partnership):
    response = send(
        client_as(staff_user),
        "post",
        reverse("funding-list"),
        {
            "partnership": acme_partnership.pk,
            "source": acme.pk,
            "mechanism": "direct_sponsorship",
            "amount": "250000.00",
            "currency": "GBP",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source"] == {"id": acme.pk, "name": "Acme Robotics"}
    assert (body["amount"], body["received"], body["outstanding"]) == ("250000.00", "0.00", "250000.00")


def test_funding_from_an_organization_outside_the_partnership_is_refused(
    client_as, staff_user, globex, acme_partnership
):
    response = send(
        client_as(staff_user),
        "post",
        reverse("funding-list"),
        {"partnership": acme_partnership.pk, "source": globex.pk, "mechanism": "gift", "amount": "10.00"},
    )

    assert response.status_code == 400
    assert "source" in error_fields(response)
    assert not FundingCommitment.objects.exists()


def test_liaison_sees_only_their_own_organizations_money_in_a_shared_consortium(
    client_as, acme_liaison, acme, globex, consortium
):
    acme_money = FundingFactory(partnership=consortium, source=acme)
    globex_money = FundingFactory(partnership=consortium, source=globex, amount=Decimal("900000.00"))
    client = client_as(acme_liaison)

    listed = results(client.get(reverse("funding-list")))
    totals = client.get(reverse("funding-totals"), {"partnership": consortium.pk}).json()

    assert [commitment["id"] for commitment in listed] == [acme_money.pk]
    assert client.get(reverse("funding-detail", args=[globex_money.pk])).status_code == 404
    assert totals["by_currency"][0]["committed"] == "100000.00"


def test_a_payment_beyond_what_is_outstanding_is_refused(client_as, staff_user, acme_partnership):
    commitment = FundingFactory(partnership=acme_partnership, amount=Decimal("100000.00"))
    PaymentFactory(commitment=commitment, amount=Decimal("90000.00"))

    response = send(
        client_as(staff_user),
        "post",
        reverse("funding-payments", args=[commitment.pk]),
        {"received_on": "2026-01-15", "amount": "10000.01"},
    )

    assert response.status_code == 400
    assert error_fields(response)["amount"] == ["That is more than is outstanding; 10000.00 GBP remains."]
    assert commitment.payments.count() == 1


def test_staff_record_a_payment_and_see_what_remains(client_as, staff_user, acme_partnership):
    commitment = FundingFactory(partnership=acme_partnership, amount=Decimal("100000.00"))
    client = client_as(staff_user)

    paid = send(
        client,
        "post",
        reverse("funding-payments", args=[commitment.pk]),
        {"received_on": "2026-01-15", "amount": "40000.00", "reference": "INV-7"},
    )
    body = client.get(reverse("funding-detail", args=[commitment.pk])).json()

    assert paid.status_code == 201, paid.content
    assert (body["received"], body["outstanding"]) == ("40000.00", "60000.00")
    assert [payment["reference"] for payment in body["payments"]] == ["INV-7"]


def test_instalments_cannot_exceed_the_commitment(client_as, staff_user, acme_partnership):
    commitment = FundingFactory(partnership=acme_partnership, amount=Decimal("100000.00"))
    client = client_as(staff_user)
    url = reverse("funding-instalments", args=[commitment.pk])

    first = send(client, "post", url, {"due_date": "2026-03-31", "amount": "60000.00"})
    second = send(client, "post", url, {"due_date": "2026-09-30", "amount": "50000.00"})

    assert first.status_code == 201, first.content
    assert second.status_code == 400
    assert "amount" in error_fields(second)
    assert commitment.instalments.count() == 1


def test_a_commitment_with_payments_cannot_be_deleted(client_as, staff_user, acme_partnership):
    paid = PaymentFactory(commitment=FundingFactory(partnership=acme_partnership)).commitment
    unpaid = FundingFactory(partnership=acme_partnership)
    client = client_as(staff_user)

    refused = client.delete(reverse("funding-detail", args=[paid.pk]))
    deleted = client.delete(reverse("funding-detail", args=[unpaid.pk]))

    assert refused.status_code == 400
    assert "non_field_errors" in error_fields(refused)
    assert deleted.status_code == 204
    assert list(FundingCommitment.objects.all()) == [paid]


def test_staff_edit_a_commitment(client_as, staff_user, acme_partnership):
    commitment = FundingFactory(partnership=acme_partnership)

    response = send(
        client_as(staff_user),
        "patch",
        reverse("funding-detail", args=[commitment.pk]),
        {"mechanism": "in_kind", "in_kind_kind": "compute", "amount": "40000.00", "version": commitment.version},
    )

    assert response.status_code == 200, response.content
    assert (response.json()["mechanism"], response.json()["amount"]) == ("in_kind", "40000.00")


def test_viewer_and_liaison_may_not_record_payments(client_as, viewer_user, acme_liaison, acme_partnership):
    commitment = FundingFactory(partnership=acme_partnership)
    url = reverse("funding-payments", args=[commitment.pk])

    for user in (viewer_user, acme_liaison):
        response = send(client_as(user), "post", url, {"received_on": "2026-01-15", "amount": "1.00"})
        assert response.status_code == 403
    assert not Payment.objects.exists()


def test_funding_totals_per_currency_with_leverage(
    client_as, staff_user, acme, research_council, acme_partnership, globex_partnership
):
    MemberFactory(partnership=acme_partnership, organization=research_council, role=MemberRole.FUNDER)
    cash = FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("100000.00"))
    FundingFactory(
        partnership=acme_partnership, source=research_council, mechanism="matching_funds", amount=Decimal("50000.00")
    )
    FundingFactory(
        partnership=acme_partnership,
        source=acme,
        mechanism="in_kind",
        in_kind_kind="compute",
        amount=Decimal("30000.00"),
    )
    PaymentFactory(commitment=cash, amount=Decimal("25000.00"))
    FundingFactory(partnership=globex_partnership, amount=Decimal("70000.00"), currency="USD")

    body = client_as(staff_user).get(reverse("funding-totals"), {"partnership": acme_partnership.pk}).json()

    assert body == {
        "by_currency": [
            {
                "currency": "GBP",
                "committed": "180000.00",
                "received": "25000.00",
                "outstanding": "155000.00",
                "industry_cash": "100000.00",
                "matching": "50000.00",
                "in_kind": "30000.00",
                "leverage": "0.80",
            }
        ]
    }


def test_funding_totals_without_industry_cash_have_no_leverage(
    client_as, staff_user, research_council, acme_partnership
):
    MemberFactory(partnership=acme_partnership, organization=research_council, role=MemberRole.FUNDER)
    FundingFactory(partnership=acme_partnership, source=research_council, mechanism="matching_funds")

    body = client_as(staff_user).get(reverse("funding-totals"), {"source": research_council.pk}).json()

    assert body["by_currency"][0]["leverage"] is None


def test_funding_list_queries_do_not_grow_with_rows(client_as, staff_user, acme_partnership):
    client = client_as(staff_user)
    url = reverse("funding-list")

    def add_commitment():
        commitment = FundingFactory(partnership=acme_partnership)
        PaymentFactory(commitment=commitment, amount=Decimal("10.00"))
        commitment.instalments.create(due_date=datetime.date(2026, 1, 1), amount=Decimal("10.00"))

    add_commitment()
    one = queries_for(client, url)
    for _ in range(19):
        add_commitment()

    assert queries_for(client, url) == one


def test_a_stale_funding_edit_is_refused_and_changes_nothing(client_as, staff_user, acme_partnership):
    commitment = FundingFactory(partnership=acme_partnership)
    url = reverse("funding-detail", args=[commitment.pk])
    first = send(client_as(staff_user), "patch", url, {"description": "Year one", "version": 1})
    stale = send(client_as(staff_user), "patch", url, {"description": "Overwrite", "version": 1})
    missing = send(client_as(staff_user), "patch", url, {"description": "No version"})

    assert (first.status_code, stale.status_code, missing.status_code) == (200, 409, 400)
    assert FundingCommitment.objects.get(pk=commitment.pk).description == "Year one"


# --- Answers match the OpenAPI schema (cases tests/api/test_fuzz.py found) -------------------------


def test_a_liaisons_partnership_without_internal_notes_matches_the_schema(acme_liaison, acme_partnership):
    # The schema required `internal_notes`, a key partner liaisons never get.
    response = assert_conforms(
        acme_liaison, "GET", "/api/v1/partnerships/{id}/", path_parameters={"id": acme_partnership.pk}
    )
    assert "internal_notes" not in response.json()


def test_a_cash_commitment_with_no_in_kind_kind_matches_the_schema(staff_user, acme_partnership):
    # The read-only enum lost its blank choice, so the "" of every cash commitment broke the schema.
    commitment = FundingFactory(partnership=acme_partnership)
    response = assert_conforms(staff_user, "GET", "/api/v1/funding/{id}/", path_parameters={"id": commitment.pk})
    assert response.json()["in_kind_kind"] == ""


def test_refusing_to_delete_a_commitment_with_payments_is_a_documented_400(staff_user, acme_partnership):
    # A write without a body can still break a rule; its 400 was missing from the schema.
    payment = PaymentFactory(commitment=FundingFactory(partnership=acme_partnership))
    response = assert_conforms(
        staff_user, "DELETE", "/api/v1/funding/{id}/", path_parameters={"id": payment.commitment_id}
    )
    assert response.status_code == 400


def test_an_ordering_naming_no_field_keeps_the_lists_order(client_as, staff_user):
    # Found by tests/api/test_fuzz.py: `?ordering=,` cleared the order, so pages repeated and skipped rows.
    for name in ("Zeta Labs", "Alpha Works", "Midway Ltd"):
        OrganizationFactory(name=name)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        names = [
            row["name"] for row in results(client_as(staff_user).get(reverse("organization-list"), {"ordering": ","}))
        ]
    assert names == sorted(names)


def test_a_payment_dated_in_the_future_is_refused_by_name(client_as, staff_user, acme_partnership):
    commitment = FundingFactory(partnership=acme_partnership, amount=Decimal("100000.00"))
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    response = send(
        client_as(staff_user),
        "post",
        reverse("funding-payments", args=[commitment.pk]),
        {"received_on": tomorrow.isoformat(), "amount": "1000.00"},
    )

    assert response.status_code == 400
    assert error_fields(response)["received_on"] == ["This date is in the future: record it once it has happened."]
    assert not commitment.payments.exists()
