"""`manage.py restore FILE`: a backup from `manage.py backup` back into an empty database.

Every check comes before the first change: a damaged file, a database that already has tables
or uploaded files that would be overwritten stop the restore with one sentence and leave the
database and MEDIA_ROOT as they were. The database is restored in one transaction; afterwards
every table's row count and checksum are compared with the backup's manifest.
"""

import hashlib
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor

from core import pgtools
from core.management.commands.backup import (
    DATABASE_DUMP,
    FORMAT,
    MANIFEST,
    MEDIA_ARCHIVE,
    PARTS,
    _run,
    human_size,
    plural,
    public_tables,
    sha256_of,
    table_fingerprints,
)


def _unpack(path: Path, work: Path) -> dict:
    """Extract the parts and check them against the manifest's hashes."""
    try:
        with tarfile.open(path, "r:*") as archive:
            members = archive.getmembers()
            if sorted(member.name for member in members) != sorted((MANIFEST, *PARTS)) or not all(
                member.isfile() for member in members
            ):
                raise CommandError(
                    f"{path} is not a Tandem backup: it should hold {MANIFEST}, {DATABASE_DUMP} and {MEDIA_ARCHIVE}."
                )
            archive.extractall(work, filter="data")
    except tarfile.ReadError:
        raise CommandError(f"{path} is not a Tandem backup: it is not a tar file, or a truncated one.") from None
    except (tarfile.TarError, EOFError, OSError) as error:
        raise CommandError(f"{path} could not be read: {error}.") from None
    try:
        manifest = json.loads((work / MANIFEST).read_text())
    except ValueError:
        raise CommandError(f"{path} is damaged: its {MANIFEST} is not valid JSON.") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(f"{path} is a backup of format {manifest.get('format')}; this Tandem reads format {FORMAT}.")
    for name in PARTS:
        if sha256_of(work / name) != manifest.get("parts", {}).get(name, {}).get("sha256"):
            raise CommandError(f"{path} is damaged: {name} does not match the checksum in its manifest.")
    return manifest


