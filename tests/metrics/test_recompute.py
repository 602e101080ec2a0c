"""The recompute paths: incremental equals full, coalescing, crash safety, idempotence, scheduling."""

import datetime
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from agreements.models import Agreement
from config.celery import app as celery_app
from metrics import compute, services, tasks
from metrics.models import DirtyScope, MetricValue, RecomputeRun, RunKind, RunStatus
from outputs import services as output_services
from outputs.models import LICENCE_KINDS, Output, OutputKind
from partnerships.models import (
    FundingCommitment,
    MemberRole,
    Organization,
    Partnership,
    PartnershipMember,
    PartnershipModel,
    Payment,
    ResearchArea,
)
from people.models import Placement, PlacementStatus
from tests.core.test_worker import ROOT, test_database_url
from tests.metrics.conftest import table, value

pytestmark = pytest.mark.django_db


# --- Random changes to the facts, each through the path the product uses ---------------------


def add_output(objects, rng):
    output_services.output_create(
        actor=None,
        data={
            "partnership": rng.choice(objects["partnerships"]),
            "kind": rng.choice(OutputKind.values),
            "title": f"Random {rng.random()}",
            "date": datetime.date(rng.choice([2024, 2025, 2026]), rng.randint(1, 12), 1),
        },
    )


def delete_output(objects, rng):
    output = Output.objects.order_by("?").first()
    if output:
        output_services.output_delete(output=output, actor=None)


def move_output(objects, rng):
    output = Output.objects.order_by("?").first()
    if output:
        partnership = rng.choice(objects["partnerships"])
        output_services.output_update(output=output, actor=None, data={"partnership": partnership})


def add_income(objects, rng):
    licence = Output.objects.filter(kind__in=LICENCE_KINDS).order_by("?").first()
    if licence:
        output_services.licence_income_add(
            output=licence,
            actor=None,
            data={
                "received_on": datetime.date(2025, 8, 1),
                "kind": "royalty",
                "amount": Decimal(rng.randint(1, 9) * 100),
            },
        )


def add_payment(objects, rng):
    commitment = FundingCommitment.objects.order_by("?").first()
    Payment.objects.create(
        commitment=commitment, amount=Decimal(rng.randint(1, 9) * 1000), received_on=datetime.date(2025, 7, 1)
    )


def change_commitment(objects, rng):
    commitment = FundingCommitment.objects.order_by("?").first()
    commitment.amount = Decimal(rng.randint(1, 9) * 10000)
    commitment.save()


def cancel_placement(objects, rng):
    placement = Placement.objects.exclude(status=PlacementStatus.CANCELLED).order_by("?").first()
    if placement:
        placement.status, placement.outcome = PlacementStatus.CANCELLED, ""
        placement.save()


def move_placement_host(objects, rng):
    placement = Placement.objects.filter(host_organization=objects["acme"]).order_by("?").first()
    if placement:
        placement.host_organization = objects["funder"]
        placement.save()


def add_member(objects, rng):
    partnership = rng.choice(objects["partnerships"])
    organization = rng.choice([objects["acme"], objects["globex"], objects["funder"]])
    if not PartnershipMember.objects.filter(partnership=partnership, organization=organization).exists():
        PartnershipMember.objects.create(partnership=partnership, organization=organization, role=MemberRole.SPONSOR)


def remove_member(objects, rng):
    member = PartnershipMember.objects.exclude(role=MemberRole.ACADEMIC_LEAD).order_by("?").first()
    if (
        member
        and not FundingCommitment.objects.filter(partnership=member.partnership, source=member.organization).exists()
    ):
        member.delete()


def execute_agreement(objects, rng):
    agreement = Agreement.objects.filter(executed_at__isnull=True).first()
    if agreement:
        agreement.status = "executed"
        agreement.executed_at = agreement.first_draft_at + datetime.timedelta(days=rng.randint(1, 90))
        agreement.save()


def change_model(objects, rng):
    partnership = rng.choice(objects["partnerships"])
    partnership.refresh_from_db()
    partnership.model = rng.choice(PartnershipModel.values)
    partnership.save()


def add_area(objects, rng):
    area, _ = ResearchArea.objects.get_or_create(name=rng.choice(["Robotics", "Logistics", "Materials"]))
    rng.choice(objects["partnerships"]).research_areas.add(area)


def remove_area(objects, rng):
    partnership = rng.choice(objects["partnerships"])
    area = partnership.research_areas.order_by("?").first()
    if area and rng.random() < 0.5:
        partnership.research_areas.remove(area)
    elif area:
        area.partnerships.clear()  # from the area's side: every partnership it had moves


