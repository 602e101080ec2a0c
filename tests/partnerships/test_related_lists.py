"""A partnership's related lists (members, milestones, research areas), a commitment's (instalments,
payments) and an organization's memberships, on pages, in the API and in the export, are fetched
through each related model's own visible_to.

Co-members of a consortium see one another by name: Globex on a consortium Acme belongs to is
legitimately shown to Acme's liaison. What the tests hold is the wiring: a row the rule hides
(tests.visibility) leaves every list.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Instalment, MemberRole, Milestone, PartnershipMember, Payment, ResearchArea
from tests.partnerships.factories import (
    FundingFactory,
    MemberFactory,
    MilestoneFactory,
    PartnershipFactory,
    PaymentFactory,
    ResearchAreaFactory,
)
from tests.reports.conftest import read_csv
from tests.visibility import hide_from_liaisons

pytestmark = pytest.mark.django_db

GLOBEX = "Globex Analytics"


@pytest.fixture
def consortium(university, acme, globex, staff_user):
    """Acme and Globex in one consortium, with a milestone, a research area and Acme's commitment
    paid in part and scheduled in instalments."""
    partnership = PartnershipFactory(
        title="Warehouse robotics consortium", model="consortium", lead=university, sponsor=acme, owner=staff_user
    )
    MemberFactory(partnership=partnership, organization=globex, role=MemberRole.CONSORTIUM_MEMBER)
    MilestoneFactory(partnership=partnership, title="Pilot line running")
    partnership.research_areas.add(ResearchAreaFactory(name="Robotics"))
    commitment = FundingFactory(partnership=partnership, source=acme)
    PaymentFactory(commitment=commitment, reference="INV-ACME-1")
    Instalment.objects.create(commitment=commitment, due_date=date(2026, 6, 30), amount=Decimal("5000.00"), note="Q2")
    return partnership


def _get(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return response


def _detail(client, partnership):
    return _get(client, reverse("partnerships:partnership-detail", args=[partnership.pk]))


def _api(client, partnership) -> dict:
    return _get(client, reverse("partnership-detail", args=[partnership.pk])).json()


def _funding_api(client) -> dict:
    (commitment,) = _get(client, reverse("funding-list")).json()["results"]
    return commitment


def test_co_members_see_one_another_by_name(client_as, acme_liaison, consortium, globex_partnership):
    client = client_as(acme_liaison)
    (listed,) = _get(client, reverse("partnerships:partnership-list")).context["page_obj"]
    assert listed == consortium  # never the rival's own partnership
    assert GLOBEX in [member.organization.name for member in listed.members.all()]
    assert GLOBEX in [member.organization.name for member in _detail(client, consortium).context["members"]]
    assert GLOBEX in [member["organization"]["name"] for member in _api(client, consortium)["members"]]


def test_the_list_page_shows_only_members_and_areas_the_rule_shows(client_as, acme_liaison, consortium, monkeypatch):
    hide_from_liaisons(monkeypatch, PartnershipMember, organization__name=GLOBEX)
    hide_from_liaisons(monkeypatch, ResearchArea, name="Robotics")
    response = _get(client_as(acme_liaison), reverse("partnerships:partnership-list"))
    (listed,) = response.context["page_obj"]
    assert [member.organization.name for member in listed.members.all()] == ["Northbridge University", "Acme Robotics"]
    assert list(listed.research_areas.all()) == []
    assert GLOBEX.encode() not in response.content


def test_the_page_shows_only_members_instalments_and_payments_the_rule_shows(
    client_as, acme_liaison, staff_user, consortium, monkeypatch
):
    hide_from_liaisons(monkeypatch, PartnershipMember, organization__name=GLOBEX)
    hide_from_liaisons(monkeypatch, Payment, reference="INV-ACME-1")
    hide_from_liaisons(monkeypatch, Instalment, note="Q2")
    context = _detail(client_as(acme_liaison), consortium).context
    assert GLOBEX not in [member.organization.name for member in context["members"]]
    (commitment,) = context["commitments"]
    assert list(commitment.payments.all()) == list(commitment.instalments.all()) == []
    # The office's view is not narrowed by a liaison's rule.
    (commitment,) = _detail(client_as(staff_user), consortium).context["commitments"]
    assert len(commitment.payments.all()) == len(commitment.instalments.all()) == 1


def test_the_api_shows_only_members_milestones_and_areas_the_rule_shows(
    client_as, acme_liaison, consortium, monkeypatch
):
    hide_from_liaisons(monkeypatch, PartnershipMember, organization__name=GLOBEX)
    hide_from_liaisons(monkeypatch, Milestone, title="Pilot line running")
    hide_from_liaisons(monkeypatch, ResearchArea, name="Robotics")
    body = _api(client_as(acme_liaison), consortium)
    assert GLOBEX not in [member["organization"]["name"] for member in body["members"]]
    assert body["milestones"] == body["research_areas"] == []


def test_the_funding_api_shows_only_instalments_and_payments_the_rule_shows(
    client_as, acme_liaison, consortium, monkeypatch
):
    client = client_as(acme_liaison)
    commitment = _funding_api(client)
    assert (len(commitment["payments"]), len(commitment["instalments"])) == (1, 1)
    hide_from_liaisons(monkeypatch, Payment, reference="INV-ACME-1")
    hide_from_liaisons(monkeypatch, Instalment, note="Q2")
    commitment = _funding_api(client)
    assert commitment["payments"] == commitment["instalments"] == []


def test_the_export_lists_only_members_the_rule_shows(client_as, acme_liaison, consortium, monkeypatch):
    client = client_as(acme_liaison)
    export = lambda: read_csv(client.get(reverse("reports:export", args=["partnerships"])))  # noqa: E731
    header, row = export()
    assert GLOBEX in row[header.index("Members")]
    hide_from_liaisons(monkeypatch, PartnershipMember, organization__name=GLOBEX)
    header, row = export()
    assert row[header.index("Members")] == "Northbridge University (Academic lead); Acme Robotics (Lead sponsor)"


def test_the_partner_page_lists_only_memberships_the_rule_shows(
    client_as, acme_liaison, acme, consortium, acme_partnership, monkeypatch
):
    client = client_as(acme_liaison)
    page = lambda: _get(client, reverse("partnerships:organization-detail", args=[acme.pk]))  # noqa: E731
    titles = lambda: [m.partnership.title for m in page().context["memberships"]]  # noqa: E731
    assert titles() == ["Acme robot grasping", "Warehouse robotics consortium"]
    hide_from_liaisons(monkeypatch, PartnershipMember, partnership__title="Warehouse robotics consortium")
    assert titles() == ["Acme robot grasping"]


# --- The queries stay what they were: none per partnership or per related row ---------------


def _queries(client, path) -> int:
    client.get(path)  # warm up: the session and user are read the same way every time after
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _more_of_everything(consortium, acme, globex, count: int) -> None:
    (commitment,) = consortium.funding.all()
    for number in range(count):
        other = PartnershipFactory(sponsor=acme)
        MemberFactory(partnership=other, organization=globex)
        other.research_areas.add(ResearchAreaFactory(name=f"Area {number}"))
        MilestoneFactory(partnership=consortium)
        PaymentFactory(commitment=commitment, amount=Decimal("10.00"))
        Instalment.objects.create(commitment=commitment, due_date=date(2027, 1, number + 1), amount=Decimal("10.00"))
        FundingFactory(partnership=other, source=acme)


@pytest.mark.parametrize("persona", ["staff_user", "acme_liaison"])
def test_pages_and_api_run_the_same_queries_however_many_related_rows(
    request, client_as, persona, acme, globex, consortium
):
    client = client_as(request.getfixturevalue(persona))
    paths = [
        reverse("partnerships:partnership-list"),
        reverse("partnerships:partnership-detail", args=[consortium.pk]),
        reverse("partnerships:organization-detail", args=[acme.pk]),
        reverse("partnership-list"),
        reverse("partnership-detail", args=[consortium.pk]),
        reverse("funding-list"),
    ]
    few = [_queries(client, path) for path in paths]
    _more_of_everything(consortium, acme, globex, 6)
    assert [_queries(client, path) for path in paths] == few
