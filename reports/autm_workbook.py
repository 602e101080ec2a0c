"""The AUTM annual summary as an XLSX workbook: a Summary sheet, then one sheet per list of records.

Numbers and dates stay typed, so people can sum and sort them; every text cell goes through
`safe_cell`, so a title such as `=HYPERLINK(...)` stays inert.
"""

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.exports import safe_cell
from reports.autm import AutmSummary

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"


def autm_workbook(summary: AutmSummary) -> bytes:
    # Write-only: the detail sheets go out row by row, whatever their length.
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook, summary)
    for detail in summary.details:
        sheet = workbook.create_sheet(title=detail.title[:31])
        sheet.freeze_panes = "A2"
        for column, width in zip("ABCDEFGH", _widths(detail.header), strict=False):
            sheet.column_dimensions[column].width = width
        sheet.append(_bold(sheet, detail.header))
        for row in detail.rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary_sheet(workbook, summary: AutmSummary) -> None:
    sheet = workbook.create_sheet(title="Summary")
    sheet.column_dimensions["A"].width = 44
    for column in "BCDEFGH":
        sheet.column_dimensions[column].width = 16
    currencies = summary.currencies

    def heading(text):
        sheet.append([])
        sheet.append(_bold(sheet, [text]))

    sheet.append(_bold(sheet, [f"AUTM annual summary {summary.year}"]))
    sheet.append([summary.fiscal_year_note])
    sheet.append([f"Generated on {summary.generated_on:%d %B %Y} from the records in Tandem."])

    heading("Licences and options executed")
    sheet.append(_bold(sheet, ["Kind", "Exclusive", "Non-exclusive", "Total"]))
    sheet.append(["Licences", summary.licences_exclusive, summary.licences_non_exclusive, summary.licences])
    sheet.append(["Options", summary.options_exclusive, summary.options_non_exclusive, summary.options])
    sheet.append(
        [
            "Licences and options",
            summary.licences_exclusive + summary.options_exclusive,
            summary.licences_non_exclusive + summary.options_non_exclusive,
            summary.licences + summary.options,
        ]
    )

    heading("Licence income (AUTM: counted)")
    sheet.append(_bold(sheet, ["Income type", *currencies]))
    for line in summary.income_counted:
        sheet.append([line.label, *_money(sheet, [line.amounts[currency] for currency in currencies])])
    sheet.append(
        _bold(sheet, ["Total licence income", *[summary.income_total[currency] for currency in currencies]], money=True)
    )

    heading("Not counted as licence income (AUTM exclusions)")
    sheet.append(_bold(sheet, ["Income type", *currencies]))
    for line in summary.income_not_counted:
        sheet.append([line.label, *_money(sheet, [line.amounts[currency] for currency in currencies])])

    heading("Other figures")
    sheet.append(["Invention disclosures", summary.disclosures])
    sheet.append(["New patent applications", summary.patent_applications])
    sheet.append(["Patents granted", summary.patents_granted])
    sheet.append(["Start-ups", summary.startups])

    sheet.append([])
    sheet.append(["Amounts are in the currency received, never converted or added up across currencies."])
    sheet.append(["The records behind each figure are on the sheets that follow."])


def _bold(sheet, values, *, money=False) -> list:
    bold = Font(bold=True)
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value if isinstance(value, int | Decimal) else safe_cell(value))
        cell.font = bold
        if money and isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
        cells.append(cell)
    return cells


def _money(sheet, amounts) -> list:
    cells = []
    for amount in amounts:
        cell = WriteOnlyCell(sheet, value=amount)
        cell.number_format = MONEY_FORMAT
        cells.append(cell)
    return cells


def _cell(sheet, value):
    """Numbers and dates typed; booleans as yes/no; everything else text, neutralised."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = MONEY_FORMAT
        return cell
    if isinstance(value, int | float):
        return value
    if isinstance(value, date | datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return safe_cell(value)


def _widths(header: list[str]) -> list[int]:
    return [40 if name in ("Title", "Name", "Licence", "Description", "Partnership") else 16 for name in header]
