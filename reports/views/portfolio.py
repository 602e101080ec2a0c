"""Portfolio reports (a printable page and a PDF) and the AUTM annual summary (XLSX).

For the technology-transfer office only: a partner's liaison gets 403. Bad parameters give the
form back with its errors (400), never a server error.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from core import roles
from reports.autm import autm_summary
from reports.autm_workbook import CONTENT_TYPE as XLSX
from reports.autm_workbook import autm_workbook
from reports.pdf import portfolio_pdf
from reports.portfolio import portfolio_report
from reports.portfolio_forms import AutmSummaryForm, PortfolioReportForm, portfolio_section, with_default_year


def _require_internal(user) -> None:
    if not roles.is_internal(user):
        raise PermissionDenied("Portfolio reports are for the technology-transfer office.")


def _form_again(request, **forms):
    context = {**portfolio_section(request.user), **forms}
    return render(request, "reports/portfolio_form.html", context, status=400)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def portfolio(request):
    _require_internal(request.user)
    form = PortfolioReportForm(with_default_year(request.GET), user=request.user)
    if not form.is_valid():
        return _form_again(request, portfolio_form=form)
    report = portfolio_report(user=request.user, **form.report_arguments())
    if form.wants_pdf:
        name = slugify(f"portfolio {report.year} {report.scope.label}")[:80]
        return _attachment(portfolio_pdf(report), "application/pdf", f"{name}.pdf")
    return render(request, "reports/portfolio.html", {"report": report, "pdf_query": form.query_string(format="pdf")})


@login_required
def autm(request):
    _require_internal(request.user)
    form = AutmSummaryForm(with_default_year(request.GET))
    if not form.is_valid():
        return _form_again(request, autm_form=form)
    summary = autm_summary(user=request.user, year=form.cleaned_data["year"])
    return _attachment(autm_workbook(summary), XLSX, f"autm-summary-{summary.year}.xlsx")
