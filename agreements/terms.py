"""Agreement terms without I/O: groups, presets, the lifecycle, inheritance and comparison.

Pure functions over plain values, so the rules are easy to read and to test.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    INTERNAL_REVIEW = "internal_review", "Internal review"
    NEGOTIATION = "negotiation", "Negotiation"
    PARTNER_REVIEW = "partner_review", "Partner review"
    APPROVED = "approved", "Approved"
    OUT_FOR_SIGNATURE = "out_for_signature", "Out for signature"
    EXECUTED = "executed", "Executed"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"
    ON_HOLD = "on_hold", "On hold"


S = AgreementStatus
OPEN_STATUSES = (
    S.DRAFT,
    S.INTERNAL_REVIEW,
    S.NEGOTIATION,
    S.PARTNER_REVIEW,
    S.APPROVED,
    S.OUT_FOR_SIGNATURE,
    S.ON_HOLD,
)

# Who may move an agreement where. EXPIRED is reached only by the scheduled job.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.INTERNAL_REVIEW, S.NEGOTIATION, S.ON_HOLD, S.TERMINATED),
    S.INTERNAL_REVIEW: (S.DRAFT, S.NEGOTIATION, S.PARTNER_REVIEW, S.ON_HOLD, S.TERMINATED),
    S.NEGOTIATION: (S.INTERNAL_REVIEW, S.PARTNER_REVIEW, S.APPROVED, S.ON_HOLD, S.TERMINATED),
    S.PARTNER_REVIEW: (S.NEGOTIATION, S.APPROVED, S.ON_HOLD, S.TERMINATED),
    S.APPROVED: (S.OUT_FOR_SIGNATURE, S.NEGOTIATION, S.ON_HOLD, S.TERMINATED),
    S.OUT_FOR_SIGNATURE: (S.EXECUTED, S.NEGOTIATION, S.ON_HOLD, S.TERMINATED),
    S.ON_HOLD: (S.DRAFT, S.INTERNAL_REVIEW, S.NEGOTIATION, S.PARTNER_REVIEW, S.TERMINATED),
    S.EXECUTED: (S.TERMINATED,),
    S.EXPIRED: (),
    S.TERMINATED: (),
}
SYSTEM_TRANSITIONS = {S.EXECUTED: (S.EXPIRED,)}


def allowed_transitions(status: str) -> tuple[str, ...]:
    return TRANSITIONS[status]


def is_allowed(from_status: str, to_status: str, *, by_system: bool = False) -> bool:
    if to_status in TRANSITIONS[from_status]:
        return True
    return by_system and to_status in SYSTEM_TRANSITIONS.get(from_status, ())


def replay(start: str, changes: list[tuple[str, str]]) -> str:
    """The status a recorded history leads to; raises if any step was illegal or out of order."""
    status = start
    for from_status, to_status in changes:
        if from_status != status or not is_allowed(from_status, to_status, by_system=True):
            raise ValueError(f"illegal step {from_status} → {to_status} from {status}")
        status = to_status
    return status


# --- Term choices -------------------------------------------------------------------------


class IPOwner(models.TextChoices):
    INSTITUTION = "institution", "Institution"
    SPONSOR = "sponsor", "Sponsor"
    JOINT = "joint", "Joint"
    INVENTORSHIP = "inventorship", "Follows inventorship"


class PatentCosts(models.TextChoices):
    INSTITUTION = "institution", "Institution"
    SPONSOR = "sponsor", "Sponsor"
    SHARED = "shared", "Shared"
    LICENSEE = "licensee", "Licensee, on licensing"


class DataRegime(models.TextChoices):
    NONE = "none", "No personal data"
    GDPR = "gdpr", "GDPR"
    HIPAA = "hipaa", "HIPAA"
    OTHER = "other", "Other"


@dataclass(frozen=True)
class TermGroup:
    key: str
    label: str
    fields: tuple[str, ...]


TERM_GROUPS = (
    TermGroup(
        "ip",
        "Intellectual property",
        (
            "foreground_ip_owner",
            "background_ip",
            "research_licence",
            "option_exclusive_licence",
            "option_election_days",
            "option_negotiation_days",
            "patent_costs",
            "revenue_share_percent",
        ),
    ),
    TermGroup(
        "publication",
        "Publication",
        (
            "right_to_publish",
            "publication_review_days",
            "patent_delay_days",
            "confidential_removal",
            "theses_protected",
        ),
    ),
    TermGroup("confidentiality", "Confidentiality", ("confidentiality_years", "marking_required", "residuals_clause")),
    TermGroup(
        "data",
        "Data",
        ("datasets", "personal_data_regime", "cross_border_transfer", "retention_destruction", "permitted_use"),
    ),
)
TERM_FIELDS = tuple(name for group in TERM_GROUPS for name in group.fields)
TERM_GROUP_CHOICES = [(group.key, group.label) for group in TERM_GROUPS] + [("general", "General")]


def effective_terms(own: dict, parent: dict | None) -> dict[str, tuple[object, bool]]:
    """Each term's value and whether it is inherited: a statement of work takes its master
    agreement's value wherever it does not set its own (None means "not set here")."""
    result = {}
    for name in TERM_FIELDS:
        value = own.get(name)
        if value is None and parent is not None and parent.get(name) is not None:
            result[name] = (parent[name], True)
        else:
            result[name] = (value, False)
    return result


