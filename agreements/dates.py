"""Every date that follows from agreement terms and events, as pure functions of calendar dates.

Dates are calendar dates in the institution's time zone (callers pass timezone.localdate()),
so "30 days" never shifts with daylight saving or the server's clock.
"""

from datetime import date, timedelta


def review_due(submitted_on: date, review_days: int) -> date:
    """A partner's review of a manuscript is due this many calendar days after submission."""
    return submitted_on + timedelta(days=review_days)


def latest_release(submitted_on: date, review_days: int, allowed_delay_days: int) -> date:
    """The latest a manuscript can be held: review period plus the longest allowed patent delay."""
    return review_due(submitted_on, review_days) + timedelta(days=allowed_delay_days)


def release_date(submitted_on: date, review_days: int, answers: list[tuple[str, date | None, int | None]]) -> date:
    """The first day the manuscript may be submitted for publication.

    `answers` has one (status, answered_on, delay_days) per reviewing party. A clearance frees
    the manuscript from that party on the day it came (never later than the deadline); a party
    that has not answered, asked for removals or let the deadline lapse holds it until the
    deadline; a patent delay holds it that many days past the deadline.
    """
    due = review_due(submitted_on, review_days)
    release = submitted_on
    for status, answered_on, delay_days in answers:
        if status == "cleared" and answered_on is not None:
            held_until = min(answered_on, due)
        elif status == "delay_requested":
            held_until = due + timedelta(days=delay_days or 0)
        else:
            held_until = due
        release = max(release, held_until)
    return release


def option_election_deadline(disclosed_on: date, election_days: int) -> date:
    """After an invention is disclosed under an option, the sponsor must elect within this period."""
    return disclosed_on + timedelta(days=election_days)


def licence_negotiation_deadline(disclosed_on: date, election_days: int, negotiation_days: int) -> date:
    """Once elected, the licence must be negotiated within this further period."""
    return option_election_deadline(disclosed_on, election_days) + timedelta(days=negotiation_days)


def renewal_notice_date(expiry: date | None, notice_days: int | None) -> date | None:
    """The last day to give notice of (non-)renewal: expiry minus the notice period."""
    if expiry is None or notice_days is None:
        return None
    return expiry - timedelta(days=notice_days)