CHANGES = [
    change_model,
    add_area,
    remove_area,
    add_output,
    delete_output,
    move_output,
    add_income,
    add_payment,
    change_commitment,
    cancel_placement,
    move_placement_host,
    add_member,
    remove_member,
    execute_agreement,
]


@hypothesis_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(CHANGES), st.integers(0, 10_000)), min_size=1, max_size=6))
def test_incremental_and_full_recompute_give_the_same_table(portfolio, changes):
    objects = {**portfolio, "partnerships": list(Partnership.objects.all())}
    with transaction.atomic():
        for change, seed in changes:
            change(objects, random.Random(seed))
        services.metrics_recompute_changed()
        assert not DirtyScope.objects.exists()
        incremental = table()
        services.metrics_recompute_all()
        assert table() == incremental
        transaction.set_rollback(True)  # the next example starts from the same portfolio


def test_a_change_recomputes_only_what_it_touches(portfolio):
    globex_rows = {k: v for k, v in table().items() if k[:2] == ("partnership", portfolio["p2"].pk)}
    output_services.output_create(
        actor=None,
        data={
            "partnership": portfolio["p1"],
            "kind": "startup",
            "title": "Spin-out",
            "date": datetime.date(2025, 1, 5),
        },
    )
    assert list(DirtyScope.objects.values_list("scope_kind", "scope_id")) == [("partnership", portfolio["p1"].pk)]
    services.metrics_recompute_changed()
    assert value("partnership", portfolio["p1"].pk, "startups", 2025) == 2
    assert value("portfolio", 0, "startups") == 2
    assert value("organization", portfolio["acme"].pk, "startups") == 2
    run = RecomputeRun.objects.get(kind=RunKind.INCREMENTAL)
    assert run.partnerships == 1
    assert {k: v for k, v in table().items() if k[:2] == ("partnership", portfolio["p2"].pk)} == globex_rows


def test_outputs_and_their_income_mark_their_partnerships_without_calling_metrics(portfolio):
    # The outputs app does not import metrics: its saves and deletes are heard (metrics.signals).
    p1, p2 = portfolio["p1"], portfolio["p2"]
    licence = Output.objects.filter(partnership=p1, kind=OutputKind.LICENCE).get()
    output_services.licence_income_add(
        output=licence, actor=None, data={"received_on": datetime.date(2025, 8, 1), "kind": "royalty", "amount": 1}
    )
    assert list(DirtyScope.objects.values_list("scope_kind", "scope_id")) == [("partnership", p1.pk)]
    DirtyScope.objects.all().delete()
    licence = output_services.output_update(output=licence, actor=None, data={"partnership": p2})
    marked = set(DirtyScope.objects.values_list("scope_kind", "scope_id"))
    assert marked == {("partnership", p1.pk), ("partnership", p2.pk)}  # where it was, and where it went
    DirtyScope.objects.all().delete()
    output_services.output_delete(output=licence, actor=None)
    assert list(DirtyScope.objects.values_list("scope_kind", "scope_id")) == [("partnership", p2.pk)]


def test_a_burst_of_changes_in_one_transaction_enqueues_one_run(acme_partnership):
    for n in range(5):
        output_services.output_create(
            actor=None,
            data={
                "partnership": acme_partnership,
                "kind": "disclosure",
                "title": f"D{n}",
                "date": datetime.date(2025, 1, 1),
            },
        )
    drains = [callback for _, callback, _ in connection.run_on_commit if callback is services._enqueue_drain]
    assert len(drains) == 1  # the partnership's own creation and five outputs: one drain after commit
    drains[0]()
    assert RecomputeRun.objects.filter(kind=RunKind.INCREMENTAL).count() == 1
    assert value("partnership", acme_partnership.pk, "disclosures", 2025) == 5


def test_a_second_drain_leaves_while_one_holds_the_lock(portfolio):
    output_services.output_create(
        actor=None,
        data={"partnership": portfolio["p1"], "kind": "startup", "title": "S", "date": datetime.date(2025, 1, 5)},
    )
    other = connection.get_new_connection(connection.get_connection_params())
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [services.DRAIN_LOCK])
        assert services.metrics_recompute_changed() == 0
        assert DirtyScope.objects.exists()  # left for the drain that holds the lock
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [services.DRAIN_LOCK])
    finally:
        other.close()
    assert services.metrics_recompute_changed() == 1
    assert value("portfolio", 0, "startups") == 2


