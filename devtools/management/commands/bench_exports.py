"""`make bench` (exports): the agreements CSV export against psql's COPY of the same query.

For each row count it prints the export's rows per second as a ratio to
`COPY (the same SELECT) TO STDOUT` through psql, measured in the same run (goal: at least
0.5), and the peak memory of a process that did nothing but that export (goal: the same at
20,000 and 200,000 rows). Each export runs in a fresh process, so one's peak is not the other's.
Needs the load generator's portfolio (`make bench` makes it first).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.http import QueryDict

from accounts.models import Role, User
from agreements.models import Agreement
from core import pgtools
from core.exports import csv_response, table_for

ROOT = Path(__file__).resolve().parents[3]


def _rows(count: int):
    """The agreements export as staff see it, cut to the first `count` agreements."""
    table = table_for("agreements")
    staff = User.objects.filter(role=Role.STAFF, is_active=True).first()
    if staff is None:
        raise CommandError("The benchmark needs a staff user (seed_demo or generate_load makes one).")
    last = Agreement.objects.order_by("pk").values_list("pk", flat=True)[count - 1]
    return table, table.filtered(staff, QueryDict("")).filter(pk__lte=last)


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _export_once(count: int) -> dict:
    table, queryset = _rows(count)
    before = _peak_kib()
    started = time.perf_counter()
    response = csv_response(table.key, table.header, table.rows(queryset))
    written = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": written, "peak_kib": _peak_kib(), "peak_before_kib": before}


def _copy_seconds(count: int) -> float:
    table, queryset = _rows(count)
    sql, params = table.values(queryset).query.sql_with_params()
    with connection.cursor() as cursor:
        select = cursor.mogrify(sql, params).decode()
    arguments, environment = pgtools.connection_arguments()
    command = [pgtools.binary("psql"), *arguments, "--quiet", "--no-psqlrc", "--command"]
    command.append(f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER)")
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        subprocess.run(command, stdout=sink, env={**os.environ, **environment}, check=True)  # noqa: S603
    return time.perf_counter() - started


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows", type=int, nargs="+", help="Row counts to compare (default: 20,000 and 200,000, or what exists)."
        )
        parser.add_argument("--runs", type=int, default=3, help="Runs per figure; the median is kept.")
        parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one export, in a child process

    def handle(self, *args, rows, runs, one=None, **options):
        if one:
            self.stdout.write(json.dumps(_export_once(one)))
            return
        available = Agreement.objects.count()
        rows = rows or [min(20_000, available // 10), min(200_000, available)]
        if min(rows) < 1 or available < max(rows):
            raise CommandError(f"{available} agreements; the benchmark needs {max(rows)}: run `make bench`.")
        out = self.stdout.write
        out("CSV export of agreements (staff, all columns) vs psql COPY of the same SELECT:")
        for count in rows:
            exports = sorted((self._child(count) for _ in range(runs)), key=lambda result: result["seconds"])
            export = exports[len(exports) // 2]
            copy = sorted(_copy_seconds(count) for _ in range(runs))[runs // 2]
            out(
                f"  {count:>7,} rows: export {export['seconds']:.2f}s ({count / export['seconds']:,.0f} rows/s, "
                f"{export['bytes'] / 1e6:.1f} MB), COPY {copy:.2f}s ({count / copy:,.0f} rows/s); "
                f"ratio {copy / export['seconds']:.2f}; peak memory {export['peak_kib'] / 1024:.0f} MiB "
                f"(before the export {export['peak_before_kib'] / 1024:.0f} MiB)"
            )

    def _child(self, count: int) -> dict:
        result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "manage.py", "bench_exports", "--one", str(count)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])
