"""A property: whatever portfolio and whichever liaison, nothing a list, a search, an export,
a metric or the API returns to a liaison lies outside their organization's partnerships.

Hypothesis builds random portfolios (companies sharing consortia, agreements with some of the
members as parties, funding from some of them, placements, outputs) and picks a liaison. The
expectation is worked out from the generated portfolio itself, not from `visible_to`.
"""

import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from core.exports import all_tables
from metrics.services import metrics_recompute_all
from outputs.models import OutputKind
from partnerships.models import MemberRole, OrganizationKind, PartnershipMember
from people.models import PersonKind
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory
from tests.outputs.factories import OutputFactory
from tests.partnerships.factories import FundingFactory, OrganizationFactory, PartnershipFactory
from tests.people.factories import AffiliationFactory, PersonFactory, PlacementFactory

WORDS = ["robot", "sensor", "alloy"]
COMPANIES = 4


@st.composite
def partnerships(draw):
    members = draw(st.sets(st.integers(0, COMPANIES - 1), min_size=1, max_size=3))
    member_list = sorted(members)
    member = st.sampled_from(member_list)
    return {
        "members": member_list,
        "word": draw(st.sampled_from(WORDS)),
        "agreements": draw(st.lists(st.sets(member, min_size=1), max_size=2)),
        "funding": draw(st.lists(member, max_size=2)),
        "placements": draw(st.lists(member, max_size=2)),
        "outputs": draw(st.lists(st.sampled_from([OutputKind.PUBLICATION, OutputKind.LICENCE]), max_size=2)),
    }


def _build(specs, liaison_index):
    university = OrganizationFactory(name="Northbridge University", kind=OrganizationKind.UNIVERSITY)
    companies = [OrganizationFactory(name=f"Company {index} {WORDS[index % 3]}") for index in range(COMPANIES)]
    own = companies[liaison_index]
    expected = {"partnerships": set(), "agreements": set(), "funding": set(), "placements": set(), "outputs": set()}
    for number, spec in enumerate(specs):
        lead, *others = [companies[index] for index in spec["members"]]
        partnership = PartnershipFactory(title=f"{spec['word']} partnership {number}", lead=university, sponsor=lead)
        for other in others:
            PartnershipMember.objects.create(partnership=partnership, organization=other, role=MemberRole.SPONSOR)
        mine = own.pk in {companies[index].pk for index in spec["members"]}
        if mine:
            expected["partnerships"].add(partnership.pk)
        for parties in spec["agreements"]:
            orgs = [university, *(companies[index] for index in sorted(parties))]
            agreement = AgreementFactory(partnership=partnership, parties=orgs, title=f"{spec['word']} agreement")
            if mine and own in orgs:
                expected["agreements"].add(agreement.pk)
        for source in spec["funding"]:
            commitment = FundingFactory(partnership=partnership, source=companies[source])
            if mine and companies[source] == own:
                expected["funding"].add(commitment.pk)
        for host in spec["placements"]:
            placement = PlacementFactory(
                partnership=partnership, home_organization=university, host_organization=companies[host]
            )
            if mine and companies[host] == own:
                expected["placements"].add(placement.pk)
        for kind in spec["outputs"]:
            output = OutputFactory(partnership=partnership, kind=kind, title=f"{spec['word']} result")
            if mine:
                expected["outputs"].add(output.pk)
    user = UserFactory(username="property-liaison", role=Role.LIAISON)
    liaison = PersonFactory(kind=PersonKind.LIAISON, user=user)
    AffiliationFactory(person=liaison, organization=own)
    expected["organizations"] = {own.pk}
    return user, own, expected


def _api_ids(client, path, query=""):
    response = client.get(f"/api/v1/{path}/?page_size=200&{query}")
    assert response.status_code == 200, (path, response.content[:300])
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(specs=st.lists(partnerships(), min_size=1, max_size=4), liaison_index=st.integers(0, COMPANIES - 1))
def test_a_liaison_never_receives_anything_outside_their_partnerships(specs, liaison_index):
    with transaction.atomic():
        user, own, expected = _build(specs, liaison_index)
        metrics_recompute_all()
        client = Client()
        client.force_login(user)

        for word in ["", *WORDS]:
            query = f"q={word}" if word else ""
            for path, kind in [
                ("organizations", "organizations"),
                ("partnerships", "partnerships"),
                ("agreements", "agreements"),
                ("funding", "funding"),
                ("placements", "placements"),
                ("outputs", "outputs"),
            ]:
                returned = _api_ids(client, path, query if path != "funding" else "")
                assert returned <= expected[kind], (path, query, returned - expected[kind])
            # Exports read each list's own rows: the same rule holds for every table.
            for table in all_tables():
                if not table.allowed(user) or table.key not in expected:
                    continue
                rows = set(table.filtered(user, QueryDict(query)).values_list("pk", flat=True))
                assert rows <= expected[table.key], (table.key, query, rows - expected[table.key])

        page = client.get("/agreements/?q=" + WORDS[0])
        assert {agreement.pk for agreement in page.context["page_obj"]} <= expected["agreements"]

        metrics = client.get("/api/v1/metrics/?page_size=200").json()["results"]
        for row in metrics:
            assert row["scope_kind"] != "portfolio", row
            if row["scope_kind"] == "organization":
                assert row["scope_id"] == own.pk, row
            elif row["scope_kind"] == "partnership":
                assert row["scope_id"] in expected["partnerships"], row
        transaction.set_rollback(True)  # each example starts from an empty database


@pytest.mark.django_db
def test_the_property_test_builds_what_it_expects():
    """The generator's expectations are not empty by construction: a shared consortium where the
    liaison's company is a party to one agreement, funds once and hosts one placement."""
    spec = {"members": [0, 1], "word": "robot", "agreements": [{0}, {1}], "funding": [0, 1], "placements": [0, 1]}
    user, own, expected = _build([{**spec, "outputs": [OutputKind.PUBLICATION]}], liaison_index=0)
    sizes = [len(expected[key]) for key in ("partnerships", "agreements", "funding", "placements", "outputs")]
    assert sizes == [1, 1, 1, 1, 1]
    client = Client()
    client.force_login(user)
    assert _api_ids(client, "agreements") == expected["agreements"]
    assert _api_ids(client, "funding") == expected["funding"]
