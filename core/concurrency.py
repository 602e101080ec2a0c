"""Optimistic concurrency: a save names the version it read; a stale one is refused."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.exceptions import ConcurrentEditError


def lock_for_update(model, *, pk: int, expected_version: int | None, label: str):
    """Fetch the row locked for this transaction, refusing an edit based on an older version.

    `expected_version=None` means the caller does not track versions (admin actions, tasks).
    """
    instance = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and instance.version != expected_version:
        raise ConcurrentEditError(label)
    return instance


def save_unique(instance, *, field: str, message: str, update_fields=None) -> None:
    """Save, turning a unique-constraint race (two creates at once) into the field error the
    validation would have given, instead of a 500. `full_clean` catches the ordinary case."""
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            instance.save(update_fields=update_fields)
    except IntegrityError:
        raise ValidationError({field: message}) from None
