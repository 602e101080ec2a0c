"""The AUTM-style annual summary of the portfolio: the figures of the AUTM Licensing Survey for a
fiscal year, and the records behind each one.

The fiscal year is the calendar year. Figures are SQL aggregates over the records the user may
see (one query for the counts, one for the income); the detail lists are querysets read row by
row when the workbook is written, so memory does not grow with the portfolio.

Licence income follows AUTM: issue fees, option payments, annual minimums, running royalties
and cashed-in equity count; research funding, patent cost reimbursement and uncashed equity are
recorded but not counted, and the summary lists them apart. Amounts stay in the currency they
were received in: they are never added up across currencies.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Concat
from django.utils import timezone

from core.exports.expressions import joined
from outputs.models import LICENCE_INCOME_KINDS, IncomeKind, LicenceIncome, Output, OutputKind

ZERO = Decimal("0")

# The AUTM names, in the survey's order.
INCLUDED = [
    (IncomeKind.ISSUE_FEE, "Issue fees"),
    (IncomeKind.OPTION_PAYMENT, "Option payments"),
    (IncomeKind.MINIMUM, "Annual minimums"),
    (IncomeKind.ROYALTY, "Running royalties"),
    (IncomeKind.EQUITY_CASHED, "Cashed-in equity"),
]
EXCLUDED = [
    (IncomeKind.RESEARCH_FUNDING, "Research funding"),
    (IncomeKind.PATENT_COSTS, "Patent cost reimbursement"),
    (IncomeKind.EQUITY_UNCASHED, "Uncashed equity"),
]
assert {kind for kind, _ in INCLUDED} == set(LICENCE_INCOME_KINDS), "AUTM inclusions must match the metrics'"
assert {kind for kind, _ in INCLUDED + EXCLUDED} == set(IncomeKind), "every income kind is counted or not"


@dataclass
class IncomeLine:
    kind: str
    label: str
    amounts: dict[str, Decimal]  # {currency: amount}


@dataclass
class Detail:
    """A sheet of records behind a figure: its header, and rows read when written."""

    title: str
    header: list[str]
    rows: object  # an iterator of tuples, read once


@dataclass
class AutmSummary:
    year: int
    generated_on: datetime.date
    currencies: list[str]
    licences_exclusive: int
    licences_non_exclusive: int
    options_exclusive: int
    options_non_exclusive: int
    income_counted: list[IncomeLine]
    income_total: dict[str, Decimal]
    income_not_counted: list[IncomeLine]
    disclosures: int
    patent_applications: int
    patents_granted: int
    startups: int
    details: list[Detail] = field(default_factory=list)

    @property
    def licences(self) -> int:
        return self.licences_exclusive + self.licences_non_exclusive

    @property
    def options(self) -> int:
        return self.options_exclusive + self.options_non_exclusive

    @property
    def fiscal_year_note(self) -> str:
        return f"Fiscal year {self.year}: the calendar year, 1 January to 31 December {self.year}."


def autm_summary(*, user, year: int) -> AutmSummary:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    outputs = Output.objects.visible_to(user).filter(date__range=(start, end))
    income = LicenceIncome.objects.visible_to(user).filter(received_on__range=(start, end))
    counts = _counts(outputs)
    by_currency = _income_by_currency(income)
    currencies = sorted(by_currency, key=lambda currency: (currency != settings.METRICS_CURRENCY, currency))
    currencies = currencies or [settings.METRICS_CURRENCY]

    def amounts(kind):
        return {currency: by_currency.get(currency, {}).get(kind, ZERO) for currency in currencies}

    def lines(kinds):
        return [IncomeLine(kind, label, amounts(kind)) for kind, label in kinds]

    return AutmSummary(
        year=year,
        generated_on=timezone.localdate(),
        currencies=currencies,
        **counts,
        income_counted=lines(INCLUDED),
        income_total=amounts("counted"),
        income_not_counted=lines(EXCLUDED),
        details=_details(outputs, income),
    )


def _counts(outputs) -> dict[str, int]:
    def kind(value, **extra):
        return Count("pk", filter=Q(kind=value, **extra))

    return outputs.aggregate(
        licences_exclusive=kind(OutputKind.LICENCE, exclusive=True),
        licences_non_exclusive=kind(OutputKind.LICENCE, exclusive=False),
        options_exclusive=kind(OutputKind.OPTION, exclusive=True),
        options_non_exclusive=kind(OutputKind.OPTION, exclusive=False),
        disclosures=kind(OutputKind.DISCLOSURE),
        patent_applications=kind(OutputKind.PATENT_APPLICATION),
        patents_granted=kind(OutputKind.PATENT_GRANT),
        startups=kind(OutputKind.STARTUP),
    )


def _income_by_currency(income) -> dict[str, dict[str, Decimal]]:
    """{currency: {income kind: amount, "counted": the AUTM licence income}} in one grouped query."""
    sums = {kind.value: Sum("amount", filter=Q(kind=kind), default=ZERO) for kind in IncomeKind}
    sums["counted"] = Sum("amount", filter=Q(kind__in=LICENCE_INCOME_KINDS), default=ZERO)
    rows = income.order_by().values("currency").annotate(**sums)
    return {row.pop("currency"): row for row in rows}


# --- The records behind the figures -------------------------------------------------------

LICENCE_KIND_LABELS = dict(OutputKind.choices)
INCOME_LABELS = dict(INCLUDED + EXCLUDED)


def _details(outputs, income) -> list[Detail]:
    def of_kind(*kinds):
        return outputs.filter(kind__in=kinds).order_by("date", "pk")

    licences = of_kind(OutputKind.LICENCE, OutputKind.OPTION).values_list(
        "date", "kind", "exclusive", "title", "licensee__name", "partnership__title", "agreement__reference"
    )
    records = income.order_by("received_on", "pk").values_list(
        "received_on", "kind", "kind", "amount", "currency", "output__title", "output__licensee__name", "note"
    )
    name = Concat(F("person__first_name"), Value(" "), F("person__last_name"))
    inventors = joined(Output.people.through.objects.all(), "output", name, ordering="person__last_name")
    disclosures = of_kind(OutputKind.DISCLOSURE).annotate(inventors=inventors)

    def patents(kind):
        return of_kind(kind).values_list("date", "title", "office", "number", "partnership__title")

    return [
        Detail(
            "Licences and options",
            ["Executed", "Kind", "Exclusive", "Title", "Licensee", "Partnership", "Agreement"],
            _read(licences, {1: LICENCE_KIND_LABELS, 2: {True: "exclusive", False: "non-exclusive"}}),
        ),
        Detail(
            "Licence income",
            ["Received", "Type", "Counted as licence income", "Amount", "Currency", "Licence", "Licensee", "Note"],
            _read(
                records,
                {1: INCOME_LABELS, 2: {kind: "yes" if kind in LICENCE_INCOME_KINDS else "no" for kind in IncomeKind}},
            ),
        ),
        Detail(
            "Disclosures",
            ["Disclosed", "Title", "Inventors", "Partnership", "Agreement"],
            _read(disclosures.values_list("date", "title", "inventors", "partnership__title", "agreement__reference")),
        ),
        Detail(
            "Patent applications",
            ["Filed", "Title", "Office", "Number", "Partnership"],
            _read(patents(OutputKind.PATENT_APPLICATION)),
        ),
        Detail(
            "Patents granted",
            ["Granted", "Title", "Office", "Number", "Partnership"],
            _read(patents(OutputKind.PATENT_GRANT)),
        ),
        Detail(
            "Start-ups",
            ["Formed", "Name", "Partnership", "Description"],
            _read(of_kind(OutputKind.STARTUP).values_list("date", "title", "partnership__title", "description")),
        ),
    ]


def _read(rows, labels_by_column: dict[int, dict] | None = None):
    """The rows, read in chunks when the sheet is written, coded columns shown by their labels."""
    labels_by_column = labels_by_column or {}
    for row in rows.iterator(chunk_size=2000):
        yield tuple(
            labels_by_column[index].get(value, value) if index in labels_by_column else value
            for index, value in enumerate(row)
        )
