"""Reads with business meaning for agreements."""

from agreements import terms
from agreements.models import Agreement


def effective_terms_snapshot(agreement: Agreement) -> dict:
    """The terms in force: a statement of work's own values, else its master agreement's."""
    own = agreement.terms_snapshot()
    parent = agreement.parent.terms_snapshot() if agreement.parent_id else None
    return {name: value for name, (value, _) in terms.effective_terms(own, parent).items()}


def term_rows(agreement: Agreement) -> list[dict]:
    """Terms grouped for display: label, value as people read it, and whether it is inherited."""
    own = agreement.terms_snapshot()
    parent = agreement.parent.terms_snapshot() if agreement.parent_id else None
    effective = terms.effective_terms(own, parent)
    groups = []
    for group in terms.TERM_GROUPS:
        rows = []
        for name in group.fields:
            value, inherited = effective[name]
            rows.append(
                {"name": name, "label": term_label(name), "value": display_term(name, value), "inherited": inherited}
            )
        groups.append({"key": group.key, "label": group.label, "rows": rows})
    return groups


def term_label(name: str) -> str:
    return str(Agreement._meta.get_field(name).verbose_name).capitalize()


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
