"""Optimistic concurrency: a save names the version it read; a stale one is refused."""

from core.exceptions import ConcurrentEditError


def lock_for_update(model, *, pk: int, expected_version: int | None, label: str):
    """Fetch the row locked for this transaction, refusing an edit based on an older version.

    `expected_version=None` means the caller does not track versions (admin actions, tasks).
    """
    instance = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and instance.version != expected_version:
        raise ConcurrentEditError(label)
    return instance
