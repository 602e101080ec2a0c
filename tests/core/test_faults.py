"""Faults, each a test: Redis down while people save, the database dropped under a request,
the same job delivered twice. (A worker killed mid-job: tests/core/test_worker_killed.py.)"""

import datetime

import pytest
from django.db import connection, connections
from django.urls import reverse

from config.celery import app
from metrics import services as metrics_services
from metrics.models import DirtyScope, MetricValue, RecomputeRun, ScopeKind
from outputs.models import Output
from partnerships.models import Organization
from reports import services as report_services
from reports.models import ExportJob, JobStatus

LATER = datetime.timedelta(minutes=2)


class RedisDown:
    """The broker refuses connections, as a stopped Redis does, until `back_up()`."""

    def __init__(self):
        self.saved = (app.conf.task_always_eager, app.conf.broker_url, app._pool, app.amqp._producer_pool)
        app.conf.task_always_eager = False
        app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
        app._pool = app.amqp._producer_pool = None  # connections are made afresh, to the dead port

    def back_up(self):
        # The tests' broker again (tasks run eagerly in tests, as a worker would run them).
        app.conf.task_always_eager, app.conf.broker_url, app._pool, app.amqp._producer_pool = self.saved


@pytest.fixture
def redis_down():
    down = RedisDown()
    yield down
    down.back_up()


def _startups_shown(partnership) -> int:
    year = datetime.date.today().year
    row = MetricValue.objects.filter(
        scope_kind=ScopeKind.PARTNERSHIP, scope_id=partnership.pk, key="startups", period=year
    ).first()
    return int(row.value) if row else 0


@pytest.mark.django_db
def test_saves_succeed_while_redis_is_down_and_their_jobs_run_once_it_is_back(
    client_as, staff_user, acme_partnership, acme_agreement, redis_down, django_capture_on_commit_callbacks
):
    client = client_as(staff_user)
    metrics_services.metrics_recompute_all()

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            reverse("outputs:output-create"),
            {
                "partnership": acme_partnership.pk,
                "kind": "startup",
                "title": "Grip Ltd",
                "date": datetime.date.today(),
                "citations": 0,
            },
        )
        exported = client.post(
            reverse("reports:export-create"), {"table": "agreements", "format": "xlsx", "params": ""}
        )

    # The saves went through and the pages work; the jobs wait in their outbox rows.
    assert created.status_code == 302, created.content[:500]
    assert exported.status_code == 302
    assert Output.objects.filter(title="Grip Ltd").exists()
    assert DirtyScope.objects.filter(scope_kind=ScopeKind.PARTNERSHIP, scope_id=acme_partnership.pk).exists()
    job = ExportJob.objects.get()
    assert job.status == JobStatus.QUEUED
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("reports:report-list")).status_code == 200
    assert _startups_shown(acme_partnership) == 0
    # The sweep cannot send either while Redis is down, and loses nothing trying.
    assert metrics_services.metrics_resend_pending() == 0
    assert report_services.exports_resend_pending(now=job.created_at + LATER) == 0

    redis_down.back_up()
    later = job.created_at + LATER
    assert metrics_services.metrics_resend_pending(now=later) == 1
    assert report_services.exports_resend_pending(now=later) == 1

    assert _startups_shown(acme_partnership) == 1
    assert not DirtyScope.objects.exists()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    # A second sweep finds nothing left to send.
    assert metrics_services.metrics_resend_pending(now=later) == 0
    assert report_services.exports_resend_pending(now=later) == 0


@pytest.mark.django_db
def test_a_full_recompute_left_queued_is_sent_again(admin_user, acme_partnership, django_capture_on_commit_callbacks):
    metrics_services.metrics_recompute_changed()  # drain the marks the fixtures made
    with django_capture_on_commit_callbacks(execute=False):  # its message was lost
        run = metrics_services.recompute_request(actor=admin_user)
    assert metrics_services.metrics_resend_pending(now=run.created_at) == 0  # not stale yet
    assert metrics_services.metrics_resend_pending(now=run.created_at + LATER) == 1
    run.refresh_from_db()
    assert run.status == "done"


@pytest.mark.django_db
def test_the_same_drain_delivered_twice_has_one_effect(acme_partnership):
    metrics_services.metrics_mark_changed(partnership_ids=[acme_partnership.pk])
    assert metrics_services.metrics_recompute_changed() == 1
    rows = sorted(MetricValue.objects.values_list("scope_kind", "scope_id", "key", "period", "value"))
    runs = RecomputeRun.objects.count()
    assert metrics_services.metrics_recompute_changed() == 0  # nothing marked: nothing done
    assert sorted(MetricValue.objects.values_list("scope_kind", "scope_id", "key", "period", "value")) == rows
    assert RecomputeRun.objects.count() == runs


@pytest.mark.django_db
def test_an_export_sent_twice_by_the_sweep_runs_once(staff_user, acme_agreement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = report_services.export_start(user=staff_user, table_key="agreements", export_format="csv")
    later = job.created_at + LATER
    assert report_services.exports_resend_pending(now=later) == 1
    assert report_services.exports_resend_pending(now=later) == 0
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)


def _drop_the_connection(monkeypatch, target, name):
    """Make `target.name` kill this request's database session before doing its work."""
    original = getattr(target, name)

    def dropped(*args, **kwargs):
        pid = connection.connection.get_backend_pid()
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        finally:
            other.close()
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, dropped)


@pytest.mark.django_db(transaction=True)
def test_a_database_connection_dropped_mid_save_leaves_no_half_written_record(client, staff_user, monkeypatch):
    from core import services

    client.force_login(staff_user)
    client.raise_request_exception = False
    # The organization row is written, then the connection dies before its history entry.
    _drop_the_connection(monkeypatch, services, "record_change")

    response = client.post(
        reverse("partnerships:organization-create"), {"name": "Half Written Ltd", "kind": "company", "status": "active"}
    )

    assert response.status_code == 500
    assert b"Nothing was saved" in response.content
    connection.close()  # the test's own session died too; the next query opens a fresh one
    assert not Organization.objects.filter(name="Half Written Ltd").exists()
    monkeypatch.undo()
    client.force_login(staff_user)
    assert client.get(reverse("partnerships:organization-list")).status_code == 200
