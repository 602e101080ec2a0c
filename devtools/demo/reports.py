"""The demo's scheduled report: leadership gets the key figures after every quarter."""

from reports.models import ScheduledReport
from reports.services.schedules import scheduled_report_create

DEMO_SCHEDULE = "Key figures for leadership"


def seed(context) -> dict:
    schedule = ScheduledReport.objects.filter(name=DEMO_SCHEDULE).first()
    if schedule is None:
        schedule = scheduled_report_create(
            actor=context["users"]["admin"],
            data={
                "name": DEMO_SCHEDULE,
                "kind": "portfolio_summary_xlsx",
                "frequency": "quarterly",
                "recipients": ["admin@example.org", "leadership@example.org"],
                "scope": None,
            },
        )
    return {"scheduled_reports": [schedule]}


def summary() -> dict[str, int]:
    return {"scheduled reports": ScheduledReport.objects.count()}
