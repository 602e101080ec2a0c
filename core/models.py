from django.db import models


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the beat-scheduled heartbeat task.

    One row per worker hostname; `/healthz` reports how long ago the newest one beat, so a
    stalled worker or beat shows up before anyone misses a reminder.
    """

    hostname = models.CharField("worker hostname", max_length=255, unique=True)
    beat_at = models.DateTimeField("last heartbeat")

    class Meta:
        verbose_name = "worker heartbeat"
        verbose_name_plural = "worker heartbeats"

    def __str__(self):
        return f"{self.hostname} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
