"""`manage.py backup` and `manage.py restore`: a round trip into a fresh database gives back every
row of every table and every uploaded file; a restore that would overwrite something refuses."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from agreements.models import Agreement
from tests.agreements.factories import DocumentFactory
from tests.core.test_worker import test_database_url

ROOT = Path(__file__).resolve().parents[2]
# Every byte value: a copy that decoded, re-encoded or truncated the file would show.
SIGNED_PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"

# pg_dump reads only what is committed.
pytestmark = pytest.mark.django_db(transaction=True)


def table_state(cursor) -> dict[str, tuple[int, str | None]]:
    """Row count and checksum of every public table, by a query of the test's own (not the
    command's), so a flaw in the command's checksum cannot hide a flaw in the restore."""
    cursor.execute("SET TIME ZONE 'UTC'")
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    state = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            f'SELECT count(*), md5(string_agg(t::text, E\'\\n\' ORDER BY t::text COLLATE "C")) FROM "{table}" AS t'
        )
        state[table] = tuple(cursor.fetchone())
    return state


def connect(database: str):
    settings = connection.settings_dict
    return psycopg2.connect(
        dbname=database,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
    )


def public_table_count(database: str) -> int:
    with closing(connect(database)) as restored, restored.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0]


def restore(archive: Path, database: str, media_root: Path, *flags: str) -> subprocess.CompletedProcess:
    """`manage.py restore` as an operator runs it: its own process, DATABASE_URL and MEDIA_ROOT."""
    url = f"{test_database_url().rsplit('/', 1)[0]}/{database}"
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), *flags],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media_root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def document(settings, tmp_path, acme_agreement, globex_agreement, acme_liaison):
    """Two partners' agreements, people, a liaison, and a signed PDF on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return DocumentFactory(
        agreement=acme_agreement,
        file__data=SIGNED_PDF,
        file__filename="signed.pdf",
        size=len(SIGNED_PDF),
        sha256=hashlib.sha256(SIGNED_PDF).hexdigest(),
    )


@pytest.fixture
def backup_file(document, tmp_path) -> Path:
    output = io.StringIO()
    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=output)
    (archive,) = (tmp_path / "backups").iterdir()  # one file, no working files left behind
    assert archive.name.startswith("tandem-") and archive.suffix == ".tar"
    assert f"Backup written to {archive} (" in output.getvalue()
    return archive


@pytest.fixture
def empty_database():
    name = f"tandem_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive) as backup:
        assert sorted(backup.getnames()) == ["database.dump", "manifest.json", "media.tar.gz"]
        return json.load(backup.extractfile("manifest.json"))


def tampered(archive: Path, destination: Path, table: str) -> Path:
    """The same backup, with a manifest claiming other content for one table."""
    manifest = read_manifest(archive)
    manifest["tables"][table]["checksum"] = "0" * 32
    with tarfile.open(archive) as original, tarfile.open(destination, "w") as copy:
        for member in original.getmembers():
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
                member.size = len(data)
                copy.addfile(member, io.BytesIO(data))
            else:
                copy.addfile(member, original.extractfile(member))
    return destination


def test_round_trip_restores_every_row_and_every_file(backup_file, document, empty_database, tmp_path):
    with connection.cursor() as cursor:
        source = table_state(cursor)
    assert source["agreements_agreement"][0] == 2 and source["agreements_document"][0] == 1
    manifest = read_manifest(backup_file)
    assert {table: figures["rows"] for table, figures in manifest["tables"].items()} == {
        table: rows for table, (rows, _) in source.items()
    }
    assert manifest["media"] == {"files": 1, "bytes": len(SIGNED_PDF)}

    # A file of the same name already there: refused before anything changes.
    media_root = tmp_path / "restored-media"
    theirs = media_root / document.file.name
    theirs.parent.mkdir(parents=True)
    theirs.write_bytes(b"another deployment's file")
    result = restore(backup_file, empty_database, media_root)
    assert result.returncode == 1
    assert "1 file in MEDIA_ROOT" in result.stderr and "pass --overwrite-media" in result.stderr
    assert theirs.read_bytes() == b"another deployment's file"
    assert public_table_count(empty_database) == 0

    result = restore(backup_file, empty_database, media_root, "--overwrite-media")

    assert result.returncode == 0, result.stderr
    assert "every row count and checksum matches the backup" in result.stdout
    assert "all 1 files the database refers to are in MEDIA_ROOT" in result.stdout
    with closing(connect(empty_database)) as restored, restored.cursor() as cursor:
        assert table_state(cursor) == source
    assert theirs.read_bytes() == SIGNED_PDF


def test_restore_refuses_a_database_with_tables_and_changes_nothing(backup_file, tmp_path):
    with connection.cursor() as cursor:
        before = table_state(cursor)

    with pytest.raises(CommandError, match=r"^The database \w+ is not empty \(\d+ tables, e\.g\. \w+\): "):
        call_command("restore", str(backup_file), stdout=io.StringIO())

    with connection.cursor() as cursor:
        assert table_state(cursor) == before

    # --clean replaces the backup's tables: an edit made since the backup is undone.
    Agreement.objects.update(title="Edited after the backup")
    output = io.StringIO()
    call_command("restore", str(backup_file), clean=True, stdout=output)
    assert "every row count and checksum matches the backup" in output.getvalue()
    with connection.cursor() as cursor:
        assert table_state(cursor) == before

    # The verification is real: a table that does not match the manifest fails the restore.
    with pytest.raises(
        CommandError, match="differs from the backup in 1 table: agreements_agreement has other content"
    ):
        call_command(
            "restore", str(tampered(backup_file, tmp_path / "tampered.tar", "agreements_agreement")), clean=True
        )
