"""PostgreSQL's own client programs (psql, pg_dump, pg_restore) for benchmarks and backups.

The embedded server (pgserver) ships them; a machine with PostgreSQL installed has them on
PATH. The newer of the two is preferred: pg_dump refuses servers newer than itself.
"""

import shutil
import subprocess
from functools import cache
from pathlib import Path

from django.db import connection


def _embedded(name: str) -> Path | None:
    try:
        import pgserver
    except ImportError:
        return None
    path = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
    return path if path.exists() else None


@cache
def binary(name: str) -> str:
    candidates = [path for path in (shutil.which(name), _embedded(name)) if path]
    if not candidates:
        raise FileNotFoundError(f"{name} is not installed and the embedded PostgreSQL has none.")
    return str(max(candidates, key=_version))


def _version(path) -> tuple[int, ...]:
    output = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    for word in output.split():
        if word[0].isdigit():
            return tuple(int(part) for part in word.split(".") if part.isdigit())
    return (0,)


def connection_arguments() -> tuple[list[str], dict[str, str]]:
    """Command-line arguments and environment that reach Django's database."""
    settings = connection.settings_dict
    arguments = ["--dbname", settings["NAME"]]
    if settings["HOST"]:
        arguments += ["--host", settings["HOST"]]
    if settings["PORT"]:
        arguments += ["--port", str(settings["PORT"])]
    if settings["USER"]:
        arguments += ["--username", settings["USER"]]
    environment = {"PGPASSWORD": settings["PASSWORD"]} if settings["PASSWORD"] else {}
    return arguments, environment
