"""Proof that a database made by an earlier version of Tandem upgrades to this one intact.

    .venv/bin/python scripts/upgrade_check.py --from <commit> [--database NAME] [--keep]

1. Checks `<commit>` out into a temporary git worktree (removed at the end).
2. Creates a fresh database, NAME (default tandem_upgrade_check, dropped first if it exists),
   on the PostgreSQL server DATABASE_URL points at; the database DATABASE_URL names is never
   touched.
3. Runs that version's `manage.py migrate` and `manage.py seed_demo` there, with
   TANDEM_ENV=development and Celery tasks run in place (CELERY_TASK_ALWAYS_EAGER=true), so
   that the demo's recompute is finished, not queued, when the rows are read.
4. Records every table of the public schema: its row count and a checksum of its rows
   (md5 of the rows as text, in a fixed order), and every sequence's last value.
5. Runs this tree's `manage.py migrate` on the same database, and records the same again.
6. Compares them table by table. The differences this tree's migrations are meant to make are
   listed below (EXPECTED_*), and each one found is printed as expected; any other difference,
   a table gone, added or renamed without being listed, a row count or a checksum changed,
   is printed as unexpected and the script exits 1. It exits 0 when the upgrade kept everything.

Needs DATABASE_URL (and REDIS_URL as the app does) in the environment, and a user allowed to
create databases. With --keep the database is left for inspection.
"""

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# --- What this tree's migrations are expected to change ---------------------------------------
# Outputs moved from the metrics app to their own (outputs 0001, metrics 0007): their tables kept
# their names, and only their content types' app label changed, in place (same ids, so history,
# admin log entries and permissions stay attached).
EXPECTED_RELABELLED_CONTENT_TYPES = {
    ("metrics", "output"): ("outputs", "output"),
    ("metrics", "licenceincome"): ("outputs", "licenceincome"),
    ("metrics", "publicationimport"): ("outputs", "publicationimport"),
}
EXPECTED_RENAMED_TABLES: dict[str, str] = {}  # old name -> new name: none
EXPECTED_NEW_TABLES: set[str] = set()
# django_migrations gains a row per migration this tree adds: always expected, and listed.
MIGRATIONS_TABLE = "django_migrations"
CONTENT_TYPES_TABLE = "django_content_type"


def say(message: str = "") -> None:
    print(message, flush=True)


def database_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def connect(name: str):
    connection = psycopg2.connect(database_url(name))
    connection.autocommit = True
    try:
        yield connection
    finally:
        connection.close()


def recreate_database(name: str, *, drop_only: bool = False) -> None:
    with connect("postgres") as server, server.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(tree: Path, database: str, *args: str) -> None:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "TANDEM_ENV": "development",
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    say(f"$ ({tree.name}) manage.py {' '.join(args)}")
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=tree, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode:
        say(result.stdout[-4000:])
        say(result.stderr[-4000:])
        raise SystemExit(f"manage.py {' '.join(args)} failed in {tree} (exit {result.returncode})")


def snapshot(database: str) -> dict:
    """{"tables": {name: (row count, md5 of the rows)}, "sequences": {name: last value},
    "content_types": {id: (app_label, model)}, "migrations": {(app, name)},
    "attached": {content type id: {table: rows pointing at it}}}."""
    with connect(database) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        )
        tables = {}
        for (table,) in cursor.fetchall():
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM {} t"
                ).format(sql.Identifier(table))
            )
            tables[table] = cursor.fetchone()
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        sequences = dict(cursor.fetchall())
        cursor.execute(f"SELECT id, app_label, model FROM {CONTENT_TYPES_TABLE}")  # noqa: S608 - a constant
        content_types = {pk: (app, model) for pk, app, model in cursor.fetchall()}
        cursor.execute(f"SELECT app, name FROM {MIGRATIONS_TABLE}")  # noqa: S608 - a constant
        migrations = set(cursor.fetchall())
        attached = {}
        for table in ("core_changelog", "auth_permission", "django_admin_log"):
            if table in tables:
                cursor.execute(
                    sql.SQL("SELECT content_type_id, count(*) FROM {} GROUP BY 1").format(sql.Identifier(table))
                )
                for pk, count in cursor.fetchall():
                    attached.setdefault(pk, {})[table] = count
    return {
        "tables": tables,
        "sequences": sequences,
        "content_types": content_types,
        "migrations": migrations,
        "attached": attached,
    }


class Report:
    def __init__(self):
        self.unexpected = 0

    def ok(self, message: str) -> None:
        say(f"  same        {message}")

    def expected(self, message: str) -> None:
        say(f"  EXPECTED    {message}")

    def wrong(self, message: str) -> None:
        self.unexpected += 1
        say(f"  UNEXPECTED  {message}")


