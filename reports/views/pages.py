"""The reports page: the user's exports, and the reports their role may produce."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.exports import all_tables
from reports.portfolio_forms import portfolio_section
from reports.selectors import exports_context
from reports.views import schedules


@login_required
def report_list(request):
    user = request.user
    context = {
        **exports_context(user),
        "tables": [table for table in all_tables() if table.allowed(user)],
        **portfolio_section(user),
        **schedules.admin_reports_context(request),
    }
    return render(request, "reports/report_list.html", context)
