"""Playbook rules as pure functions: does a term value deviate from the institution's position?"""

from django.db import models


class Condition(models.TextChoices):
    AT_MOST = "at_most", "at most"
    AT_LEAST = "at_least", "at least"
    IS_TRUE = "is_true", "must be yes"
    IS_FALSE = "is_false", "must be no"
    EQUALS = "equals", "must be"
    NOT_EQUALS = "not_equals", "must not be"


class Severity(models.TextChoices):
    NOTE = "note", "Note"
    WARNING = "warning", "Warning"
    BLOCKER = "blocker", "Blocker"


def _number(value):
    return None if value in (None, "") else float(value)


def deviates(condition: str, expected: str, actual) -> bool:
    """True when `actual` breaks the rule. An unsettled term (None) never deviates: it is not agreed yet."""
    if actual is None or actual == "":
        return False
    if condition == Condition.AT_MOST:
        return _number(actual) > _number(expected)
    if condition == Condition.AT_LEAST:
        return _number(actual) < _number(expected)
    if condition == Condition.IS_TRUE:
        return actual is not True
    if condition == Condition.IS_FALSE:
        return actual is not False
    if condition == Condition.EQUALS:
        return str(actual) != expected
    if condition == Condition.NOT_EQUALS:
        return str(actual) == expected
    raise ValueError(f"unknown condition {condition}")


# The institution's starting playbook (seeded; admins edit it in the app).
DEFAULT_RULES = [
    # term, condition, value, severity, standard position, explanation
    (
        "right_to_publish",
        Condition.IS_TRUE,
        "",
        Severity.BLOCKER,
        "The institution keeps the right to publish.",
        "Academic freedom and open science: results must be publishable.",
    ),
    (
        "publication_review_days",
        Condition.AT_MOST,
        "60",
        Severity.WARNING,
        "Sponsor review of at most 60 days.",
        "Longer reviews hold back students and careers.",
    ),
    (
        "patent_delay_days",
        Condition.AT_MOST,
        "90",
        Severity.WARNING,
        "Patent delay of at most 90 days.",
        "Enough to file a provisional application.",
    ),
    (
        "confidentiality_years",
        Condition.AT_MOST,
        "5",
        Severity.WARNING,
        "Confidentiality for at most 5 years.",
        "Longer terms are hard to honour in a university.",
    ),
    (
        "theses_protected",
        Condition.IS_TRUE,
        "",
        Severity.BLOCKER,
        "Student theses are never blocked.",
        "Degrees must not depend on a sponsor's consent.",
    ),
    (
        "foreground_ip_owner",
        Condition.NOT_EQUALS,
        "sponsor",
        Severity.WARNING,
        "The institution (or the inventors) own foreground IP.",
        "Sponsor ownership needs a reason and fair terms.",
    ),
    (
        "residuals_clause",
        Condition.IS_FALSE,
        "",
        Severity.NOTE,
        "No residuals clause.",
        "Residuals let a partner use what its staff remember; flag it for the negotiator.",
    ),
]
