"""Access-matrix rows for the metrics dashboard and its API (see tests/test_access_matrix.py).

Everyone signed in reads the dashboard and the metrics API (each sees the figures they may);
recomputing is an admin's job.
"""

from tests.access import Row, statuses

READ_ALL = statuses(302, signed_in=200)
ADMIN_ONLY = statuses(302, admin=200, staff=403, viewer=403, liaisons=403)
ADMIN_POST = statuses(302, admin=302, staff=403, viewer=403, liaisons=403)
API_READ_ALL = statuses(401, signed_in=200)

METRIC_ROWS = [
    Row("metrics:metrics-dashboard", "get", READ_ALL),
    Row("metrics:recompute-status", "get", ADMIN_ONLY),
    Row("metrics:recompute-start", "post", ADMIN_POST),
    Row("metric-list", "get", API_READ_ALL),
    Row("metric-definitions", "get", API_READ_ALL),
]