def compare_content_types(before: dict, after: dict, attached: dict, report: Report) -> None:
    """Every row kept with its id; the listed ones relabelled, nothing else changed or added.
    (What points at a relabelled row is shown; those tables' own checksums prove it unchanged.)"""
    for pk, label in sorted(before.items()):
        now = after.get(pk)
        wanted = EXPECTED_RELABELLED_CONTENT_TYPES.get(label, label)
        if now == wanted and now != label:
            pointing = ", ".join(f"{count} {table} rows" for table, count in sorted(attached.get(pk, {}).items()))
            report.expected(
                f"{CONTENT_TYPES_TABLE} id {pk}: {'.'.join(label)} -> {'.'.join(now)} (same id; {pointing or 'nothing'}"
                " still pointing at it)"
            )
        elif now != wanted:
            found = ".".join(now) if now else "gone"
            report.wrong(f"{CONTENT_TYPES_TABLE} id {pk}: {'.'.join(label)} should be {'.'.join(wanted)}, is {found}")
    for pk in sorted(set(after) - set(before)):
        report.wrong(f"{CONTENT_TYPES_TABLE} id {pk}: {'.'.join(after[pk])} added")
    missing = set(EXPECTED_RELABELLED_CONTENT_TYPES) - set(before.values())
    for label in sorted(missing):
        report.wrong(f"{CONTENT_TYPES_TABLE}: {'.'.join(label)} was expected in the old database and is not there")


def compare_migrations(before: set, after: set, report: Report) -> None:
    if before - after:
        report.wrong(f"{MIGRATIONS_TABLE}: rows gone: {sorted(before - after)}")
    for app, name in sorted(after - before):
        report.expected(f"{MIGRATIONS_TABLE}: applied {app}.{name}")


def compare(before: dict, after: dict) -> int:
    report = Report()
    say("\nTables (row count, md5 of the rows):")
    renamed = EXPECTED_RENAMED_TABLES
    for table, (count, checksum) in sorted(before["tables"].items()):
        now_name = renamed.get(table, table)
        now = after["tables"].get(now_name)
        label = table if now_name == table else f"{table} -> {now_name}"
        if table == MIGRATIONS_TABLE:
            compare_migrations(before["migrations"], after["migrations"], report)
        elif table == CONTENT_TYPES_TABLE:
            if now == (count, checksum):
                report.ok(f"{table}: {count} rows {checksum}")
            compare_content_types(before["content_types"], after["content_types"], after["attached"], report)
        elif now is None:
            report.wrong(f"{label}: table gone ({count} rows)")
        elif now != (count, checksum):
            report.wrong(f"{label}: {count} rows {checksum} before, {now[0]} rows {now[1]} after")
        elif now_name != table:
            report.expected(f"{label}: renamed, {count} rows {checksum}")
        else:
            report.ok(f"{label}: {count} rows {checksum}")
    known = {renamed.get(table, table) for table in before["tables"]}
    for table in sorted(set(after["tables"]) - known):
        count, checksum = after["tables"][table]
        if table in EXPECTED_NEW_TABLES:
            report.expected(f"{table}: new table, {count} rows")
        else:
            report.wrong(f"{table}: new table, {count} rows, not listed in EXPECTED_NEW_TABLES")
    say("\nSequences (last value):")
    for sequence, value in sorted(before["sequences"].items()):
        now = after["sequences"].get(sequence, "gone")
        if now == value:
            report.ok(f"{sequence}: {value}")
        elif sequence.startswith(f"{MIGRATIONS_TABLE}_"):
            report.expected(f"{sequence}: {value} -> {now} (the migrations applied)")
        else:
            report.wrong(f"{sequence}: {value} -> {now}")
    for sequence in sorted(set(after["sequences"]) - set(before["sequences"])):
        report.wrong(f"{sequence}: new sequence")
    return report.unexpected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="commit", required=True, help="the earlier version (a commit, branch or tag)")
    parser.add_argument("--database", default="tandem_upgrade_check", help="the scratch database to build")
    parser.add_argument("--keep", action="store_true", help="leave the scratch database for inspection")
    options = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("DATABASE_URL must point at a PostgreSQL server (its database is not touched).")
    if urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") == options.database:
        raise SystemExit(f"--database {options.database} is DATABASE_URL's own database: choose another.")
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{options.commit}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="tandem-upgrade-") as scratch:
        old_tree = Path(scratch) / f"tandem-{commit[:10]}"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(old_tree), commit], cwd=ROOT, check=True)
        try:
            say(f"Upgrade of a database made by {commit[:10]} to this tree ({ROOT}), in database {options.database}")
            recreate_database(options.database)
            manage(old_tree, options.database, "migrate", "--no-input")
            manage(old_tree, options.database, "seed_demo")
            before = snapshot(options.database)
            manage(ROOT, options.database, "migrate", "--no-input")
            after = snapshot(options.database)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old_tree)], cwd=ROOT, check=False)
    unexpected = compare(before, after)
    if not options.keep:
        recreate_database(options.database, drop_only=True)
    tables = len(before["tables"])
    rows = sum(count for count, _ in before["tables"].values())
    if unexpected:
        say(f"\nFAILED: {unexpected} unexpected difference(s) ({tables} tables, {rows} rows before).")
        return 1
    say(f"\nOK: {tables} tables, {rows} rows: every table the same after the upgrade, but for the expected above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
