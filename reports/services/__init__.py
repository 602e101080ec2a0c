"""Writes of the reports app: export jobs, scheduled reports."""

from reports.services.exports import (
    MAX_ATTEMPTS,
    STREAM_LIMIT,
    export_run,
    export_start,
    exportable_table,
    exports_expire,
    exports_resend_pending,
)

__all__ = [
    "MAX_ATTEMPTS",
    "STREAM_LIMIT",
    "export_run",
    "export_start",
    "exportable_table",
    "exports_expire",
    "exports_resend_pending",
]