def _member_sha256(archive: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    digest = hashlib.sha256()
    handle = archive.extractfile(member)
    while chunk := handle.read(1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


def _media_conflicts(archive_path: Path, root: Path) -> list[str]:
    """Files the backup would overwrite with different content (identical ones are no conflict,
    so a restore can be run again after a failed verification)."""
    conflicts = []
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive:
            try:
                # The same filter extraction uses: no absolute paths, no "..", no links outside.
                tarfile.data_filter(member, str(root))
            except tarfile.FilterError as error:
                raise CommandError(f"The backup's media has an unsafe entry ({error}); nothing was restored.") from None
            target = root / member.name
            if not (target.exists() or target.is_symlink()):
                continue
            identical = (
                member.isfile()
                and target.is_file()
                and not target.is_symlink()
                and target.stat().st_size == member.size
                and sha256_of(target) == _member_sha256(archive, member)
            )
            if not identical:
                conflicts.append(member.name)
    return conflicts


def _missing_files() -> tuple[int, list[str]]:
    """Files the restored database refers to that are not in storage."""
    referred, missing = 0, []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            names = model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
            for name in names.iterator():
                referred += 1
                if not field.storage.exists(name):
                    missing.append(name)
    return referred, missing


class Command(BaseCommand):
    # Neither touches URLs, views or deployment settings: the system checks (which import every
    # URLconf) would only add seconds, and must not stand between an operator and their data.
    requires_system_checks = []
    help = "Restore a backup from `manage.py backup` into an empty database and MEDIA_ROOT, then verify it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file, e.g. backups/tandem-2026-11-22T043000Z.tar")
        parser.add_argument(
            "--clean",
            action="store_true",
            help="Restore into a database that already has tables: drop and recreate the backup's tables "
            "(pg_restore --clean --if-exists), in the same single transaction.",
        )
        parser.add_argument(
            "--overwrite-media",
            action="store_true",
            help="Replace files in MEDIA_ROOT whose content differs from the backup's.",
        )

    def handle(self, *args, file, clean, overwrite_media, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        database = connection.settings_dict["NAME"]
        media_root = Path(settings.MEDIA_ROOT)

        with tempfile.TemporaryDirectory(prefix="tandem-restore-") as work_dir:
            work = Path(work_dir)
            manifest = _unpack(path, work)
            with connection.cursor() as cursor:
                existing = public_tables(cursor)
            if existing and not clean:
                raise CommandError(
                    f"The database {database} is not empty ({plural(len(existing), 'table')}, e.g. {existing[0]}): "
                    "restore into an empty database, or pass --clean to replace the backup's tables in it."
                )
            conflicts = _media_conflicts(work / MEDIA_ARCHIVE, media_root)
            if conflicts and not overwrite_media:
                raise CommandError(
                    f"{plural(len(conflicts), 'file')} in MEDIA_ROOT ({media_root}) "
                    f"{'differs' if len(conflicts) == 1 else 'differ'} from the backup's, e.g. "
                    f"{conflicts[0]}: move them away, or pass --overwrite-media to replace them."
                )

            self._restore_database(work / DATABASE_DUMP, clean=clean)
            self.stdout.write(f"  database {database}: restored from {path} (made {manifest['created_at']})")
            # Not atomic like the database: if unpacking fails half-way, run the restore again
            # with --clean --overwrite-media once the cause is fixed.
            media_root.mkdir(parents=True, exist_ok=True)
            with tarfile.open(work / MEDIA_ARCHIVE, "r:gz") as archive:
                archive.extractall(media_root, filter="data")
            media = manifest.get("media", {})
            self.stdout.write(
                f"  media: {plural(media.get('files', 0), 'file')}, {human_size(media.get('bytes', 0))} "
                f"into {media_root}"
            )

        self._verify(manifest)
        self._report_files()
        self._report_migrations(manifest)

    def _restore_database(self, dump: Path, *, clean: bool) -> None:
        arguments, environment = pgtools.connection_arguments()
        command = [
            pgtools.binary("pg_restore"),
            "--no-owner",
            # Grants name roles of the source server that this one may not have; the tables
            # belong to the role that restores them, as the app expects.
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *(["--clean", "--if-exists"] if clean else []),
            *arguments,
            str(dump),
        ]
        _run(command, environment, "pg_restore (nothing was restored)")

    def _verify(self, manifest: dict) -> None:
        expected = manifest["tables"]
        with transaction.atomic(), connection.cursor() as cursor:
            actual = table_fingerprints(cursor, public_tables(cursor))
        differences = []
        for table, figures in sorted(expected.items()):
            found = actual.get(table)
            if found is None:
                differences.append(f"{table} is missing")
            elif found["rows"] != figures["rows"]:
                differences.append(f"{table} has {found['rows']} rows, the backup {figures['rows']}")
            elif found["checksum"] != figures["checksum"]:
                differences.append(f"{table} has other content than the backup")
        if differences:
            raise CommandError(
                f"The restored database differs from the backup in {plural(len(differences), 'table')}: "
                f"{'; '.join(differences[:5])}."
            )
        rows = sum(figures["rows"] for figures in expected.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Verified: {plural(len(expected), 'table')}, {plural(rows, 'row')}; "
                "every row count and checksum matches the backup."
            )
        )
        extra = sorted(set(actual) - set(expected))
        if extra:
            self.stdout.write(f"  {plural(len(extra), 'table')} not in the backup left as they were, e.g. {extra[0]}")

    def _report_files(self) -> None:
        referred, missing = _missing_files()
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(missing)} of the {referred} files the database refers to are not in MEDIA_ROOT "
                    f"(missing from the backup too), e.g. {missing[0]}."
                )
            )
        else:
            self.stdout.write(f"  all {referred} files the database refers to are in MEDIA_ROOT")

    def _report_migrations(self, manifest: dict) -> None:
        if not manifest.get("migrations"):
            self.stdout.write("  the backup holds no migration records; check the schema before serving it")
            return
        executor = MigrationExecutor(connection)
        unknown = set(executor.loader.applied_migrations) - set(executor.loader.disk_migrations)
        if unknown:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup was made by a newer Tandem ({plural(len(unknown), 'migration')} unknown to this code, "
                    f"e.g. {'.'.join(sorted(unknown)[0])}): run that version on it."
                )
            )
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(
                f"  {plural(len(pending), 'migration')} newer than the backup: run `manage.py migrate` next"
            )
