"""Deadline arithmetic: pure functions of calendar dates."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agreements import dates


@pytest.mark.parametrize(
    ("submitted", "days", "due"),
    [
        (date(2026, 1, 31), 30, date(2026, 3, 2)),  # across a short February
        (date(2028, 1, 31), 30, date(2028, 3, 1)),  # a leap year has 29 February
        (date(2028, 2, 29), 365, date(2029, 2, 28)),
        (date(2026, 12, 15), 30, date(2027, 1, 14)),  # across the year end
        (date(2026, 3, 28), 1, date(2026, 3, 29)),  # the night clocks change in Europe: still one day
    ],
)
def test_review_due_counts_calendar_days(submitted, days, due):
    assert dates.review_due(submitted, days) == due


def test_release_waits_for_the_slowest_party_and_a_patent_delay():
    submitted = date(2026, 1, 1)
    answers = [("cleared", date(2026, 1, 10), None), ("delay_requested", date(2026, 1, 20), 45)]
    assert dates.release_date(submitted, 30, answers) == date(2026, 1, 31) + timedelta(days=45)


def test_all_cleared_early_releases_early():
    answers = [("cleared", date(2026, 1, 5), None), ("cleared", date(2026, 1, 8), None)]
    assert dates.release_date(date(2026, 1, 1), 30, answers) == date(2026, 1, 8)


def test_a_lapsed_review_holds_until_its_deadline():
    assert dates.release_date(date(2026, 1, 1), 30, [("lapsed", date(2026, 2, 1), None)]) == date(2026, 1, 31)


def test_option_deadlines_follow_the_disclosure():
    assert dates.option_election_deadline(date(2026, 1, 1), 90) == date(2026, 4, 1)
    assert dates.licence_negotiation_deadline(date(2026, 1, 1), 90, 120) == date(2026, 7, 30)


def test_renewal_notice_date():
    assert dates.renewal_notice_date(date(2027, 3, 1), 90) == date(2026, 12, 1)
    assert dates.renewal_notice_date(None, 90) is None


answer = st.one_of(
    st.tuples(st.just("pending"), st.none(), st.none()),
    st.tuples(st.just("lapsed"), st.none(), st.none()),
    st.tuples(st.just("removal_requested"), st.none(), st.none()),
    st.tuples(st.just("cleared"), st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.none()),
)


@given(
    submitted=st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    review_days=st.integers(0, 120),
    allowed_delay=st.integers(0, 120),
    answers=st.lists(answer, min_size=1, max_size=5),
    delays=st.lists(st.integers(1, 120), max_size=3),
)
def test_release_is_bounded_by_the_terms(submitted, review_days, allowed_delay, answers, delays):
    """Never later than submission + review + allowed delay; never before a deadline not cleared."""
    answers = answers + [
        ("delay_requested", submitted, min(days, allowed_delay) or None) for days in delays if allowed_delay
    ]
    release = dates.release_date(submitted, review_days, answers)
    assert release <= dates.latest_release(submitted, review_days, allowed_delay)
    due = dates.review_due(submitted, review_days)
    if any(status != "cleared" for status, _, _ in answers):
        assert release >= due
    assert release >= submitted
