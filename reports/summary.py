"""The key-figures workbook a scheduled report can send: the dashboard's headline metrics for
the year the period falls in, beside the year before, for the portfolio or one partner.

The metrics table holds yearly figures, so a monthly or quarterly report gives the year to
date; the sheet says so, rather than passing a year's figure off as the month's.
"""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from metrics.dashboard import HEADLINE_KEYS
from metrics.models import MetricValue, ScopeKind
from metrics.registry import BY_KEY
from reports.schedules import Period, ReportFile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {"money": "#,##0.00", "share": "0.0%", "ratio": "0.00", "days": "0", "count": "0"}


def _values(user, partner, years: list[int]) -> tuple[dict[tuple[str, int], object], object]:
    if partner is None:
        scope = {"scope_kind": ScopeKind.PORTFOLIO, "scope_id": 0}
    else:
        scope = {"scope_kind": ScopeKind.ORGANIZATION, "scope_id": partner.pk}
    rows = list(
        MetricValue.objects.visible_to(user)
        .filter(**scope, key__in=HEADLINE_KEYS, period__in=years)
        .values_list("key", "period", "value", "computed_at")
    )
    computed_at = max((row[3] for row in rows), default=None)
    return {(key, period): value for key, period, value, _ in rows}, computed_at


def summary_workbook(*, user, period: Period, partner=None) -> ReportFile:
    # Imported here: only the worker building a report needs openpyxl.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.exports import safe_cell

    year = period.end.year
    values, computed_at = _values(user, partner, [year, year - 1])
    year_label = f"{year} to date" if timezone.localdate().year <= year else str(year)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Key figures"
    bold = Font(bold=True)
    sheet.append(["Key figures"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Period", period.label])
    sheet.append(["Scope", safe_cell(partner.name) if partner else "Whole portfolio"])
    sheet.append(["Figures", f"Calendar year {year_label}, beside {year - 1}; money in {settings.METRICS_CURRENCY}"])
    computed = timezone.localtime(computed_at).strftime("%Y-%m-%d %H:%M") if computed_at else "not computed yet"
    sheet.append(["Computed", computed])
    sheet.append([])
    sheet.append(["Metric", year_label, str(year - 1), "Change"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for key in HEADLINE_KEYS:
        metric = BY_KEY[key]
        current, previous = values.get((key, year)), values.get((key, year - 1))
        change = current - previous if current is not None and previous is not None else None
        sheet.append([metric.label, current, previous, change])
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = NUMBER_FORMATS.get(metric.unit, "General")
    sheet.column_dimensions["A"].width = 34
    for column in "BCD":
        sheet.column_dimensions[column].width = 16

    buffer = io.BytesIO()
    workbook.save(buffer)
    scope = f"-{slugify(partner.name)}" if partner else ""
    return ReportFile(f"key-figures{scope}-{period.slug}.xlsx", buffer.getvalue(), XLSX)
