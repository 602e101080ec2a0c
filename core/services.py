from django.utils import timezone

from core.models import WorkerHeartbeat


def worker_heartbeat_record(*, hostname: str) -> WorkerHeartbeat:
    """Upsert this worker's heartbeat; running it twice leaves one row with the newer time."""
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"beat_at": timezone.now()})
    return heartbeat
