"""The portfolio report (PDF) and the AUTM summary (XLSX) as files a scheduled report sends.

Both are yearly: a monthly or quarterly schedule sends the year its period ends in, to date.
"""

from django.utils.text import slugify

from reports.schedules import Period, ReportFile

PDF = "application/pdf"


def portfolio_pdf_file(*, user, period: Period, partner=None) -> ReportFile:
    # Imported here: reportlab is loaded only by the worker building a report.
    from reports.pdf import portfolio_pdf
    from reports.portfolio import portfolio_report

    report = portfolio_report(user=user, year=period.end.year, partner=partner)
    scope = f"-{slugify(partner.name)}" if partner else ""
    return ReportFile(f"portfolio-report{scope}-{period.slug}.pdf", portfolio_pdf(report), PDF)


def autm_xlsx_file(*, user, period: Period, partner=None) -> ReportFile:
    from reports.autm import autm_summary
    from reports.autm_workbook import CONTENT_TYPE, autm_workbook

    if partner is not None:
        raise ValueError("The AUTM summary covers the whole portfolio, never one partner.")
    summary = autm_summary(user=user, year=period.end.year)
    return ReportFile(f"autm-summary-{period.slug}.xlsx", autm_workbook(summary), CONTENT_TYPE)
