"""Writes: the recomputation of the metrics table."""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from core import jobs
from metrics import compute
from metrics.models import DirtyScope, RecomputeRun, RunKind, RunStatus, ScopeKind

logger = logging.getLogger(__name__)

# Coalescing: a change marks its partnership in DirtyScope inside its own transaction (so a
# rolled-back change marks nothing) and asks, once per transaction, for a drain after commit.
# The drain holds a PostgreSQL advisory lock: a second drain started during a burst finds the
# lock taken and leaves; the running one loops until the table is empty, so a burst of N
# changes costs one or two runs, not N. We chose the table + advisory lock over a Redis key
# because both the mark and the drain are then transactional with the facts themselves: a
# worker killed mid-drain rolls back its DELETE of the marks along with its partial rows.
DRAIN_LOCK = 0x7A6D6574  # an arbitrary constant, unique to this use of pg advisory locks


def metrics_mark_changed(*, partnership_ids=(), organization_ids=()) -> None:
    scopes = [DirtyScope(scope_kind=ScopeKind.PARTNERSHIP, scope_id=pk) for pk in set(partnership_ids) if pk]
    scopes += [DirtyScope(scope_kind=ScopeKind.ORGANIZATION, scope_id=pk) for pk in set(organization_ids) if pk]
    if not scopes:
        return
    DirtyScope.objects.bulk_create(scopes, ignore_conflicts=True)
    _schedule_drain_once()


def _enqueue_drain() -> bool:
    from metrics.tasks import recompute_changed_task

    return jobs.send(recompute_changed_task)  # if Redis is down, the marks wait for the minute's sweep


def _schedule_drain_once() -> None:
    """One drain per transaction, after its commit (Django drops the callback on rollback)."""
    if not connection.in_atomic_block:
        _enqueue_drain()
    elif not any(callback is _enqueue_drain for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_enqueue_drain)


def _try_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [DRAIN_LOCK])
        return cursor.fetchone()[0]


def _unlock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [DRAIN_LOCK])


def _drain_once() -> RecomputeRun | None:
    """Recompute the marked scopes and the portfolio, and unmark them, in one transaction."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM metrics_dirtyscope RETURNING scope_kind, scope_id")
            marked = cursor.fetchall()
        if not marked:
            return None
        partnership_ids = sorted({pk for kind, pk in marked if kind == ScopeKind.PARTNERSHIP})
        organization_ids = sorted(
            {pk for kind, pk in marked if kind == ScopeKind.ORGANIZATION}
            | set(compute.organizations_touching(partnership_ids))
        )
        scopes = compute.Scopes(partnership_ids=partnership_ids, organization_ids=organization_ids)
        started = timezone.now()
        result = compute.recompute(scopes)
        return RecomputeRun.objects.create(
            kind=RunKind.INCREMENTAL,
            status=RunStatus.DONE,
            steps_done=compute.steps(scopes),
            steps_total=compute.steps(scopes),
            partnerships=len(partnership_ids),
            rows_written=result.rows_written,
            started_at=started,
            finished_at=timezone.now(),
        )


def metrics_recompute_changed() -> int:
    """Drain the marks; returns how many runs it made (0 when another drain holds the lock)."""
    if not _try_lock():
        return 0
    runs = 0
    try:
        while _drain_once():
            runs += 1
    finally:
        _unlock()
    # A mark committed between our last look and the unlock would wait for the next change:
    # look once more, and hand it to a fresh drain.
    if DirtyScope.objects.exists():
        _enqueue_drain()
    return runs


def recompute_request(*, actor) -> RecomputeRun:
    """An admin asks for a full recompute: the run is queued and a task started after commit."""
    from metrics.tasks import recompute_all_task

    run = RecomputeRun.objects.create(
        kind=RunKind.FULL, requested_by=actor, steps_total=compute.steps(compute.Scopes.everything())
    )
    jobs.send_on_commit(recompute_all_task, run.pk)
    return run


STALE_AFTER = timedelta(minutes=1)


def metrics_resend_pending(now=None) -> int:
    """The outbox sweep (beat, every minute): send again what a down broker or a dead worker lost.

    Marks left in DirtyScope get a drain; a full run still queued after a minute, or "running"
    while nobody holds the drain lock (its worker died), is sent again. Both tasks are
    idempotent, so sending one that is merely slow costs nothing.
    """
    from metrics.tasks import recompute_all_task

    sent = 0
    if DirtyScope.objects.exists():
        sent += _enqueue_drain()
    cutoff = (now or timezone.now()) - STALE_AFTER
    for run in RecomputeRun.objects.filter(kind=RunKind.FULL, status=RunStatus.QUEUED, created_at__lte=cutoff):
        sent += jobs.send(recompute_all_task, run.pk)
    stalled = RecomputeRun.objects.filter(kind=RunKind.FULL, status=RunStatus.RUNNING, started_at__lte=cutoff)
    if stalled.exists() and _try_lock():
        _unlock()  # free: the run's worker is gone (its session, and so its lock, died with it)
        for run in stalled:
            sent += jobs.send(recompute_all_task, run.pk)
    return sent


class _Progress:
    """Writes a run's progress on its own autocommitting connection, so the page sees it while
    the recompute's transaction is still open."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.conn = None
        try:
            self.conn = connection.get_new_connection(connection.get_connection_params())
            self.conn.autocommit = True
        except Exception:  # progress is a nicety; never fail the recompute for it
            logger.warning("metrics: no progress connection", exc_info=True)

    def __call__(self, done: int) -> None:
        if self.conn:
            with self.conn.cursor() as cursor:
                cursor.execute("UPDATE metrics_recomputerun SET steps_done = %s WHERE id = %s", [done, self.run_id])

    def close(self):
        if self.conn:
            self.conn.close()


def metrics_recompute_all(*, run_id: int | None = None) -> RecomputeRun:
    """Recompute every scope in one transaction. Idempotent: running it twice writes the same
    table. Marks made before the start are covered and cleared with it."""
    scopes = compute.Scopes.everything()
    if run_id is None:
        run = RecomputeRun.objects.create(kind=RunKind.FULL, steps_total=compute.steps(scopes))
    else:
        run = RecomputeRun.objects.get(pk=run_id)
    RecomputeRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())
    progress = _Progress(run.pk)
    # The full run swaps in a table of its own: a drain writing to the old one meanwhile would be
    # lost with it. Wait for a running drain; drains started during the run leave their marks
    # (they find the lock taken), and the marks made after the start are drained below.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [DRAIN_LOCK])
    try:
        with transaction.atomic():
            DirtyScope.objects.filter(marked_at__lte=timezone.now()).delete()
            result = compute.recompute(scopes, on_step=progress)
            RecomputeRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE,
                steps_done=compute.steps(scopes),
                rows_written=result.rows_written,
                finished_at=timezone.now(),
            )
    except Exception as error:
        RecomputeRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    finally:
        _unlock()
        progress.close()
    if DirtyScope.objects.exists():
        _schedule_drain_once()
    run.refresh_from_db()
    return run
