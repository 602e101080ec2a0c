"""Change history written by services: `snapshot` before, `record_change` after; `record_changes`
for a bulk write of many rows."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models import ChangeLog


def _display(instance, field: models.Field):
    value = getattr(instance, field.name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    if isinstance(value, (list, tuple)):  # an array of addresses, say: shown as people type them
        return ", ".join(str(item) for item in value)
    return str(value)


def snapshot(instance, fields: list[str]) -> dict[str, str]:
    """The displayed value of each named field, keyed by its label as people read it.

    Many-to-many fields appear as a sorted, comma-separated list.
    """
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        label = str(field.verbose_name)
        if field.many_to_many:
            values[label] = (
                ", ".join(sorted(str(item) for item in getattr(instance, name).all())) if instance.pk else ""
            )
        else:
            values[label] = _display(instance, field)
    return values


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, dict[str, str]]:
    return {
        name: {"old": before.get(name, ""), "new": after[name]} for name in after if before.get(name, "") != after[name]
    }


def record_change(*, actor, target, action: str, summary: str = "", before=None, after=None) -> ChangeLog | None:
    """Log a change against `target`. An update that changed nothing is not logged."""
    changes = diff(before or {}, after or {}) if after is not None else {}
    if action == "updated" and not changes:
        return None
    return ChangeLog.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        summary=summary[:300],
        changes=changes,
    )


def record_changes(*, actor, action: str, entries: Iterable[tuple[models.Model, str]]) -> list[ChangeLog]:
    """Log one change per (target, summary) in a single INSERT: what a bulk write (a
    `queryset.update`, a job over many records) records, without a query per row. `actor=None`
    is the system."""
    return ChangeLog.objects.bulk_create(
        ChangeLog(
            content_type=ContentType.objects.get_for_model(target),  # cached: no query per row
            object_id=target.pk,
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            summary=summary[:300],
        )
        for target, summary in entries
    )


def history_for(target, user):
    """The changes recorded against `target`, newest first, that `user` may read."""
    return (
        ChangeLog.objects.visible_to(user)
        .filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
        .select_related("actor")
        .order_by("-at", "-pk")
    )
