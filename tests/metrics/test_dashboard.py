"""The dashboard and /api/v1/metrics/: right figures, scoped to the viewer, a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_script_prefix, reverse, set_script_prefix

from metrics import dashboard, selectors, services
from metrics.dashboard import HEADLINE_KEYS
from metrics.models import MetricValue, ScopeKind
from metrics.registry import PARTNER_SAFE_KEYS
from metrics.selectors import count_up_to
from partnerships.models import Organization, Partnership, PartnershipModel
from tests.outputs.factories import OutputFactory
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


def test_filters_by_model_and_area_and_the_breakdowns_they_link_to(client_as, staff_user, portfolio):
    area = ResearchAreaFactory(name="Robotics")
    portfolio["p1"].research_areas.add(area)  # marks the partnership: the breakdown by area moves
    assert services.metrics_recompute_changed() == 1
    client = client_as(staff_user)
    board = figures(client.get(reverse("dashboard"), {**YEAR_2025, "area": area.pk}))
    assert board["publications"].value == 1  # Acme's partnership only
    board = figures(client.get(reverse("dashboard"), {**YEAR_2025, "model": PartnershipModel.CONSORTIUM}))
    assert board["publications"].value == 0
    response = client.get(reverse("dashboard"), YEAR_2025)
    [row] = response.context["board"].by_area
    assert {key: value for key, value in row.items() if key not in ("url", "urls")} == {
        "label": "Robotics",
        "publications": 1.0,
        "disclosures": 2.0,
        "licences_options": 2.0,
        "licence_income": 1100.0,
    }
    assert row["url"] == f"/partnerships/?research_area={area.pk}"
    assert row["urls"]["publications"] == f"/outputs/?kind=publication&year=2025&research_area={area.pk}"


def test_stored_breakdowns_equal_the_partnership_rows_added_up(client_as, staff_user, portfolio):
    """The rows a recompute stores per model and area are what adding up the partnerships' rows
    gives, over a year range, for the whole portfolio and for one model or area."""
    robotics, logistics = ResearchAreaFactory(name="Robotics"), ResearchAreaFactory(name="Logistics")
    portfolio["p1"].research_areas.add(robotics, logistics)
    portfolio["p2"].research_areas.add(logistics)
    Partnership.objects.filter(pk=portfolio["p2"].pk).update(model=PartnershipModel.CONSORTIUM)
    services.metrics_recompute_all()
    keys = list(dashboard.BREAKDOWN_KEYS)
    everything = dashboard.Filters(year_from=2024, year_to=2026)
    stored_models = dashboard._stored_breakdown(staff_user, everything, ScopeKind.MODEL, keys)
    stored_areas = dashboard._stored_breakdown(staff_user, everything, ScopeKind.AREA, keys)
    assert stored_models == dashboard._grouped_by(staff_user, everything, dashboard.MODEL_SQL, keys)
    assert stored_areas == dashboard._grouped_by(staff_user, everything, dashboard.AREA_SQL, keys)
    assert len(stored_models) == 2 and len(stored_areas) == 2
    one_model = dashboard.Filters(year_from=2025, year_to=2025, model=PartnershipModel.CONSORTIUM)
    assert dashboard._by_model(staff_user, one_model, keys) == dashboard._grouped_by(
        staff_user, one_model, dashboard.MODEL_SQL, keys
    )
    one_area = dashboard.Filters(year_from=2025, year_to=2025, area=robotics)
    assert dashboard._by_area(staff_user, one_area, keys) == {
        group: totals
        for group, totals in dashboard._grouped_by(staff_user, one_area, dashboard.AREA_SQL, keys).items()
        if group[0] == robotics.pk  # the partnership-row path also lists the partnership's other areas
    }
    by_area = client_as(staff_user).get(reverse("dashboard"), YEAR_2025).context["board"].by_area
    assert {row["label"]: row["publications"] for row in by_area} == {"Logistics": 2.0, "Robotics": 1.0}


def test_a_liaison_gets_no_stored_breakdown_row(client_as, acme_liaison, portfolio):
    portfolio["p2"].research_areas.add(ResearchAreaFactory(name="Forecasting"))  # Globex's partnership only
    services.metrics_recompute_changed()
    assert MetricValue.objects.filter(scope_kind=ScopeKind.AREA).exists()
    assert not MetricValue.objects.visible_to(acme_liaison).filter(scope_kind__in=[ScopeKind.MODEL, ScopeKind.AREA])
    board = client_as(acme_liaison).get(reverse("dashboard"), YEAR_2025).context["board"]
    assert board.by_area == []  # Globex's area is not one of Acme's partnerships'


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


# --- The ranking: read off the index for one year, scoped like everything else ---------------


def ranking(client, params) -> tuple[list, list]:
    board = client.get(reverse("dashboard"), params).context["board"]
    return (
        [(p.title, p.activity) for p in board.most_active],
        [(p.title, p.activity) for p in board.least_active],
    )


def test_every_year_a_partnership_is_active_has_an_activity_row_zero_included(portfolio):
    p1, p2, p3 = portfolio["p1"].pk, portfolio["p2"].pk, portfolio["p3"].pk
    rows = {
        (scope_id, period): value
        for scope_id, period, value in MetricValue.objects.filter(scope_kind="partnership", key="activity")
        .exclude(period=0)
        .values_list("scope_id", "period", "value")
    }
    # P1 runs 2024-2026, P2 2025-2027; P3 is still exploring, so never active.
    assert rows == {
        (p1, 2024): 1,  # the 2024 paper
        (p1, 2025): 10,
        (p1, 2026): 2,  # the patent granted and the software
        (p2, 2025): 1,
        (p2, 2026): 0,
        (p2, 2027): 0,
    }
    assert not MetricValue.objects.filter(scope_kind="partnership", scope_id=p3, key="activity").exists()


def test_least_active_includes_the_partnerships_that_produced_nothing(client_as, staff_user, portfolio):
    client = client_as(staff_user)
    most, least = ranking(client, {"year_from": 2026, "year_to": 2026})
    assert most == [("Acme robot grasping", 2), ("Globex demand forecasting", 0)]
    assert least == [("Globex demand forecasting", 0), ("Acme robot grasping", 2)]
    assert ranking(client, {"year_from": 2027, "year_to": 2027}) == (
        [("Globex demand forecasting", 0)],
        [("Globex demand forecasting", 0)],
    )


def test_over_several_years_the_ranking_adds_up_the_active_years(client_as, staff_user, portfolio):
    most, least = ranking(client_as(staff_user), {"year_from": 2024, "year_to": 2026})
    assert most == [("Acme robot grasping", 13), ("Globex demand forecasting", 1)]
    assert least == [("Globex demand forecasting", 1), ("Acme robot grasping", 13)]


def test_the_ranking_keeps_the_top_five_and_breaks_ties_the_same_way_each_time(client_as, staff_user, portfolio):
    extra = [PartnershipFactory(title=f"Extra {n}", lead=portfolio["university"]) for n in range(6)]
    for n, partnership in enumerate(extra):
        for _ in range(n % 3):
            OutputFactory(partnership=partnership, date=datetime.date(2026, 3, 1))
    services.metrics_recompute_all()
    most, least = ranking(client_as(staff_user), {"year_from": 2026, "year_to": 2026})
    # Ties: the newest partnership first among the most active, the oldest first among the least.
    assert most == [("Extra 5", 2), ("Extra 2", 2), ("Acme robot grasping", 2), ("Extra 4", 1), ("Extra 1", 1)]
    assert least == [
        ("Globex demand forecasting", 0),
        ("Extra 0", 0),
        ("Extra 3", 0),
        ("Extra 1", 1),
        ("Extra 4", 1),
    ]


@pytest.mark.parametrize(
    ("persona", "theirs"),
    [("acme_liaison", "Acme robot grasping"), ("globex_liaison", "Globex demand forecasting")],
)
def test_a_liaisons_ranking_holds_only_their_partnerships(request, client_as, portfolio, persona, theirs):
    # The rival's partnership is busier than theirs this year: it would top an unscoped ranking.
    rival = PartnershipFactory(title="Rival lab", lead=portfolio["university"])
    for _ in range(20):
        OutputFactory(partnership=rival, date=datetime.date(2025, 6, 1))
    services.metrics_recompute_all()
    client = client_as(request.getfixturevalue(persona))
    for params in (YEAR_2025, {"year_from": 2024, "year_to": 2026}, {**YEAR_2025, "model": rival.model}):
        most, least = ranking(client, params)
        assert [title for title, _ in most] == [theirs], params
        assert [title for title, _ in least] == [theirs], params


# --- Attention cards: counted up to a cap ------------------------------------------------------


def test_count_up_to_stops_at_the_cap_and_says_whether_there_is_more(portfolio):
    organizations = Organization.objects.all()  # the university, Acme, Globex, the agency
    assert count_up_to(organizations, 10) == (4, False)
    assert count_up_to(organizations, 4) == (4, False)
    assert count_up_to(organizations, 3) == (3, True)


def test_a_card_past_the_cap_shows_the_cap_and_a_plus(client_as, staff_user, portfolio, monkeypatch):
    monkeypatch.setattr(selectors, "ATTENTION_CAP", 3)
    response = client_as(staff_user).get(reverse("dashboard"))
    organizations = next(card for card in response.context["cards"] if card["key"] == "organizations")
    assert (organizations["value"], organizations["capped"]) == (3, True)
    page = response.content.decode()
    assert 'data-testid="stat-organizations" title="More than 3: the list has the exact number">3+</div>' in page
    monkeypatch.setattr(selectors, "ATTENTION_CAP", 1000)
    page = client_as(staff_user).get(reverse("dashboard")).content.decode()
    assert 'data-testid="stat-organizations">4</div>' in page


def test_a_liaisons_cards_count_only_what_they_may_see(client_as, acme_liaison, portfolio):
    cards = {card["key"]: card for card in client_as(acme_liaison).get(reverse("dashboard")).context["cards"]}
    assert (cards["organizations"]["value"], cards["organizations"]["capped"]) == (1, False)  # Acme itself
    # Acme's two partnerships (P3, still exploring, is open too); Globex's is not theirs.
    assert (cards["partnerships"]["value"], cards["partnerships"]["capped"]) == (2, False)
    assert "deviations" not in cards  # the office's negotiating positions, never a partner's card


# --- Every figure links to the records behind it ----------------------------------------------


def listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["total"]


OUTPUT_COUNTS = ["publications", "disclosures", "patent_applications", "patents_granted", "licences_options"]


@pytest.mark.parametrize(
    "params",
    [YEAR_2025, {"year_from": 2024, "year_to": 2026}, {**YEAR_2025, "model": PartnershipModel.SPONSORED_RESEARCH}],
)
def test_every_headline_figure_links_to_a_list_of_its_records(client_as, staff_user, portfolio, params):
    client = client_as(staff_user)
    board = figures(client.get(reverse("dashboard"), params))
    assert set(board) == set(HEADLINE_KEYS)
    for figure in board.values():
        assert figure.url, figure.key
        assert client.get(figure.url).status_code == 200, figure.url
    for key in OUTPUT_COUNTS:  # an output list shows as many outputs as the figure counts
        assert listed(client, board[key].url) == board[key].value, key


def test_a_partner_filtered_figure_links_to_that_partners_records(client_as, staff_user, portfolio):
    client = client_as(staff_user)
    board = figures(client.get(reverse("dashboard"), {**YEAR_2025, "partner": portfolio["globex"].pk}))
    assert listed(client, board["publications"].url) == board["publications"].value == 1
    assert listed(client, board["funding_committed"].url) == 1  # Globex's own commitment, in pounds
    assert f"party={portfolio['globex'].pk}" in board["active_agreements"].url


def test_licence_income_links_to_the_licences_that_earned_it_in_those_years(client_as, staff_user, portfolio):
    client = client_as(staff_user)
    board = figures(client.get(reverse("dashboard"), YEAR_2025))
    assert listed(client, board["licence_income"].url) == 2  # the licence's issue fee, the option payment
    board = figures(client.get(reverse("dashboard"), {"year_from": 2026, "year_to": 2026}))
    assert listed(client, board["licence_income"].url) == 1  # the licence's royalty and cashed-in equity


def test_breakdown_ranking_and_partner_rows_link_to_their_records(client_as, staff_user, portfolio):
    area = ResearchAreaFactory(name="Robotics")
    portfolio["p1"].research_areas.add(area)
    client = client_as(staff_user)
    board = client.get(reverse("dashboard"), YEAR_2025).context["board"]
    for row in board.by_model + board.by_area:
        assert listed(client, row["url"]) >= 1
        for key in ("publications", "disclosures", "licences_options"):
            assert listed(client, row["urls"][key]) == row[key], (row["label"], key)
    assert board.by_partner
    for row in board.by_partner:
        assert client.get(row["url"]).status_code == 200
        for key in ("publications", "licences_options"):
            assert listed(client, row["urls"][key]) == row[key], (row["label"], key)
    for partnership in board.most_active + board.least_active:
        assert listed(client, partnership.outputs_url) == partnership.activity


@pytest.mark.parametrize("persona", ["staff_user", "acme_liaison"])
def test_every_attention_card_links_to_a_list(request, client_as, portfolio, persona):
    client = client_as(request.getfixturevalue(persona))
    for card in client.get(reverse("dashboard")).context["cards"]:
        assert card["url"] and client.get(card["url"]).status_code == 200, card["key"]


def test_partner_rows_link_to_the_partners_records_whatever_the_model_filter(client_as, staff_user, portfolio):
    # A partner's row holds its organization's figures, which no model or area filter splits.
    Partnership.objects.filter(pk=portfolio["p2"].pk).update(model=PartnershipModel.CONSORTIUM)
    client = client_as(staff_user)
    params = {**YEAR_2025, "model": PartnershipModel.SPONSORED_RESEARCH}
    rows = {row["label"]: row for row in client.get(reverse("dashboard"), params).context["board"].by_partner}
    globex = rows["Globex Analytics"]
    assert globex["publications"] == 1
    assert listed(client, globex["urls"]["publications"]) == 1


def test_links_to_lists_follow_the_script_prefix_of_a_deployment_under_a_path():
    # The list paths are reversed once per name and script prefix (dashboard._list_path).
    filters = dashboard.Filters(2026, 2026, None)
    before = get_script_prefix()
    try:
        set_script_prefix("/tto/")
        assert dashboard._list_url("agreements:agreement-list", filters).startswith("/tto/agreements/")
    finally:
        set_script_prefix(before)
    assert dashboard._list_url("agreements:agreement-list", filters).startswith("/agreements/")
