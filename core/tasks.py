import socket

from celery import shared_task
from django.core.management import call_command

from core.services import worker_heartbeat_record


@shared_task
def record_worker_heartbeat_task(hostname: str | None = None) -> int:
    return worker_heartbeat_record(hostname=hostname or socket.gethostname()).pk


@shared_task
def clear_expired_sessions_task() -> None:
    call_command("clearsessions")
