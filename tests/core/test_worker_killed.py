"""A real Celery worker SIGKILLed in the middle of an export: the job is finished, whole and
right, after the sweep sends it to a fresh worker; the dead worker leaves no partial file."""

import csv
import io
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.db import connections

from agreements.models import Agreement
from config.celery import app
from core import jobs
from reports import services
from reports.models import ExportJob, JobStatus
from tests.agreements.factories import AgreementFactory
from tests.core.test_worker import ROOT, test_database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _start_worker(queue: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),  # the files go where the test looks
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--queues", queue]
    command += ["--loglevel", "WARNING", "--without-mingle", "--without-gossip", "--hostname", f"{uuid.uuid4().hex}@t"]
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603


def _wait_for(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.fixture
def to_broker(monkeypatch):
    """From `to_broker()` on, tasks go to Redis, on a queue of this test's own, as in production."""
    queue = f"killed-{uuid.uuid4().hex[:8]}"
    eager = app.conf.task_always_eager

    def start_sending() -> str:
        app.conf.task_always_eager = False
        monkeypatch.setattr(jobs, "send", lambda task, *args: bool(task.apply_async(args, queue=queue)))
        return queue

    yield start_sending
    app.conf.task_always_eager = eager


def test_an_export_whose_worker_is_killed_is_finished_whole_by_another(
    staff_user, acme_partnership, to_broker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    AgreementFactory.create_batch(30, partnership=acme_partnership)  # their metrics run eagerly
    queue = to_broker()
    job = services.export_start(user=staff_user, table_key="agreements", export_format="csv")

    # Hold the agreements table: the worker claims the job, then blocks reading the rows.
    blocker = connections.create_connection("default")
    blocker.set_autocommit(False)
    with blocker.cursor() as cursor:
        cursor.execute("LOCK TABLE agreements_agreement IN ACCESS EXCLUSIVE MODE")
    first = _start_worker(queue)
    workers = [first]
    try:
        _wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING, "the worker to start", 20)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        blocker.rollback()

        job.refresh_from_db()
        assert (job.status, job.attempts, job.file.name) == (JobStatus.RUNNING, 1, "")
        assert not any((tmp_path / "exports").rglob("*.csv"))  # no partial file under the final name

        # The minute's sweep sees a running job nobody holds, and sends it again.
        # PostgreSQL ends the dead worker's session (and frees its lock) once it notices: until
        # then the sweep leaves the job alone, as it would a live worker's.
        workers.append(_start_worker(queue))
        stale = job.started_at + services.exports.STALE_AFTER
        _wait_for(lambda: services.exports_resend_pending(now=stale) == 1, "the sweep to see the job orphaned")
        _wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == JobStatus.DONE, "the second worker")
    finally:
        blocker.close()
        for worker in workers:
            worker.kill()
            worker.wait(timeout=10)

    job.refresh_from_db()
    assert (job.attempts, job.rows_done) == (2, 30)
    rows = list(csv.reader(io.StringIO(job.file.open("rb").read().decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == sorted(Agreement.objects.values_list("reference", flat=True))