def compare(before: dict, after: dict) -> list[tuple[TermGroup, str, object, object]]:
    """The terms that differ between two snapshots, in group order: (group, field, old, new)."""
    return [
        (group, name, before.get(name), after.get(name))
        for group in TERM_GROUPS
        for name in group.fields
        if before.get(name) != after.get(name)
    ]


# --- Presets ------------------------------------------------------------------------------

_OPEN_PUBLICATION = {
    "right_to_publish": True,
    "publication_review_days": 30,
    "patent_delay_days": 60,
    "confidential_removal": True,
    "theses_protected": True,
}
_CONFIDENTIALITY = {"confidentiality_years": 3, "marking_required": True, "residuals_clause": False}

PRESETS: dict[str, tuple[str, dict]] = {
    "institution_standard": (
        "Institution standard",
        {
            "foreground_ip_owner": IPOwner.INSTITUTION,
            "research_licence": True,
            "option_exclusive_licence": True,
            "option_election_days": 90,
            "option_negotiation_days": 120,
            "patent_costs": PatentCosts.LICENSEE,
            **_OPEN_PUBLICATION,
            **_CONFIDENTIALITY,
        },
    ),
    "lambert_1": (
        "Lambert model 1: institution owns, sponsor has a non-exclusive licence",
        {
            "foreground_ip_owner": IPOwner.INSTITUTION,
            "research_licence": True,
            "option_exclusive_licence": False,
            "patent_costs": PatentCosts.INSTITUTION,
            **_OPEN_PUBLICATION,
            **_CONFIDENTIALITY,
        },
    ),
    "lambert_2": (
        "Lambert model 2: institution owns, sponsor may negotiate a licence",
        {
            "foreground_ip_owner": IPOwner.INSTITUTION,
            "research_licence": True,
            "option_exclusive_licence": True,
            "option_election_days": 90,
            "option_negotiation_days": 180,
            "patent_costs": PatentCosts.LICENSEE,
            **_OPEN_PUBLICATION,
            **_CONFIDENTIALITY,
        },
    ),
    "lambert_3": (
        "Lambert model 3: institution owns, sponsor may negotiate an assignment",
        {
            "foreground_ip_owner": IPOwner.INSTITUTION,
            "research_licence": True,
            "option_exclusive_licence": True,
            "option_election_days": 90,
            "option_negotiation_days": 180,
            "patent_costs": PatentCosts.SPONSOR,
            **_OPEN_PUBLICATION,
            **_CONFIDENTIALITY,
        },
    ),
    "lambert_4": (
        "Lambert model 4: sponsor owns, institution may use and publish",
        {
            "foreground_ip_owner": IPOwner.SPONSOR,
            "research_licence": True,
            "patent_costs": PatentCosts.SPONSOR,
            **_OPEN_PUBLICATION,
            "publication_review_days": 60,
            **_CONFIDENTIALITY,
        },
    ),
    "lambert_5": (
        "Lambert model 5: contract research, sponsor owns, publication needs consent",
        {
            "foreground_ip_owner": IPOwner.SPONSOR,
            "research_licence": False,
            "patent_costs": PatentCosts.SPONSOR,
            "right_to_publish": False,
            "publication_review_days": 90,
            "patent_delay_days": 90,
            "confidential_removal": True,
            "theses_protected": True,
            "confidentiality_years": 5,
            "marking_required": False,
            "residuals_clause": False,
        },
    ),
    "consortium_a": (
        "Consortium A: each party owns its results, non-exclusive licences within the project",
        {
            "foreground_ip_owner": IPOwner.INVENTORSHIP,
            "research_licence": True,
            "patent_costs": PatentCosts.SHARED,
            **_OPEN_PUBLICATION,
            **_CONFIDENTIALITY,
        },
    ),
    "consortium_b": (
        "Consortium B: each party owns its results, the lead may exploit",
        {
            "foreground_ip_owner": IPOwner.INVENTORSHIP,
            "research_licence": True,
            "option_exclusive_licence": True,
            "option_election_days": 60,
            "option_negotiation_days": 120,
            "patent_costs": PatentCosts.SHARED,
            **_OPEN_PUBLICATION,
            **_CONFIDENTIALITY,
        },
    ),
    "consortium_c": (
        "Consortium C: results assigned to the exploiting party",
        {
            "foreground_ip_owner": IPOwner.SPONSOR,
            "research_licence": True,
            "patent_costs": PatentCosts.SPONSOR,
            **_OPEN_PUBLICATION,
            **_CONFIDENTIALITY,
        },
    ),
    "consortium_d": (
        "Consortium D: jointly owned results",
        {
            "foreground_ip_owner": IPOwner.JOINT,
            "research_licence": True,
            "patent_costs": PatentCosts.SHARED,
            **_OPEN_PUBLICATION,
            **_CONFIDENTIALITY,
        },
    ),
}
PRESET_CHOICES = [(key, label) for key, (label, _) in PRESETS.items()]


