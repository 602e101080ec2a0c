"""What the agreement lists export (see core/exports)."""

from django.db.models import F

from agreements.filters import AgreementFilter
from agreements.models import Agreement, AgreementKind, AgreementParty, AgreementStatus, BallHolder
from core.exports import Column, ExportTable, choice_label, register
from core.exports.expressions import joined, person_name


def _agreements(user):
    return Agreement.objects.visible_to(user)  # in the list's order (Meta.ordering) unless sorted


def _party_names():
    return joined(AgreementParty.objects.all(), "agreement", F("organization__name"), ordering="organization__name")


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
            Column("Parties", _party_names()),
            Column("Value", "value"),
            Column("Currency", "currency"),
            Column("Effective", "effective_date"),
            Column("Expires", "expiry_date"),
            Column("Ball with", "ball_holder", choice_label(BallHolder.choices)),
            Column("Owner", person_name("owner")),
        ),
    )
)
