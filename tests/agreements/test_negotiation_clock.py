"""How long a worked-out negotiation clock holds (terms.ball_days_change_at), which decides how
long a stored list row may be served before its `ball_days` would have moved on."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agreements import terms

START = datetime(2026, 1, 1, tzinfo=UTC)
HOLDERS = st.sampled_from(["tto", "sponsor", "pi", "legal"])
# Passes up to 40 days apart, in order, as the ball's changes are kept (ordering since, pk).
PASSES = st.lists(st.tuples(HOLDERS, st.integers(0, 40 * 86400)), max_size=6).map(
    lambda passes: [
        (holder, START + timedelta(seconds=offset)) for holder, offset in sorted(passes, key=lambda p: p[1])
    ]
)


def test_the_current_holders_next_whole_day_a_second_early():
    changes = [("tto", START), ("sponsor", START + timedelta(days=2, hours=12))]
    now = START + timedelta(days=3)  # the sponsor has held it for half a day
    assert terms.ball_days_change_at(changes, now) == START + timedelta(days=3, hours=12) - timedelta(seconds=1)


def test_a_pass_dated_later_comes_first_if_it_is_sooner():
    changes = [("tto", START), ("sponsor", START + timedelta(hours=10))]
    assert terms.ball_days_change_at(changes, START + timedelta(hours=2)) == START + timedelta(hours=10, seconds=-1)
    changes = [("tto", START), ("sponsor", START + timedelta(hours=30))]  # after tto's first whole day
    assert terms.ball_days_change_at(changes, START + timedelta(hours=2)) == START + timedelta(hours=24, seconds=-1)


def test_a_holder_without_time_yet_gets_an_entry_at_once():
    assert terms.ball_days([("tto", START)], START) == {}
    assert terms.ball_days_change_at([("tto", START)], START) == START - timedelta(seconds=1)


def test_without_passes_the_clock_never_moves():
    assert terms.ball_days_change_at([], START) is None


@given(changes=PASSES, now_offset=st.integers(0, 60 * 86400), fraction=st.floats(0, 1))
def test_the_figures_hold_until_then(changes, now_offset, fraction):
    now = START + timedelta(seconds=now_offset)
    change_at = terms.ball_days_change_at(changes, now)
    if change_at is None:
        assert not changes
        return
    assert change_at >= now - timedelta(seconds=1)
    later = now + (change_at - now) * fraction
    assert terms.ball_days(changes, later) == terms.ball_days(changes, now)


@given(changes=PASSES.filter(bool), now_offset=st.integers(0, 60 * 86400))
def test_and_change_soon_after(changes, now_offset):
    """Early by a second, never by more than a pass dated later: the next whole day comes within
    a second and a bit after change_at, unless a later pass is the reason for the date."""
    now = START + timedelta(seconds=now_offset)
    change_at = terms.ball_days_change_at(changes, now)
    if any(since == change_at + timedelta(seconds=1) for _, since in changes):
        return
    assert terms.ball_days(changes, change_at + timedelta(seconds=2)) != terms.ball_days(changes, now)
