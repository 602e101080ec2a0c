"""A real Celery worker process, the real broker, the real database: a task's full round trip."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from config.celery import app
from core.models import WorkerHeartbeat
from core.tasks import record_worker_heartbeat_task

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    """The URL of the database this test runs in, so the worker writes where we read."""
    db = connection.settings_dict
    host = db["HOST"] or "localhost"
    if host.startswith("/"):
        host = quote(host, safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgresql://{quote(db['USER'], safe='')}{password}@{host}{port}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def worker(transactional_db):
    queue = f"roundtrip-{uuid.uuid4().hex[:8]}"  # our own queue: no other worker takes our task
    environment = {**os.environ, "DATABASE_URL": test_database_url(), "CELERY_TASK_ALWAYS_EAGER": "false"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--loglevel",
            "WARNING",
            "--without-mingle",
            "--without-gossip",
            "--hostname",
            f"{queue}@test",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    process.terminate()
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    if process.returncode not in (0, -15):
        print(output)


@pytest.fixture
def sent_to_broker():
    """Tests run tasks eagerly; this one sends them to Redis like production does."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


@pytest.mark.worker
def test_task_enqueued_on_commit_is_run_by_a_real_worker(worker, sent_to_broker):
    hostname = f"roundtrip-{uuid.uuid4().hex[:8]}"

    with transaction.atomic():
        record_worker_heartbeat_task.apply_async_on_commit(kwargs={"hostname": hostname}, queue=worker)
        # Nothing is sent while the transaction is open: a rollback would leave no stray job.
        assert not WorkerHeartbeat.objects.filter(hostname=hostname).exists()

    deadline = time.monotonic() + 60
    while not WorkerHeartbeat.objects.filter(hostname=hostname).exists():
        assert time.monotonic() < deadline, "the worker did not run the task within 60 seconds"
        time.sleep(0.2)


@pytest.mark.worker
def test_task_of_a_rolled_back_transaction_is_never_sent(transactional_db, monkeypatch):
    sent = []
    monkeypatch.setattr(record_worker_heartbeat_task, "apply_async", lambda *a, **k: sent.append((a, k)))

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        record_worker_heartbeat_task.delay_on_commit(hostname="never")
        raise Rollback
    assert sent == []
