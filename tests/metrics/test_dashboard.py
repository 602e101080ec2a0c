"""The dashboard and /api/v1/metrics/: right figures, scoped to the viewer, a constant number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metrics import services
from metrics.models import MetricValue
from metrics.registry import PARTNER_SAFE_KEYS
from partnerships.models import PartnershipModel
from tests.metrics.factories import OutputFactory
from tests.partnerships.factories import PartnershipFactory, ResearchAreaFactory

pytestmark = pytest.mark.django_db

YEAR_2025 = {"year_from": 2025, "year_to": 2025}


def figures(response) -> dict:
    return {figure.key: figure for figure in response.context["board"].figures}


def test_staff_see_portfolio_figures_with_the_change_on_the_year_before(client_as, staff_user, portfolio):
    board = figures(client_as(staff_user).get(reverse("dashboard"), YEAR_2025))
    assert board["publications"].value == 2 and board["publications"].previous == 1
    assert board["publications"].change == 1 and board["publications"].change_percent == 100
    assert board["funding_committed"].value == 350000
    assert board["licence_income"].value == 1100
    assert board["days_to_execution"].value == 30
    assert board["leverage"].value == Decimal("0.17")
    assert board["publications"].url == "/outputs/?kind=publication&year=2025"
    ranking = client_as(staff_user).get(reverse("dashboard"), YEAR_2025).context["board"]
    assert [(p.title, p.activity) for p in ranking.most_active] == [
        # 2025: a paper, a talk, two disclosures, a filing, a licence, an option, a start-up, a dataset, a deployment
        ("Acme robot grasping", 10),
        ("Globex demand forecasting", 1),
    ]
    assert [p.title for p in ranking.least_active] == ["Globex demand forecasting", "Acme robot grasping"]


def test_a_year_range_adds_up_years_and_leaves_medians_out(client_as, staff_user, portfolio):
    board = figures(client_as(staff_user).get(reverse("dashboard"), {"year_from": 2024, "year_to": 2026}))
    assert board["publications"].value == 3
    assert board["licence_income"].value == 1800
    assert board["days_to_execution"].value is None  # a median cannot be added up over years
    assert board["hired_share"].value == Decimal("0.50")  # 2 hired of 4 finished


def test_the_dashboard_at_metrics_is_the_same_page(client_as, staff_user, portfolio):
    response = client_as(staff_user).get(reverse("metrics:metrics-dashboard"), YEAR_2025)
    assert figures(response)["publications"].value == 2


def test_filters_by_model_and_area_add_up_partnership_rows(client_as, staff_user, portfolio):
    area = ResearchAreaFactory(name="Robotics")
    portfolio["p1"].research_areas.add(area)
    client = client_as(staff_user)
    board = figures(client.get(reverse("dashboard"), {**YEAR_2025, "area": area.pk}))
    assert board["publications"].value == 1  # Acme's partnership only
    board = figures(client.get(reverse("dashboard"), {**YEAR_2025, "model": PartnershipModel.CONSORTIUM}))
    assert board["publications"].value == 0
    response = client.get(reverse("dashboard"), YEAR_2025)
    assert response.context["board"].by_area == [
        {
            "label": "Robotics",
            "publications": 1.0,
            "disclosures": 2.0,
            "licences_options": 2.0,
            "licence_income": 1100.0,
        }
    ]


def test_filter_by_partner_reads_its_organization_rows(client_as, staff_user, portfolio):
    client = client_as(staff_user)
    board = figures(client.get(reverse("dashboard"), {**YEAR_2025, "partner": portfolio["globex"].pk}))
    assert board["funding_committed"].value == 200000
    assert board["publications"].value == 1
    board = figures(client.get(reverse("dashboard"), {**YEAR_2025, "partner": "acme robotics"}))
    assert board["funding_committed"].value == 100000
    response = client.get(reverse("dashboard"), {**YEAR_2025, "partner": "Nobody Inc"})
    assert "No partner by that name." in response.content.decode()
    assert figures(response)["funding_committed"].value == 350000  # the year still applies


def test_liaison_sees_their_organizations_figures_not_the_portfolios(client_as, acme_liaison, portfolio):
    response = client_as(acme_liaison).get(reverse("dashboard"), YEAR_2025)
    board = figures(response)
    assert board["funding_committed"].value == 100000  # what Acme committed, not the 350k portfolio
    assert board["publications"].value == 1
    assert board["licence_income"].value == 1100
    assert response.context["board"].by_partner == []
    assert "partner" not in response.context["form"].fields


def test_rival_liaison_sees_no_figure_from_outside_their_partnerships(client_as, globex_liaison, portfolio):
    client = client_as(globex_liaison)
    response = client.get(reverse("dashboard"), YEAR_2025)
    board = figures(response)
    assert board["funding_committed"].value == 200000
    assert board["publications"].value == 1
    assert not board["licence_income"].value  # Acme's licence never reaches Globex
    page = response.content.decode()
    for acme_only in ("1,100", "350,000", "Acme robot grasping"):
        assert acme_only not in page
    # Every row the API gives Globex's liaison is Globex's own, or an output row of Globex's partnership.
    rows = []
    url = "/api/v1/metrics/"
    while url:
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
    assert rows
    allowed = {("organization", portfolio["globex"].pk), ("partnership", portfolio["p2"].pk)}
    for row in rows:
        assert (row["scope_kind"], row["scope_id"]) in allowed, row
        if row["scope_kind"] == "partnership":
            assert row["key"] in PARTNER_SAFE_KEYS, row
    expected = MetricValue.objects.filter(scope_kind="organization", scope_id=portfolio["globex"].pk).count()
    assert sum(1 for row in rows if row["scope_kind"] == "organization") == expected


def test_liaison_filtered_by_model_sees_output_figures_only(client_as, acme_liaison, portfolio):
    response = client_as(acme_liaison).get(
        reverse("dashboard"), {**YEAR_2025, "model": PartnershipModel.SPONSORED_RESEARCH}
    )
    keys = {figure.key for figure in response.context["board"].figures}
    assert keys <= PARTNER_SAFE_KEYS and "publications" in keys and "funding_committed" not in keys


def test_metrics_api_filters_and_definitions(client_as, staff_user, portfolio):
    client = client_as(staff_user)
    body = client.get("/api/v1/metrics/", {"scope_kind": "portfolio", "key": "publications", "period": 2025}).json()
    assert [(row["key"], row["value"]) for row in body["results"]] == [("publications", "2.0000")]
    definitions = client.get("/api/v1/metrics/definitions/").json()
    assert {"key": "licence_income", "unit": "money"}.items() <= next(
        d for d in definitions if d["key"] == "licence_income"
    ).items()


def _dashboard_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("dashboard"), YEAR_2025).status_code == 200
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize("persona", ["staff_user", "acme_liaison"])
def test_dashboard_reads_the_metrics_table_in_a_constant_number_of_queries(request, client_as, portfolio, persona):
    client = client_as(request.getfixturevalue(persona))
    few = _dashboard_queries(client)
    for _ in range(10):
        partnership = PartnershipFactory(lead=portfolio["university"], sponsor=portfolio["acme"])
        OutputFactory(partnership=partnership)
    services.metrics_recompute_all()
    many = _dashboard_queries(client)
    assert len(many) == len(few)
    for fact_table in (
        "metrics_output",
        "metrics_licenceincome",
        "partnerships_payment",
        "partnerships_fundingcommitment",
    ):
        assert not any(fact_table in sql for sql in many), fact_table


def test_admins_see_when_figures_were_computed_and_can_recompute(client_as, admin_user, staff_user, portfolio):
    page = client_as(admin_user).get(reverse("dashboard")).content.decode()
    assert "Figures computed" in page and "Recompute everything" in page
    assert "Recompute everything" not in client_as(staff_user).get(reverse("dashboard")).content.decode()
    response = client_as(admin_user).post(reverse("metrics:recompute-start"))
    assert response.status_code == 302
    status = client_as(admin_user).get(reverse("metrics:recompute-status")).content.decode()
    assert "Full recompute" in status
