"""Access-matrix rows for scheduled reports and the audit export: admins only, 403 for the
other roles (the pages exist for them, they may not use them), the login page for anonymous."""

from django.urls import reverse

from reports.models import ReportRun, RunStatus
from reports.services import schedules
from tests.access import Row, statuses

ADMINS_ONLY = statuses(302, admin=200, staff=403, viewer=403, liaisons=403)
ADMINS_ONLY_POST = statuses(302, admin=302, staff=403, viewer=403, liaisons=403)


def schedule_objects(personas) -> dict:
    schedule = schedules.scheduled_report_create(
        actor=personas["admin"],
        data={
            "name": "Monthly key figures",
            "kind": "portfolio_summary_xlsx",
            "frequency": "monthly",
            "recipients": ["board@example.org"],
            "scope": None,
        },
    )
    failed = ReportRun.objects.create(
        schedule=schedule,
        period_start="2026-01-01",
        period_end="2026-01-31",
        status=RunStatus.FAILED,
        attempts=4,
        error="SMTPServerDisconnected",
    )
    return {"schedule": schedule, "failed_run": failed}


SCHEDULE_ROWS = [
    Row("reports:schedule-create", "get", ADMINS_ONLY),
    Row(
        "reports:schedule-update",
        "get",
        ADMINS_ONLY,
        path=lambda s: reverse("reports:schedule-update", args=[s["schedule"].pk]),
    ),
    Row(
        "reports:schedule-deactivate",
        "post",
        ADMINS_ONLY_POST,
        path=lambda s: reverse("reports:schedule-deactivate", args=[s["schedule"].pk]),
        data=lambda s: {"version": s["schedule"].version},
    ),
    Row(
        "reports:run-retry",
        "post",
        ADMINS_ONLY_POST,
        path=lambda s: reverse("reports:run-retry", args=[s["failed_run"].pk]),
    ),
    Row("reports:audit-export", "get", ADMINS_ONLY, data={"start": "2026-01-01", "end": "2026-01-31"}),
]
