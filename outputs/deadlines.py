"""Deadlines that an invention disclosure starts under an agreement's option terms."""

from datetime import date, timedelta

from agreements import dates
from agreements.selectors import effective_terms_snapshot
from core import roles
from core.deadlines import Task
from outputs.models import Output, OutputKind


def option_tasks(user, today: date):
    """An invention disclosed under an agreement with an option starts two clocks: the sponsor's
    election, then the licence negotiation. Both land on the agreement owner's list (core.deadlines)."""
    if not roles.can_edit(user):
        return
    disclosures = (
        Output.objects.visible_to(user)
        .filter(kind=OutputKind.DISCLOSURE, agreement__owner=user, date__gte=today - timedelta(days=2 * 365))
        .select_related("agreement", "agreement__parent")
    )
    for disclosure in disclosures:
        terms = effective_terms_snapshot(disclosure.agreement)
        if not terms["option_exclusive_licence"] or terms["option_election_days"] is None:
            continue
        election = dates.option_election_deadline(disclosure.date, terms["option_election_days"])
        url = disclosure.get_absolute_url()
        if election >= today - timedelta(days=7):
            yield Task(
                election, "option", f"Option election due: {disclosure.title}", disclosure.agreement.reference, url
            )
        if terms["option_negotiation_days"] is not None:
            negotiation = dates.licence_negotiation_deadline(
                disclosure.date, terms["option_election_days"], terms["option_negotiation_days"]
            )
            if negotiation >= today - timedelta(days=7):
                yield Task(
                    negotiation,
                    "option",
                    f"Licence negotiation ends: {disclosure.title}",
                    disclosure.agreement.reference,
                    url,
                )