def test_a_worker_dying_mid_recompute_leaves_the_old_numbers(portfolio, monkeypatch):
    before = table()
    output_services.output_create(
        actor=None,
        data={"partnership": portfolio["p1"], "kind": "publication", "title": "New", "date": datetime.date(2025, 1, 5)},
    )
    original = compute.counted_sql
    calls = {"n": 0}

    def dies_halfway(metric, kind, ids):
        calls["n"] += 1
        if calls["n"] == 20:
            raise SystemExit("worker killed")
        return original(metric, kind, ids)

    monkeypatch.setattr(compute, "counted_sql", dies_halfway)
    with pytest.raises(SystemExit):
        services.metrics_recompute_all()
    assert table() == before  # not a mix: the old numbers, all of them
    calls["n"] = 0
    with pytest.raises(SystemExit):
        services.metrics_recompute_changed()
    assert table() == before
    assert DirtyScope.objects.exists()  # the marks come back with the rollback: the next drain redoes them


def test_a_failed_recompute_is_recorded(portfolio, monkeypatch):
    def broken(metric, kind, ids):
        raise RuntimeError("bad SQL")

    monkeypatch.setattr(compute, "counted_sql", broken)
    with pytest.raises(RuntimeError):
        services.metrics_recompute_all()
    run = RecomputeRun.objects.latest("created_at")
    assert run.status == RunStatus.FAILED and "bad SQL" in run.error


def test_full_recompute_is_idempotent(portfolio):
    first = table()
    services.metrics_recompute_all()
    assert table() == first
    assert MetricValue.objects.count() == len(first)


def test_a_full_recompute_swaps_in_a_table_with_the_same_indexes(portfolio):
    def catalog():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, regexp_replace(indexdef, ' ON \\S+ ', ' ON t ') FROM pg_indexes "
                "WHERE tablename = 'metrics_metricvalue' ORDER BY indexname"
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, contype FROM pg_constraint WHERE conrelid = 'metrics_metricvalue'::regclass "
                "ORDER BY conname"
            )
            return indexes, cursor.fetchall(), connection.introspection.get_sequences(cursor, "metrics_metricvalue")

    before = catalog()
    first = table()
    services.metrics_recompute_all()
    assert catalog() == before  # the constraint, index and sequence names the migrations made
    assert table() == first
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('metrics_metricvalue_next')")
        assert cursor.fetchone() == (None,)
    # The swapped-in table takes new rows (its id sequence works) and keeps the unique constraint.
    row = MetricValue.objects.filter(scope_kind="portfolio").first()
    MetricValue.objects.create(
        scope_kind="portfolio", scope_id=0, key="extra", period=0, value=1, computed_at=row.computed_at
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricValue.objects.create(
            scope_kind=row.scope_kind,
            scope_id=row.scope_id,
            key=row.key,
            period=row.period,
            value=1,
            computed_at=row.computed_at,
        )


def test_marks_made_during_a_full_recompute_are_drained_after_it(portfolio):
    original = compute.counted_sql

    def marks_meanwhile(metric, kind, ids):
        if metric.key == "publications" and kind == "partnership":
            DirtyScope.objects.create(scope_kind="partnership", scope_id=portfolio["p1"].pk)
        return original(metric, kind, ids)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compute, "counted_sql", marks_meanwhile)
        services.metrics_recompute_all()
    assert DirtyScope.objects.exists()  # the run left the later mark ...
    # ... and a drain is asked for, after the commit
    assert any(callback is services._enqueue_drain for _, callback, _ in connection.run_on_commit)


def test_the_tasks_run_the_services(portfolio, admin_user, django_capture_on_commit_callbacks):
    MetricValue.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.recompute_request(actor=admin_user)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.steps_done == run.steps_total > 0
    assert value("portfolio", 0, "publications") == 3
    assert tasks.recompute_changed_task.delay().get() == 0  # nothing marked: nothing to do


def test_a_full_recompute_runs_nightly():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "metrics.tasks.recompute_all_task")
    assert entry["schedule"].hour == {2}


def test_a_rolled_back_change_marks_nothing(portfolio):
    with pytest.raises(RuntimeError), transaction.atomic():
        output_services.output_create(
            actor=None,
            data={"partnership": portfolio["p1"], "kind": "startup", "title": "S", "date": datetime.date(2025, 1, 5)},
        )
        raise RuntimeError("rolled back")
    assert not DirtyScope.objects.exists()
    assert not Organization.objects.filter(name="never").exists()


# --- A real worker, killed with SIGKILL in the middle of a full recompute --------------------

