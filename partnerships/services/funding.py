from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from core.concurrency import lock_for_update
from core.history import record_change
from core.services import model_update
from partnerships.models import FundingCommitment, FundingMechanism, Instalment, Partnership, Payment

# The fields a person edits: the service, the form and the API input take these.
FUNDING_FIELDS = [
    "source",
    "mechanism",
    "amount",
    "currency",
    "in_kind_kind",
    "description",
    "agreement",
    "start_date",
    "end_date",
]


def _total(queryset) -> Decimal:
    return queryset.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def _check_in_kind(commitment: FundingCommitment) -> None:
    if commitment.mechanism != FundingMechanism.IN_KIND:
        commitment.in_kind_kind = ""
    elif not commitment.in_kind_kind:
        raise ValidationError({"in_kind_kind": "Say what the in-kind contribution is: dataset, compute, equipment ..."})


def _check_links(commitment: FundingCommitment) -> None:
    if commitment.agreement is not None and commitment.agreement.partnership_id != commitment.partnership_id:
        raise ValidationError({"agreement": "Choose an agreement of this partnership."})
    if not commitment.partnership.members.filter(organization_id=commitment.source_id).exists():
        raise ValidationError(
            {"source": f"{commitment.source} is not a member of this partnership; add it as a member first."}
        )


@transaction.atomic
def funding_create(*, partnership: Partnership, actor, data: dict) -> FundingCommitment:
    commitment = FundingCommitment(
        partnership=partnership, **{name: data[name] for name in FUNDING_FIELDS if name in data}
    )
    _check_in_kind(commitment)
    commitment.full_clean()
    _check_links(commitment)
    commitment.save()
    record_change(actor=actor, target=partnership, action="funding committed", summary=str(commitment))
    return commitment


@transaction.atomic
def funding_update(
    *, commitment: FundingCommitment, actor, data: dict, expected_version: int | None
) -> FundingCommitment:
    commitment = lock_for_update(
        FundingCommitment, pk=commitment.pk, expected_version=expected_version, label="funding commitment"
    )

    def check(commitment):
        _check_links(commitment)
        floor = max(_total(commitment.payments.all()), _total(commitment.instalments.all()))
        if commitment.amount < floor:
            raise ValidationError(
                {"amount": f"The amount cannot be less than what is already scheduled or received ({floor})."}
            )

    commitment, _ = model_update(
        instance=commitment,
        fields=FUNDING_FIELDS,
        data=data,
        actor=actor,
        before_clean=_check_in_kind,
        after_clean=check,
        target=commitment.partnership,
        action="funding updated",
        summary=str,
    )
    return commitment


@transaction.atomic
def funding_delete(*, commitment: FundingCommitment, actor) -> None:
    commitment = FundingCommitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.payments.exists():
        raise ValidationError("Payments were received against this commitment; it cannot be deleted.")
    summary = f"Deleted {commitment}"
    partnership = commitment.partnership
    commitment.delete()
    record_change(actor=actor, target=partnership, action="funding deleted", summary=summary)


def _positive(amount) -> None:
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "The amount must be more than zero."})


@transaction.atomic
def instalment_add(
    *, commitment: FundingCommitment, actor, due_date: date, amount: Decimal, note: str = ""
) -> Instalment:
    # Locking the commitment serialises concurrent additions, so the total check holds.
    commitment = FundingCommitment.objects.select_for_update().get(pk=commitment.pk)
    _positive(amount)
    scheduled = _total(commitment.instalments.all())
    if scheduled + amount > commitment.amount:
        remaining = commitment.amount - scheduled
        raise ValidationError(
            {"amount": f"Instalments would exceed the commitment; at most {remaining} {commitment.currency} remains."}
        )
    instalment = Instalment(commitment=commitment, due_date=due_date, amount=amount, note=note)
    instalment.full_clean()
    instalment.save()
    record_change(
        actor=actor,
        target=commitment.partnership,
        action="instalment scheduled",
        summary=f"{amount} {commitment.currency} from {commitment.source}, due {due_date:%d %b %Y}",
    )
    return instalment


@transaction.atomic
def payment_record(
    *, commitment: FundingCommitment, actor, received_on: date, amount: Decimal, reference: str = ""
) -> Payment:
    commitment = FundingCommitment.objects.select_for_update().get(pk=commitment.pk)
    _positive(amount)
    received = _total(commitment.payments.all())
    if received + amount > commitment.amount:
        remaining = commitment.amount - received
        raise ValidationError(
            {"amount": f"That is more than is outstanding; {remaining} {commitment.currency} remains."}
        )
    payment = Payment(commitment=commitment, received_on=received_on, amount=amount, reference=reference)
    payment.full_clean()
    payment.save()
    record_change(
        actor=actor,
        target=commitment.partnership,
        action="payment received",
        summary=f"{amount} {commitment.currency} from {commitment.source} on {received_on:%d %b %Y}",
    )
    return payment
