"""The funding list: every commitment the user may see, what came in against it and what is still owed."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import FundingMechanism, InKindKind, PartnershipMember
from tests.partnerships.factories import FundingFactory, PartnershipFactory, PaymentFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url():
    return reverse("partnerships:funding-list")


def _rows(response):
    return [(c.partnership.title, c.source.name, c.amount) for c in response.context["page_obj"]]


@pytest.fixture
def commitments(acme, globex, acme_partnership, globex_partnership):
    acme_cash = FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("120000.00"))
    PaymentFactory(commitment=acme_cash, amount=Decimal("20000.00"))
    PaymentFactory(commitment=acme_cash, amount=Decimal("30000.00"), received_on=date(2025, 9, 1))
    acme_compute = FundingFactory(
        partnership=acme_partnership,
        source=acme,
        mechanism=FundingMechanism.IN_KIND,
        in_kind_kind=InKindKind.COMPUTE,
        amount=Decimal("40000.00"),
        currency="EUR",
        description="GPU hours on the Acme cluster",
        start_date=date(2024, 1, 1),
    )
    globex_cash = FundingFactory(partnership=globex_partnership, source=globex, amount=Decimal("900000.00"))
    return {"acme_cash": acme_cash, "acme_compute": acme_compute, "globex_cash": globex_cash}


def test_staff_see_every_commitment_with_what_was_received_and_is_outstanding(client_as, staff_user, commitments):
    response = client_as(staff_user).get(_url())

    listed = {c.pk: c for c in response.context["page_obj"]}
    assert set(listed) == {c.pk for c in commitments.values()}
    acme_cash = listed[commitments["acme_cash"].pk]
    assert (acme_cash.received, acme_cash.outstanding) == (Decimal("50000.00"), Decimal("70000.00"))
    assert listed[commitments["globex_cash"].pk].received == Decimal("0")
    assert response.context["total"] == 3
    page = response.content.decode()
    assert "50,000.00" in page and "70,000.00" in page
    assert "Compute, valued at the amount" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (lambda s: {"partnership": s["acme_partnership"].pk}, {"acme_cash", "acme_compute"}),
        (lambda s: {"source": s["globex"].pk}, {"globex_cash"}),
        (lambda s: {"mechanism": "in_kind"}, {"acme_compute"}),
        (lambda s: {"currency": "EUR"}, {"acme_compute"}),
        (lambda s: {"q": "gpu cluster"}, {"acme_compute"}),
        (lambda s: {"q": "globex"}, {"globex_cash"}),
    ],
    ids=["partnership", "source", "mechanism", "currency", "search-description", "search-source"],
)
def test_funding_list_filters(client_as, staff_user, acme_partnership, acme, globex, commitments, params, expected):
    scenario = {"acme_partnership": acme_partnership, "acme": acme, "globex": globex}
    response = client_as(staff_user).get(_url(), params(scenario))
    assert {c.pk for c in response.context["page_obj"]} == {commitments[name].pk for name in expected}


def test_funding_list_sorts_by_amount_both_ways(client_as, staff_user, commitments):
    client = client_as(staff_user)
    amounts = lambda ordering: [c.amount for c in client.get(_url(), {"ordering": ordering}).context["page_obj"]]  # noqa: E731
    assert amounts("amount") == [Decimal("40000.00"), Decimal("120000.00"), Decimal("900000.00")]
    assert amounts("-amount") == [Decimal("900000.00"), Decimal("120000.00"), Decimal("40000.00")]


def test_a_liaison_sees_only_their_own_organizations_commitments_even_in_a_shared_consortium(
    client_as, acme_liaison, acme_partnership, globex, commitments
):
    PartnershipMember.objects.create(partnership=acme_partnership, organization=globex, role="sponsor")
    rival_money_in_shared = FundingFactory(partnership=acme_partnership, source=globex, amount=Decimal("777777.00"))

    response = client_as(acme_liaison).get(_url())

    listed = {c.pk for c in response.context["page_obj"]}
    assert listed == {commitments["acme_cash"].pk, commitments["acme_compute"].pk}
    assert rival_money_in_shared.pk not in listed
    assert b"777,777" not in response.content and b"900,000" not in response.content
    # The filter offers only what the liaison may see.
    assert [o.name for o in response.context["filter"].form.fields["source"].queryset] == ["Acme Robotics"]


def test_a_rivals_partnership_is_not_a_choice_and_shows_nothing_of_the_rival(
    client_as, acme_liaison, globex_partnership, commitments
):
    response = client_as(acme_liaison).get(_url(), {"partnership": globex_partnership.pk})
    assert response.status_code == 200
    assert "partnership" in response.context["filter"].form.errors
    assert {c.source.name for c in response.context["page_obj"]} == {"Acme Robotics"}
    assert b"900,000" not in response.content


def test_htmx_filtering_returns_only_the_results(client_as, staff_user, commitments):
    response = client_as(staff_user).get(_url(), {"mechanism": "in_kind"}, **HTMX)
    assert b"<html" not in response.content
    assert b"GPU hours" in response.content and b"Globex" not in response.content


def test_the_funding_list_offers_the_export_of_what_it_shows(client_as, staff_user, commitments):
    page = client_as(staff_user).get(_url(), {"currency": "EUR"}).content.decode()
    assert f'href="{reverse("reports:export", args=["funding"])}?currency=EUR"' in page


def test_partnerships_and_partner_pages_lead_to_the_funding_list(client_as, staff_user, acme, commitments):
    client = client_as(staff_user)
    assert _url().encode() in client.get(reverse("partnerships:partnership-list")).content
    partner_page = client.get(reverse("partnerships:organization-detail", args=[acme.pk])).content.decode()
    assert f"{_url()}?source={acme.pk}" in partner_page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_url()).status_code == 200
    return len(captured)


def test_funding_list_runs_the_same_queries_for_1_and_25_rows(client_as, staff_user):
    client = client_as(staff_user)
    PaymentFactory(commitment=FundingFactory())
    one = _queries(client)
    for _ in range(24):
        commitment = FundingFactory(partnership=PartnershipFactory())
        PaymentFactory(commitment=commitment)
    assert _queries(client) == one
