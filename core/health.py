"""Checks behind /healthz: each answers quickly or reports what failed.

Core checks the database and Redis; an app that needs more (the agreements app's list-row
triggers, say) adds its check with `register_check` in its `AppConfig.ready()`.
"""

from collections.abc import Callable

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.models import WorkerHeartbeat

TIMEOUT_SECONDS = 2


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_redis() -> None:
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()


CHECKS: dict[str, Callable[[], None]] = {"database": check_database, "redis": check_redis}


def register_check(name: str, check: Callable[[], None]) -> None:
    """Add a check to /healthz: `check()` returns when healthy and raises otherwise."""
    if CHECKS.get(name, check) is not check:
        raise ValueError(f"A health check named {name!r} is already registered.")
    CHECKS[name] = check


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure means "not healthy"; the name is what operators need
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    return results


def seconds_since_worker_heartbeat() -> int | None:
    """Informational: a worker that stopped beating does not fail the web health check."""
    latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if latest is None:
        return None
    return int((timezone.now() - latest).total_seconds())
