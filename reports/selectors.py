"""Reads of the reports app."""

from reports.models import ExportJob, JobStatus

RECENT_EXPORTS = 25


def exports_context(user) -> dict:
    """The user's latest exports, and whether the page should keep polling for progress."""
    jobs = list(ExportJob.objects.visible_to(user)[:RECENT_EXPORTS])
    active = {JobStatus.QUEUED, JobStatus.RUNNING}
    return {"jobs": jobs, "polling": any(job.status in active for job in jobs)}