# The worker is started from a few lines of Python rather than the `celery` command so that the
# second one can be given a short visibility timeout: with the broker's real one (an hour), Redis
# hands a dead worker's unacknowledged task to another worker only an hour later.
WORKER = """
import sys
from config.celery import app
app.conf.broker_transport_options = {**app.conf.broker_transport_options, "visibility_timeout": float(sys.argv[2])}
app.worker_main(["worker", "--pool", "solo", "--queues", sys.argv[1], "--hostname", sys.argv[1] + "@test",
                 "--loglevel", "WARNING", "--without-mingle", "--without-gossip", "--without-heartbeat"])
"""


def start_worker(queue: str, *, visibility_timeout: float) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": test_database_url(), "CELERY_TASK_ALWAYS_EAGER": "false"}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, queue, str(visibility_timeout)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: SIGKILL reaches all of it, and nothing else
    )


def kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.1)
    return result


def _swap_waiting_for_its_lock() -> int | None:
    """The backend of a full recompute that has written every new row and now waits to swap
    the fresh table in (our lock holds it there): the pid, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND query LIKE 'LOCK TABLE metrics_metricvalue %%'"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _backend_gone(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_recompute_leaves_the_old_numbers_and_the_task_is_run_again(portfolio):
    old = table()
    # A fact the table does not count yet (written without marking, so no drain runs first).
    # (Saving an output marks it since the metrics app listens to outputs; bulk_create does not.)
    Output.objects.bulk_create(
        [
            Output(
                partnership=portfolio["p1"],
                kind=OutputKind.PUBLICATION,
                title="Unmarked",
                date=datetime.date(2025, 8, 1),
            )
        ]
    )
    queue = f"recompute-{uuid.uuid4().hex[:8]}"  # our own queue: no other worker takes our task
    # Another session reading the metrics table, as a dashboard does, holds the recompute at its
    # very last step, the swap: by then every new row is written, in its open transaction.
    reader = connection.get_new_connection(connection.get_connection_params())
    workers = []
    try:
        with reader.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("LOCK TABLE metrics_metricvalue IN ACCESS SHARE MODE")
        workers.append(start_worker(queue, visibility_timeout=3600))
        run = RecomputeRun.objects.create(kind=RunKind.FULL, steps_total=compute.steps(compute.Scopes.everything()))
        eager = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = False
        try:
            tasks.recompute_all_task.apply_async(args=[run.pk], queue=queue)
        finally:
            celery_app.conf.task_always_eager = eager
        backend = wait_for(_swap_waiting_for_its_lock, seconds=60, what="the recompute reaching its swap")
        assert RecomputeRun.objects.get(pk=run.pk).status == RunStatus.RUNNING

        kill(workers[0])
        reader.rollback()  # the dead worker's session may go on now: it finds nobody to commit it
        wait_for(lambda: _backend_gone(backend), seconds=30, what="the dead worker's session ending")
        assert table() == old  # the old numbers, every one of them
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('metrics_metricvalue_next')")
            assert cursor.fetchone() == (None,)  # the half-built table went with the transaction
        assert RecomputeRun.objects.get(pk=run.pk).status == RunStatus.RUNNING  # it never finished

        # The task was acknowledged late, so the broker still holds it: a new worker runs it again.
        workers.append(start_worker(queue, visibility_timeout=1))
        wait_for(
            lambda: RecomputeRun.objects.get(pk=run.pk).status == RunStatus.DONE,
            seconds=60,
            what="the task running again on a new worker",
        )
        rerun = table()
        assert value("portfolio", 0, "publications", 2025) == 3  # the new numbers ...
        services.metrics_recompute_all()
        assert table() == rerun  # ... exactly those of a fresh full recompute
    finally:
        for worker in workers:
            kill(worker)
        reader.close()
        with celery_app.connection_for_write() as broker:
            broker.default_channel.client.delete(queue)


def test_research_areas_changed_from_either_side_mark_their_partnerships(portfolio):
    p1, p2 = portfolio["p1"], portfolio["p2"]
    area = ResearchArea.objects.create(name="Robotics")
    area.partnerships.add(p1, p2)
    assert set(DirtyScope.objects.values_list("scope_id", flat=True)) == {p1.pk, p2.pk}
    services.metrics_recompute_changed()
    assert value("area", area.pk, "publications", 2025) == 2
    area.partnerships.clear()
    assert set(DirtyScope.objects.values_list("scope_id", flat=True)) == {p1.pk, p2.pk}
    services.metrics_recompute_changed()
    assert value("area", area.pk, "publications", 2025) is None
    p1.research_areas.add(area)
    assert list(DirtyScope.objects.values_list("scope_id", flat=True)) == [p1.pk]
