"""Checks behind /healthz: each answers quickly or reports what failed."""

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


def check_list_row_triggers() -> None:
    """Without them the agreements list API could serve rows older than their agreements."""
    from agreements import list_stamps

    if list_stamps.installed_version() != list_stamps.VERSION:
        raise RuntimeError("agreement list row triggers are missing or out of date: run manage.py migrate")


CHECKS = {"database": check_database, "redis": check_redis, "list_row_triggers": check_list_row_triggers}


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
