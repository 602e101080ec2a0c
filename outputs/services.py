"""Writes: outputs and their licence income.

The metrics these move are marked for recomputation by the metrics app, which listens to
saves and deletes of outputs and income (metrics.signals): this app knows nothing of metrics.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.concurrency import lock_for_update
from core.history import record_change
from core.services import model_create, model_update
from outputs.models import LICENCE_KINDS, LicenceIncome, Output, OutputKind

# The fields a person edits: the service, the form and the API input take these.
OUTPUT_FIELDS = [
    "partnership",
    "agreement",
    "kind",
    "title",
    "date",
    "people",
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


def _clean_doi(value: str) -> str:
    value = (value or "").strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value


def _check(output: Output) -> None:
    # Before full_clean: the agreement's message names its field, and the fields a kind does not
    # use are cleared rather than refused.
    output.doi = _clean_doi(output.doi)
    if output.agreement_id and output.agreement.partnership_id != output.partnership_id:
        raise ValidationError({"agreement": "The agreement must belong to the same partnership."})
    if output.kind not in LICENCE_KINDS:
        output.licensee = None
        output.exclusive = False
    if output.kind not in (OutputKind.PUBLICATION, OutputKind.PRESENTATION):
        output.citations = 0


@transaction.atomic
def output_create(*, actor, data: dict) -> Output:
    return model_create(
        instance=Output(),
        fields=OUTPUT_FIELDS,
        data=data,
        actor=actor,
        before_clean=_check,
        summary=lambda output: f"Output recorded: {output.title}",
    )


@transaction.atomic
def output_update(*, output: Output, actor, data: dict, expected_version: int | None = None) -> Output:
    output = lock_for_update(
        Output,
        pk=output.pk,
        expected_version=expected_version,
        label="Someone changed this output since you opened it. Reload to see their change.",
    )
    output, _ = model_update(instance=output, fields=OUTPUT_FIELDS, data=data, actor=actor, before_clean=_check)
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
