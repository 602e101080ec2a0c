"""Writes the core kit owns (the worker heartbeat), and the one way every app's services create
and update a record: `model_create` and `model_update` (after HackSoft's Django Styleguide).

Both take the entity's editable fields (the service's constant, which its form and its API
serializer use as well) and the data to apply; a name outside them is a programming error. The
service keeps its own rules around the call: checks of the current state before it, derived
values in the data, checks of the new values in `before_clean` (whose field message must win
over the generic one a model constraint would give) or `after_clean` (which need clean values).
Call them inside the service's transaction: the row, its many-to-many relations and its
history are written together.
"""

import copy
from collections.abc import Callable, Iterable

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from core.concurrency import save_unique
from core.history import record_change, snapshot
from core.models import WorkerHeartbeat

Check = Callable[[models.Model], None]
Summary = str | Callable[[models.Model], str]
_UNREAD = object()


def worker_heartbeat_record(*, hostname: str) -> WorkerHeartbeat:
    """Upsert this worker's heartbeat; running it twice leaves one row with the newer time."""
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"beat_at": timezone.now()})
    return heartbeat


def _assign(instance: models.Model, fields: Iterable[str], data: dict) -> dict[str, list]:
    """Set the named plain fields present in `data`; return the many-to-many values, which can
    only be set once the row is saved."""
    unknown = [name for name in data if name not in fields]
    if unknown:
        raise ValueError(f"not editable fields of a {instance._meta.verbose_name}: {', '.join(unknown)}")
    related = {}
    for name in fields:
        if name not in data:
            continue
        if instance._meta.get_field(name).many_to_many:
            related[name] = list(data[name])
        else:
            setattr(instance, name, data[name])
    return related


def _validate(instance, *, before_clean: Check | None, after_clean: Check | None, clean_exclude) -> None:
    if before_clean is not None:
        before_clean(instance)
    many_to_many = [field.name for field in instance._meta.many_to_many]
    instance.full_clean(exclude=[*many_to_many, *clean_exclude])
    if after_clean is not None:
        after_clean(instance)


def _save(instance, unique: tuple[str, str] | None, update_fields=None) -> None:
    if unique is None:
        instance.save(update_fields=update_fields)
    else:
        field, message = unique
        save_unique(instance, field=field, message=message, update_fields=update_fields)


def _summary(summary: Summary, instance) -> str:
    return summary(instance) if callable(summary) else summary


def model_create(
    *,
    instance: models.Model,
    fields: Iterable[str],
    data: dict,
    actor,
    before_clean: Check | None = None,
    after_clean: Check | None = None,
    clean_exclude: Iterable[str] = (),
    unique: tuple[str, str] | None = None,
    summary: Summary = "",
    history_fields: Iterable[str] | None = None,
):
    """Fill the unsaved `instance` (which may carry values the service set, such as its parent)
    from `data`, validate, save, set its many-to-many relations and record it as "created" with
    every field of `history_fields` (default: `fields`).

    `unique=(field, message)`: a unique-constraint race on save becomes that field's error.
    `summary`: text, or a function of the saved instance.
    """
    related = _assign(instance, fields, data)
    _validate(instance, before_clean=before_clean, after_clean=after_clean, clean_exclude=clean_exclude)
    _save(instance, unique)
    for name, values in related.items():
        getattr(instance, name).set(values)
    record_change(
        actor=actor,
        target=instance,
        action="created",
        summary=_summary(summary, instance),
        after=snapshot(instance, list(history_fields or fields)),
    )
    return instance


def _stored(instance, field: models.Field):
    """The field's value as it would be written, without loading a deferred field."""
    value = instance.__dict__.get(field.attname, _UNREAD)
    if isinstance(value, FieldFile):
        return value.name
    return copy.deepcopy(value) if isinstance(value, (list, dict)) else value


def _related_ids(values) -> set:
    return {getattr(value, "pk", value) for value in values}


def model_update(
    *,
    instance: models.Model,
    fields: Iterable[str],
    data: dict,
    actor,
    before_clean: Check | None = None,
    after_clean: Check | None = None,
    clean_exclude: Iterable[str] = (),
    unique: tuple[str, str] | None = None,
    target: models.Model | None = None,
    action: str = "updated",
    summary: Summary = "",
) -> tuple[models.Model, bool]:
    """Apply the named fields present in `data` to `instance` (the service locked it), validate,
    and save only the columns that changed: `update_fields`, the version bump of a versioned
    model and its `auto_now` stamps. Many-to-many relations are set after the save, when they
    differ. The change is recorded against `target` (default: the instance itself) with the old
    and new value of each named field that changed; nothing is saved or recorded when nothing
    changed. Returns the instance and whether it changed.

    Columns the service's checks derive (a completion date, a cleared sub-field) are saved when
    they change, like the named ones.
    """
    fields = list(fields)
    shown_before = snapshot(instance, fields)  # reads any deferred column it names
    # A column still deferred is neither named nor read: full_clean loading it is no change.
    deferred = instance.get_deferred_fields()
    own = [field for field in instance._meta.concrete_fields if not field.primary_key]
    compared = [field for field in own if field.attname not in deferred]
    stored_before = {field.name: _stored(instance, field) for field in compared}
    related = _assign(instance, fields, data)
    _validate(instance, before_clean=before_clean, after_clean=after_clean, clean_exclude=clean_exclude)

    changed = [field.name for field in compared if _stored(instance, field) != stored_before[field.name]]
    related = {
        name: values
        for name, values in related.items()
        if _related_ids(values) != set(getattr(instance, name).values_list("pk", flat=True))
    }
    if not changed and not related:
        return instance, False
    if any(field.name == "version" for field in own):
        instance.version += 1
        changed.append("version")
    changed += [field.name for field in own if getattr(field, "auto_now", False) and field.name not in changed]
    _save(instance, unique, update_fields=changed)
    for name, values in related.items():
        getattr(instance, name).set(values)
    record_change(
        actor=actor,
        target=target or instance,
        action=action,
        summary=_summary(summary, instance),
        before=shown_before,
        after=snapshot(instance, fields),
    )
    return instance, True
