"""`make bench`: the figures of issue 7, as ratios measured in one run on one machine.

1. full recompute time / time of the bare aggregate SELECTs it runs (goal <= 1.5);
2. dashboard server time and query count at scale 0.1 and at scale 1 (goal: same count, <= 1.2x),
   for this year (the default page) and for the busiest year of the synthetic portfolio;
3. seconds from an output saved to the dashboard showing it, with a Celery worker running (goal < 5 s).

Run it on a database of its own: it adds a synthetic portfolio (devtools/load.py).
"""

import os
import statistics
import subprocess
import sys
import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from devtools import load
from metrics import compute, services
from metrics.models import ALL_TIME, BREAKDOWN_SCOPES, MetricValue, ScopeKind
from metrics.registry import COUNTED
from outputs import services as output_services
from partnerships.models import Partnership


def _bare_aggregates_seconds() -> float:
    """The SELECTs of a full recompute (counted, breakdowns, ratios), without writing anything."""
    now = timezone.now()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for kind, ids in compute.Scopes.everything().kinds():
            if kind in BREAKDOWN_SCOPES:  # sums of the partnership rows the full recompute wrote
                sql = compute.breakdown_sql(kind)
                cursor.execute(sql[sql.index("SELECT") :], compute.breakdown_params(kind, now))
                cursor.fetchall()
                continue
            for metric in COUNTED:
                rolls_up = kind == ScopeKind.PORTFOLIO and compute.portfolio_rolls_up(metric)
                sql = compute.rollup_sql() if rolls_up else compute.counted_sql(metric, kind, ids)
                select = sql[sql.index("SELECT") :]
                cursor.execute(
                    select,
                    {"kind": kind, "now": now, "ids": ids, "currency": settings.METRICS_CURRENCY, "key": metric.key},
                )
                cursor.fetchall()
        # The ratios' one pass, over the rows the recompute wrote (the live table now).
        sql, params = compute._derived_all(compute.TABLE)
        cursor.execute(sql[sql.index("SELECT") :], {"now": now, **params})
        cursor.fetchall()
    return time.perf_counter() - started


def _dashboard(client: Client, params: dict | None = None, runs: int = 15) -> tuple[float, int]:
    """The median server time of the dashboard page over `runs` requests (one request's time
    varies too much from the next to compare on its own), and its number of queries."""
    client.get(reverse("dashboard"), params)  # warm-up
    seconds = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(reverse("dashboard"), params)
            seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = len(captured.captured_queries)
    return statistics.median(seconds), queries


def _busiest_year() -> int:
    """The year with the most active partnerships: the synthetic portfolio's outputs stop in
    2025, so the default page (this year) shows a quiet year; this one shows a full one."""
    row = (
        MetricValue.objects.filter(scope_kind=ScopeKind.PORTFOLIO, key="active_partnerships")
        .exclude(period=ALL_TIME)
        .order_by("-value")
        .first()
    )
    return row.period if row else timezone.localdate().year


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="The larger portfolio; the smaller is a tenth.")
        parser.add_argument("--skip-worker", action="store_true", help="Skip the save-to-dashboard latency.")

    def handle(self, *args, scale, skip_worker=False, **options):
        if scale / 10 < load.MIN_SCALE:
            raise CommandError(f"--scale must be at least {load.MIN_SCALE * 10:g}: the smaller portfolio is a tenth.")
        if settings.CELERY_TASK_ALWAYS_EAGER and not skip_worker:
            raise CommandError("Run with CELERY_TASK_ALWAYS_EAGER=0: the latency figure needs a real worker.")
        staff = User.objects.filter(role=Role.STAFF).first() or User.objects.create(
            username="bench-staff", role="staff"
        )
        client = Client()
        client.force_login(staff)
        out = self.stdout.write

        small = scale / 10
        out(f"Generating scale {small} ...")
        load.generate(small, stdout=self.stdout)
        services.metrics_recompute_all()
        small_time, small_queries = _dashboard(client)
        year = _busiest_year()
        busy = {"year_from": year, "year_to": year}
        small_busy_time, small_busy_queries = _dashboard(client, busy)

        out(f"Growing to scale {scale} ...")
        load.generate(scale - small, stdout=self.stdout)
        run = services.metrics_recompute_all()
        recompute = (run.finished_at - run.started_at).total_seconds()
        bare = _bare_aggregates_seconds()
        large_time, large_queries = _dashboard(client)
        large_busy_time, large_busy_queries = _dashboard(client, busy)

        out("")
        out(f"Portfolio: {Partnership.objects.count()} partnerships, {MetricValue.objects.count()} metric rows")
        out(f"Full recompute: {recompute:.2f}s; bare aggregate SELECTs: {bare:.2f}s; ratio {recompute / bare:.2f}")
        out(
            f"Dashboard at scale {small}: {small_time * 1000:.0f} ms, {small_queries} queries; "
            f"at scale {scale}: {large_time * 1000:.0f} ms, {large_queries} queries; "
            f"time ratio {large_time / small_time:.2f}"
        )
        out(
            f"Dashboard for {busy['year_from']}, the busiest year, at scale {small}: {small_busy_time * 1000:.0f} ms, "
            f"{small_busy_queries} queries; at scale {scale}: {large_busy_time * 1000:.0f} ms, "
            f"{large_busy_queries} queries; time ratio {large_busy_time / small_busy_time:.2f}"
        )
        if not skip_worker:
            latency = self._save_to_dashboard_seconds()
            out(f"Output saved -> dashboard shows it, worker running: {latency:.2f}s")

    def _save_to_dashboard_seconds(self) -> float:
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-l",
                "warning",
                "-c",
                "1",
                "--without-heartbeat",
            ],
            env={**os.environ, "CELERY_TASK_ALWAYS_EAGER": "0"},
        )
        try:
            time.sleep(4)  # the worker connects to the broker
            year = timezone.localdate().year
            partnership = Partnership.objects.order_by("pk").first()

            def shown() -> int:
                row = MetricValue.objects.filter(
                    scope_kind=ScopeKind.PORTFOLIO, scope_id=0, key="startups", period=year
                ).first()
                return int(row.value) if row else 0

            before = shown()
            started = time.perf_counter()
            output_services.output_create(
                actor=None,
                data={"partnership": partnership, "kind": "startup", "title": "Bench start-up", "date": date.today()},
            )
            while shown() == before:
                if time.perf_counter() - started > 120:
                    raise CommandError("The dashboard did not show the output within 120 s.")
                time.sleep(0.05)
            return time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=30)
