from django.db import models

from core.querysets import InternalOnlyQuerySet


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


class ChangeLog(models.Model):
    """One attributable change to a record: who, when, what, and each field's old and new value.

    Services write these in the same transaction as the change itself (core.history), so a
    change and its record stand or fall together. Child records (a member, a milestone, a
    payment) log against their parent, so the parent's page tells the whole story.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, verbose_name="record type")
    object_id = models.BigIntegerField("record id")
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="by"
    )
    at = models.DateTimeField("when", auto_now_add=True, db_index=True)
    action = models.CharField("action", max_length=40)
    summary = models.CharField("summary", max_length=300, blank=True)
    changes = models.JSONField("changed fields", default=dict, blank=True)

    # History is the office's: partners never read it.
    objects = InternalOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "change"
        verbose_name_plural = "change history"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="core_changelog_record_idx")]

    def __str__(self):
        return f"{self.action} by {self.actor or 'system'} at {self.at:%Y-%m-%d %H:%M}"
