"""Writes: outputs and their licence income.

The metrics these move are marked for recomputation by the metrics app, which listens to
saves and deletes of outputs and income (metrics.signals): this app knows nothing of metrics.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.concurrency import lock_for_update
from core.history import record_change, snapshot
from outputs.models import LICENCE_KINDS, LicenceIncome, Output, OutputKind

OUTPUT_FIELDS = [
    "partnership",
    "agreement",
    "kind",
    "title",
    "date",
    "authors_text",
    "doi",
    "venue",
    "citations",
    "office",
    "number",
    "licensee",
    "exclusive",
    "business_result",
    "url",
    "description",
]
HISTORY_FIELDS = [*OUTPUT_FIELDS, "people"]


def _clean_doi(value: str) -> str:
    value = (value or "").strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value


def _check(output: Output) -> None:
    output.doi = _clean_doi(output.doi)
    if output.agreement_id and output.agreement.partnership_id != output.partnership_id:
        raise ValidationError({"agreement": "The agreement must belong to the same partnership."})
    if output.kind not in LICENCE_KINDS:
        output.licensee = None
        output.exclusive = False
    if output.kind not in (OutputKind.PUBLICATION, OutputKind.PRESENTATION):
        output.citations = 0
    output.full_clean(exclude=["people"])


def _apply(output: Output, data: dict) -> list | None:
    people = data.pop("people", None)
    for name, value in data.items():
        if name not in OUTPUT_FIELDS:
            raise ValueError(f"{name} is not an editable output field")
        setattr(output, name, value)
    return people


@transaction.atomic
def output_create(*, actor, data: dict) -> Output:
    data = dict(data)
    output = Output()
    people = _apply(output, data)
    _check(output)
    output.save()
    if people is not None:
        output.people.set(people)
    record_change(actor=actor, target=output, action="created", summary=f"Output recorded: {output.title}")
    return output


@transaction.atomic
def output_update(*, output: Output, actor, data: dict, expected_version: int | None = None) -> Output:
    output = lock_for_update(
        Output,
        pk=output.pk,
        expected_version=expected_version,
        label="Someone changed this output since you opened it. Reload to see their change.",
    )
    before = snapshot(output, HISTORY_FIELDS)
    data = dict(data)
    people = _apply(output, data)
    _check(output)
    output.version += 1
    output.save()
    if people is not None:
        output.people.set(people)
    record_change(actor=actor, target=output, action="updated", before=before, after=snapshot(output, HISTORY_FIELDS))
    return output


@transaction.atomic
def output_delete(*, output: Output, actor) -> None:
    record_change(actor=actor, target=output, action="deleted", summary=f"Output removed: {output.title}")
    output.delete()


@transaction.atomic
def licence_income_add(*, output: Output, actor, data: dict) -> LicenceIncome:
    if output.kind not in LICENCE_KINDS:
        raise ValidationError("Income is recorded against a licence or an option.")
    income = LicenceIncome(output=output, **data)
    income.full_clean()
    income.save()
    record_change(actor=actor, target=output, action="updated", summary=f"Income recorded: {income}")
    return income
