"""What a scheduled report means: its periods (calendar months and quarters) and the kinds of
report a schedule can send. No I/O here, except in the builders the registry names.

A builder is called as `build(user=..., period=..., partner=...)` and returns a `ReportFile`.
It reads with `user`'s access (the admin who scheduled the report), for the period and, if the
schedule names one, for a single partner organization.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module

MONTHLY, QUARTERLY = "monthly", "quarterly"


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter; `end` is its last day."""

    frequency: str
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.frequency == QUARTERLY:
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        return f"{self.start:%B %Y}"

    @property
    def slug(self) -> str:
        if self.frequency == QUARTERLY:
            return f"{self.start.year}-q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"


def _first_month_of(frequency: str, month: int) -> int:
    return month - (month - 1) % 3 if frequency == QUARTERLY else month


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(frequency: str, day: date) -> Period:
    start = date(day.year, _first_month_of(frequency, day.month), 1)
    following = _add_months(start, 3 if frequency == QUARTERLY else 1)
    return Period(frequency, start, following - timedelta(days=1))


def previous_period(frequency: str, today: date) -> Period:
    """The latest period that has ended by `today`: the one before the period `today` is in."""
    return period_containing(frequency, period_containing(frequency, today).start - timedelta(days=1))


def due_period(frequency: str, today: date, created_on: date) -> Period | None:
    """The period a schedule owes a report for today, if any.

    Only the latest ended period, and only if the schedule existed before it ended: a new
    schedule sends its first report after its first period ends, not at once for the last one.
    """
    period = previous_period(frequency, today)
    return period if period.end >= created_on else None


def next_send_date(frequency: str, today: date, created_on: date, last_period_start: date | None) -> date:
    """When the schedule will next send: today if a due period is still unsent, else the day
    the current period ends (the job runs hourly, so within the day)."""
    due = due_period(frequency, today, created_on)
    if due is not None and (last_period_start is None or last_period_start < due.start):
        return today
    return period_containing(frequency, today).end + timedelta(days=1)


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: str
    builder: str  # "module:function", imported when a report is built, not when Django starts
    per_partner: bool = True  # can be limited to one partner organization

    def build(self, **kwargs) -> ReportFile:
        module, name = self.builder.split(":")
        function: Callable[..., ReportFile] = getattr(import_module(module), name)
        return function(**kwargs)


KINDS: dict[str, ReportKind] = {
    kind.key: kind
    for kind in (
        ReportKind("portfolio_pdf", "Portfolio report (PDF)", "reports.report_files:portfolio_pdf_file"),
        ReportKind("portfolio_summary_xlsx", "Key figures (XLSX)", "reports.summary:summary_workbook"),
        ReportKind("autm_xlsx", "AUTM annual summary (XLSX)", "reports.report_files:autm_xlsx_file", per_partner=False),
    )
}


def kind_choices() -> list[tuple[str, str]]:
    """The model field's choices: a callable, so a new kind needs no migration."""
    return [(kind.key, kind.label) for kind in KINDS.values()]
