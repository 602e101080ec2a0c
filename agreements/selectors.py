"""Reads with business meaning for agreements."""

from django.db.models import Case, F, IntegerField, Value, When
from django.utils.text import capfirst

from agreements import terms
from agreements.models import Agreement, Deviation, ReviewRound, ReviewStatus
from core.exports.expressions import label_of


def effective_terms_snapshot(agreement: Agreement) -> dict:
    """The terms in force: a statement of work's own values, else its master agreement's."""
    own = agreement.terms_snapshot()
    parent = agreement.parent.terms_snapshot() if agreement.parent_id else None
    return {name: value for name, (value, _) in terms.effective_terms(own, parent).items()}


def term_rows(agreement: Agreement) -> list[dict]:
    """Terms grouped for display: label, value as people read it, and whether it is inherited."""
    own = agreement.terms_snapshot()
    parent = agreement.parent.terms_snapshot() if agreement.parent_id else None
    return _grouped(terms.effective_terms(own, parent))


def snapshot_rows(snapshot: dict) -> list[dict]:
    """A frozen snapshot (a review round's terms) grouped for display."""
    return _grouped({name: (snapshot.get(name), False) for name in terms.TERM_FIELDS})


def _grouped(values: dict[str, tuple[object, bool]]) -> list[dict]:
    return [
        {
            "key": group.key,
            "label": group.label,
            "rows": [
                {
                    "name": name,
                    "label": term_label(name),
                    "value": display_term(name, values[name][0]),
                    "inherited": values[name][1],
                }
                for name in group.fields
            ],
        }
        for group in terms.TERM_GROUPS
    ]


def term_label(name: str) -> str:
    return capfirst(str(Agreement._meta.get_field(name).verbose_name))


def display_term(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    field = Agreement._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def comparison(before: dict, after: dict) -> list[dict]:
    return [
        {
            "group": group.label,
            "label": term_label(name),
            "old": display_term(name, old),
            "new": display_term(name, new),
        }
        for group, name, old, new in terms.compare(before, after)
    ]


# --- Lists: what each list page shows, in its order; its export reads the same rows ---------


def deviations_for_list(user):
    """Deviations the user may see: open ones first, the most serious first, those still
    awaiting a sign-off before those signed off, then the newest.

    `term_label` is the term as people read it ("Review period (days)"), so the list sorts and
    searches by what it shows.
    """
    term_choices = [(name, term_label(name)) for name in terms.TERM_FIELDS]
    return (
        Deviation.objects.visible_to(user)
        .select_related("agreement", "signed_off_by")
        .by_severity()
        .annotate(term_label=label_of("term", term_choices))
        .order_by(
            F("resolved_at").desc(nulls_first=True),
            "severity_rank",
            F("signed_off_at").asc(nulls_first=True),
            "-found_at",
            "-pk",
        )
    )


def review_rounds_for_list(user):
    """Review rounds the user may see: those waiting first (soonest due), then the decided (latest first)."""
    waiting_first = Case(When(status=ReviewStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        ReviewRound.objects.visible_to(user)
        .select_related("agreement", "organization", "sent_by")
        .order_by(waiting_first, F("decided_at").desc(nulls_last=True), "due_date", "-pk")
    )