def preset_terms(key: str) -> dict:
    """A preset's values for every term field (unset ones None), ready to edit."""
    values = PRESETS[key][1]
    return {name: values.get(name) for name in TERM_FIELDS}


def ball_days(changes: list[tuple[str, datetime]], until: datetime) -> dict[str, int]:
    """Whole days each side held the ball, from consecutive (holder, since) changes to `until`."""
    totals: dict[str, float] = {}
    for (holder, since), (_, next_since) in zip(changes, [*changes[1:], (None, until)], strict=True):
        end = min(next_since, until)
        if end > since:
            totals[holder] = totals.get(holder, 0) + (end - since).total_seconds() / 86400
    return {holder: int(days) for holder, days in totals.items()}


DAY = timedelta(days=1)


def ball_days_change_at(changes: list[tuple[str, datetime]], now: datetime) -> datetime | None:
    """While the clock runs, when ball_days(changes, later) may first differ from ball_days(changes, now):
    the current holder's next whole day (or at once, if they have held it no time yet and so have
    no entry), or the first pass dated after now; None without passes.

    A second early rather than late, so that a result worked out at `now` holds until then.
    """
    if not changes:
        return None
    moments = [since for _, since in changes if since > now]
    started = [(holder, since) for holder, since in changes if since <= now]
    if started:
        holder = started[-1][0]  # the one whose time is still running
        held = timedelta()
        for (who, since), (_, next_since) in zip(started, [*started[1:], (None, now)], strict=True):
            if who == holder:
                held += min(next_since, now) - since
        moments.append(now + (DAY - held % DAY) if held else now)
    return min(moments) - timedelta(seconds=1)
