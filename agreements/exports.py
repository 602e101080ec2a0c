"""What the agreement lists export (see core/exports)."""

from django.db.models import F
from django.utils import timezone

from agreements import selectors
from agreements.filters import AgreementFilter, DeviationFilter, ReviewRoundFilter
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    BallHolder,
    ReviewStatus,
)
from agreements.playbook import Severity
from core import roles
from core.exports import Column, ExportTable, choice_label, register
from core.exports.expressions import joined, person_name


def _agreements(user):
    # In the list's order (Meta.ordering) unless sorted. The parties cell lists rows of another
    # model, so it is narrowed by who asks (visible_to), as the list page's parties are.
    parties = AgreementParty.objects.visible_to(user)
    return Agreement.objects.visible_to(user).annotate(
        export_parties=joined(parties, "agreement", F("organization__name"), ordering="organization__name")
    )


AGREEMENTS = register(
    ExportTable(
        key="agreements",
        title="Agreements",
        list_url_name="agreements:agreement-list",
        filterset_class=AgreementFilter,
        visible_rows=_agreements,
        columns=(
            Column("Reference", "reference"),
            Column("Title", "title"),
            Column("Kind", "kind", choice_label(AgreementKind.choices)),
            Column("Status", "status", choice_label(AgreementStatus.choices)),
            Column("Partnership", "partnership__title"),
            Column("Parties", "export_parties"),
            Column("Value", "value"),
            Column("Currency", "currency"),
            Column("Effective", "effective_date"),
            Column("Expires", "expiry_date"),
            Column("Ball with", "ball_holder", choice_label(BallHolder.choices)),
            Column("Owner", person_name("owner")),
        ),
    )
)


def _local_time(value):
    """A moment as the office's wall clock shows it, to the minute (spreadsheets keep it a date-time)."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0)


DEVIATIONS = register(
    ExportTable(
        key="deviations",
        title="Deviations",
        list_url_name="agreements:deviation-list",
        filterset_class=DeviationFilter,
        visible_rows=selectors.deviations_for_list,
        allowed=roles.is_internal,  # the office's negotiating positions, as on the page
        columns=(
            Column("Agreement", "agreement__reference"),
            Column("Agreement title", "agreement__title"),
            Column("Term", "term_label"),
            Column("Severity", "severity", choice_label(Severity.choices)),
            Column("Standard position", "standard_position"),
            Column("Agreed value", "actual"),
            Column("Found", "found_at", _local_time),
            Column("Resolved", "resolved_at", _local_time),
            Column("Signed off by", person_name("signed_off_by")),
            Column("Signed off", "signed_off_at", _local_time),
            Column("Sign-off reason", "sign_off_reason"),
        ),
    )
)


REVIEWS = register(
    ExportTable(
        key="reviews",
        title="Review rounds",
        list_url_name="agreements:review-list",
        filterset_class=ReviewRoundFilter,
        visible_rows=selectors.review_rounds_for_list,
        columns=(
            Column("Agreement", "agreement__reference"),
            Column("Agreement title", "agreement__title"),
            Column("Round", "number"),
            Column("Organization", "organization__name"),
            Column("Sent by", person_name("sent_by")),
            Column("Sent", "sent_at", _local_time),
            Column("Due", "due_date"),
            Column("Status", "status", choice_label(ReviewStatus.choices)),
            Column("Decided by", person_name("decided_by")),
            Column("Decided", "decided_at", _local_time),
            Column("Decision note", "decision_note"),
        ),
    )
)
