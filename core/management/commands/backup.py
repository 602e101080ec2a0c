"""`manage.py backup`: the database and the uploaded documents in one dated file.

The file is a plain tar of parts that are already compressed:

    manifest.json   when, which code and migrations, rows and a checksum per table, part hashes
    database.dump   pg_dump --format=custom (compressed by pg_dump)
    media.tar.gz    every file under MEDIA_ROOT

`manage.py restore FILE` puts it back into an empty database and checks it against the manifest.
"""

import datetime
import hashlib
import json
import os
import platform
import subprocess
import tarfile
import tempfile
import tomllib
import warnings
from pathlib import Path

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core import pgtools

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_DUMP = "database.dump"
MEDIA_ARCHIVE = "media.tar.gz"
PARTS = (DATABASE_DUMP, MEDIA_ARCHIVE)

# Importing pgserver (to find its pg_dump) asks platformdirs for a runtime directory that
# headless machines lack; the warning says nothing about the backup.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

# A row's text form depends on these session settings, and servers' defaults differ (DateStyle
# follows the locale initdb ran under): pinned, the same rows give the same checksum anywhere.
_PINNED_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}


def public_tables(cursor) -> list[str]:
    cursor.execute(
        """
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname
        """
    )
    return [name for (name,) in cursor.fetchall()]


def table_fingerprints(cursor, tables: list[str]) -> dict[str, dict]:
    """Row count and checksum of each table, computed by the server; call inside a transaction.

    Each row's text form is hashed (md5), and the two 64-bit halves of the hashes are summed
    (exact numeric sums): independent of the rows' physical order and of the databases'
    collations, with no sort and constant memory, where md5(string_agg(... ORDER BY ...)) would
    sort every row and stop at string_agg's 1 GB limit. It still reads every row: about a second
    per 200,000 agreements here, so a minute or so for the load generator's scale-1 portfolio.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("table_fingerprints() needs a transaction: its session settings are local to one.")
    for name, value in _PINNED_SETTINGS.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    fingerprints = {}
    for table in tables:
        cursor.execute(
            # The table name comes from pg_class and is quoted; nothing here is user input.
            "SELECT count(*), md5(count(*) || ':' || "  # noqa: S608
            "coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0) || ':' || "
            "coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)) "
            f"FROM (SELECT md5(t::text) AS h FROM {connection.ops.quote_name(table)} AS t) AS hashes"
        )
        rows, checksum = cursor.fetchone()
        fingerprints[table] = {"rows": rows, "checksum": checksum}
    return fingerprints


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def human_size(size: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def _tandem_version() -> str | None:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def _applied_migrations(cursor, tables: list[str]) -> dict[str, list[str]]:
    # A database built without migrations (the test suite's) has no django_migrations table.
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env={**os.environ, **environment}, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr.strip() or result.stdout.strip() or f"exit status {result.returncode}").splitlines()
        raise CommandError(f"{what} failed: {detail[-1]}")


def archive_media(root: Path, path: Path) -> dict:
    """Tar every regular file under MEDIA_ROOT, in a stable order.

    Export files (exports/) are kept too: the database says which exports are ready to
    download until when, and a restored "ready" export without its file would fail.
    """
    files = size = 0
    with tarfile.open(path, "w:gz") as archive:
        if root.is_dir():
            for directory, subdirectories, names in os.walk(root):
                subdirectories.sort()
                for name in sorted(names):
                    file = Path(directory) / name
                    try:
                        info = archive.gettarinfo(file, arcname=file.relative_to(root).as_posix())
                        if not info.isfile():
                            continue  # links and sockets: Django's file storage writes neither
                        with file.open("rb") as handle:
                            archive.addfile(info, handle)
                    except FileNotFoundError:
                        continue  # the hourly export expiry deleted it while we walked
                    files += 1
                    size += info.size
    return {"files": files, "bytes": size}


class Command(BaseCommand):
    # Neither touches URLs, views or deployment settings: the system checks (which import every
    # URLconf) would only add seconds, and must not stand between an operator and their data.
    requires_system_checks = []
    help = "Write the database (pg_dump) and the uploaded files to one dated file, with a manifest to verify it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(Path(settings.BASE_DIR) / "backups"),
            help="Folder for the backup file (default: backups/ in the project).",
        )

    def handle(self, *args, output_dir, **options):
        if connection.in_atomic_block:
            raise CommandError("backup must run outside a transaction: it opens its own snapshot.")
        output = Path(output_dir).resolve()
        if output.is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
            raise CommandError(f"{output} is inside MEDIA_ROOT: each backup would contain the ones before it.")
        # The file holds every partner's confidential agreements: readable by its owner only.
        output.mkdir(mode=0o700, parents=True, exist_ok=True)
        now = datetime.datetime.now(datetime.UTC)
        target = output / f"tandem-{now:%Y-%m-%dT%H%M%SZ}.tar"
        if target.exists():
            raise CommandError(f"{target} already exists; wait a second and run the backup again.")

        # Working files next to the target: same disk (the final rename is atomic) and no
        # surprise in a small /tmp. A failed backup leaves nothing behind that looks complete.
        with tempfile.TemporaryDirectory(prefix=".tandem-backup-", dir=output) as work_dir:
            work = Path(work_dir)
            manifest = self._dump_database(work / DATABASE_DUMP, now)
            # After the snapshot: a document's file is written before its row commits, so every
            # file the snapshot refers to is already on disk.
            manifest["media"] = archive_media(Path(settings.MEDIA_ROOT), work / MEDIA_ARCHIVE)
            manifest["parts"] = {
                name: {"bytes": (work / name).stat().st_size, "sha256": sha256_of(work / name)} for name in PARTS
            }
            (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
            partial = work / "backup.tar"
            with tarfile.open(partial, "w") as archive:
                for name in (MANIFEST, *PARTS):  # the manifest first: cheap to read on its own
                    archive.add(work / name, arcname=name)
            partial.chmod(0o600)
            partial.rename(target)

        tables = manifest["tables"]
        self.stdout.write(
            f"  database {manifest['database']}: {plural(len(tables), 'table')}, "
            f"{plural(sum(table['rows'] for table in tables.values()), 'row')}"
        )
        self.stdout.write(
            f"  media: {plural(manifest['media']['files'], 'file')}, {human_size(manifest['media']['bytes'])}"
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target} ({human_size(target.stat().st_size)})."))

    def _dump_database(self, path: Path, now: datetime.datetime) -> dict:
        """pg_dump and the manifest's figures from one snapshot, so they describe the same data."""
        pg_dump = pgtools.binary("pg_dump")
        arguments, environment = pgtools.connection_arguments()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            # pg_dump adopts our snapshot while this transaction stays open.
            _run(
                [pg_dump, "--format=custom", "--snapshot", snapshot, "--file", str(path), *arguments],
                environment,
                "pg_dump",
            )
            tables = public_tables(cursor)
            return {
                "format": FORMAT,
                "created_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
                "database": connection.settings_dict["NAME"],
                "versions": {
                    "tandem": _tandem_version(),
                    "django": django.get_version(),
                    "python": platform.python_version(),
                    "postgresql": server_version,
                    "pg_dump": subprocess.run(
                        [pg_dump, "--version"], capture_output=True, text=True, check=True
                    ).stdout.strip(),
                },
                "migrations": _applied_migrations(cursor, tables),
                "tables": table_fingerprints(cursor, tables),
            }
