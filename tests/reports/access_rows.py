"""Access-matrix rows for /reports/ and the exports (see tests/test_access_matrix.py).

An export job is its requester's alone: the scenario's job belongs to staff, so everyone else,
admins included, gets 404 for its download.
"""

from django.urls import reverse

from reports import services
from tests.access import Row, statuses
from tests.reports.schedule_access_rows import SCHEDULE_ROWS, schedule_objects


def reports_objects(personas) -> dict:
    job = services.export_start(user=personas["staff"], table_key="agreements", export_format="csv")
    services.export_run(job.pk)  # tests never commit, so the job's on-commit enqueue never fires
    return {"staff_export": job, **schedule_objects(personas)}


READ_ALL = statuses(302, signed_in=200)

REPORT_ROWS = [
    *SCHEDULE_ROWS,
    Row("reports:report-list", "get", READ_ALL),
    Row("reports:export-status", "get", READ_ALL),
    Row("reports:export", "get", READ_ALL, path=lambda s: reverse("reports:export", args=["agreements"])),
    Row(
        "reports:portfolio",
        "get",
        statuses(302, internal=200, liaisons=403),
        path=lambda s: reverse("reports:portfolio") + f"?year=2025&partner={s['acme'].pk}",
    ),
    Row("reports:autm", "get", statuses(302, internal=200, liaisons=403)),
    Row(
        "reports:export-create",
        "post",
        statuses(302, signed_in=302),
        data={"table": "agreements", "format": "xlsx", "params": "status=draft"},
    ),
    Row(
        "reports:export-download",
        "get",
        statuses(302, admin=404, staff=200, viewer=404, liaisons=404),
        path=lambda s: reverse("reports:export-download", args=[s["staff_export"].pk]),
    ),
    # The API: the same jobs, for the same people.
    Row("export-list", "get", statuses(401, signed_in=200)),
    Row("export-tables", "get", statuses(401, signed_in=200)),
    Row(
        "export-list",
        "post",
        statuses(401, signed_in=202),
        data={"table": "agreements", "format": "csv", "filters": {"status": ["draft"]}},
        json=True,
    ),
    Row(
        "export-detail",
        "get",
        statuses(401, admin=404, staff=200, viewer=404, liaisons=404),
        path=lambda s: reverse("export-detail", args=[s["staff_export"].pk]),
    ),
    Row(
        "export-download",
        "get",
        statuses(401, admin=404, staff=200, viewer=404, liaisons=404),
        path=lambda s: reverse("export-download", args=[s["staff_export"].pk]),
    ),
]
