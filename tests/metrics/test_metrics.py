"""Each metric against the hand-built portfolio of tests/metrics/portfolio.py, its answer worked out here."""

from decimal import Decimal

import pytest

from metrics.registry import METRICS
from tests.metrics.conftest import value

pytestmark = pytest.mark.django_db

PORTFOLIO, PARTNERSHIP, ORGANIZATION = "portfolio", "partnership", "organization"


def p(key, period=0):
    return value(PORTFOLIO, 0, key, period)


def test_every_metric_has_a_label_description_and_unit():
    for metric in METRICS:
        assert metric.label and metric.description and metric.unit, metric.key
        assert metric.derived or metric.facts, metric.key


def test_funding_committed_counts_gbp_commitments_by_the_year_they_start(portfolio):
    # 2025: Acme's 100k sponsorship + the agency's 50k matching + Globex's 200k; 2024: Acme's 30k in kind.
    assert p("funding_committed", 2025) == 350000
    assert p("funding_committed", 2024) == 30000
    assert p("funding_committed") == 380000  # the EUR 999 is not added to pounds
    assert value(PARTNERSHIP, portfolio["p1"].pk, "funding_committed") == 180000
    # An organization's funding is what it committed itself.
    assert value(ORGANIZATION, portfolio["acme"].pk, "funding_committed") == 130000
    assert value(ORGANIZATION, portfolio["globex"].pk, "funding_committed") == 200000
    assert value(ORGANIZATION, portfolio["funder"].pk, "funding_committed") == 50000


def test_funding_received_counts_payments_by_the_date_received(portfolio):
    assert p("funding_received", 2025) == 120000  # 40k from Acme, 80k from Globex
    assert p("funding_received", 2026) == 10000
    assert p("funding_received") == 130000
    assert value(ORGANIZATION, portfolio["acme"].pk, "funding_received") == 50000


def test_leverage_is_matching_and_in_kind_per_unit_of_industry_cash(portfolio):
    assert p("industry_cash") == 300000  # Acme's and Globex's sponsorship
    assert p("matching_in_kind") == 80000  # 50k matching + 30k in kind
    assert p("leverage") == Decimal("0.2667")  # 80 / 300
    assert p("leverage", 2025) == Decimal("0.1667")  # 50 / 300
    assert value(PARTNERSHIP, portfolio["p1"].pk, "leverage") == Decimal("0.8")  # 80 / 100
    assert p("leverage", 2024) is None  # no industry cash that year: no ratio, not zero


def test_active_partnerships_count_each_year_a_partnership_runs(portfolio):
    assert p("active_partnerships", 2024) == 1  # Acme's
    assert p("active_partnerships", 2025) == 2  # Acme's and Globex's; the exploring one never counts
    assert p("active_partnerships", 2027) == 1  # Globex's runs to 2027
    assert p("active_partnerships") == 2  # all time: each once
    assert value(ORGANIZATION, portfolio["acme"].pk, "active_partnerships", 2025) == 1


def test_active_agreements_count_executed_agreements_in_force(portfolio):
    assert p("active_agreements", 2025) == 3
    assert p("active_agreements") == 3
    assert value(ORGANIZATION, portfolio["globex"].pk, "active_agreements", 2025) == 1


def test_median_days_from_first_draft_to_execution(portfolio):
    assert p("days_to_execution", 2025) == 30  # median of 30, 50, 10
    assert value(PARTNERSHIP, portfolio["p1"].pk, "days_to_execution", 2025) == 40  # median of 30, 50
    assert value(ORGANIZATION, portfolio["globex"].pk, "days_to_execution", 2025) == 10
    assert value(ORGANIZATION, portfolio["university"].pk, "days_to_execution") == 30


def test_share_of_negotiation_each_side_held_the_ball(portfolio):
    # A1: TTO 10 + sponsor 10 + TTO 10; A2: sponsor 50 (the pass after execution is ignored); A3: TTO 10.
    assert p("ball_days_total", 2025) == 90
    assert p("ball_days_tto", 2025) == 30
    assert p("ball_days_sponsor", 2025) == 60
    assert p("ball_share_tto", 2025) == Decimal("0.3333")
    assert p("ball_share_sponsor", 2025) == Decimal("0.6667")
    assert p("ball_share_legal", 2025) == 0


def test_publications_and_citations(portfolio):
    assert p("publications", 2025) == 2
    assert p("publications", 2024) == 1
    assert p("publications") == 3
    assert p("citations", 2025) == 17
    assert p("citations") == 22
    assert value(ORGANIZATION, portfolio["acme"].pk, "publications") == 2
    assert value(ORGANIZATION, portfolio["globex"].pk, "publications") == 1
    assert value(ORGANIZATION, portfolio["university"].pk, "publications") == 3


def test_disclosures_patents_licences_startups_releases_deployments(portfolio):
    assert p("presentations") == 1
    assert p("disclosures", 2025) == 2
    assert p("patent_applications", 2025) == 1
    assert p("patents_granted", 2026) == 1
    assert p("patents_granted", 2025) is None  # nothing granted: no row, read as zero
    assert p("licences_options", 2025) == 2  # a licence and an option
    assert p("startups") == 1
    assert p("releases") == 2  # a dataset and software
    assert p("deployments") == 1


def test_licence_income_follows_autm(portfolio):
    # Counted: issue fee 1000 + option payment 100 (2025), royalty 500 + cashed equity 200 (2026).
    # Not counted: patent cost reimbursement, uncashed equity, research funding, and the EUR royalty.
    assert p("licence_income", 2025) == 1100
    assert p("licence_income", 2026) == 700
    assert p("licence_income") == 1800
    assert value(ORGANIZATION, portfolio["globex"].pk, "licence_income") is None


def test_placements_and_the_share_hired_by_industry(portfolio):
    assert p("placements", 2024) == 1
    assert p("placements", 2025) == 4  # the cancelled one never happened
    assert p("placements") == 5
    assert p("placements_finished") == 4
    # Hired by a company host (2024), by another partner (2025); hired by a university host is not industry.
    assert p("placements_hired") == 2
    assert p("hired_share") == Decimal("0.5")
    assert p("hired_share", 2025) == Decimal("0.3333")
    assert value(ORGANIZATION, portfolio["acme"].pk, "placements") == 5
    assert value(ORGANIZATION, portfolio["globex"].pk, "placements") is None
