"""The audit export: the change history of a period as CSV rows, one per changed field.

Rows are read as the database yields them, so memory stays flat however long the period; the
records' names are fetched in bulk per batch of changes, so the query count does not grow with
the rows.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from itertools import islice

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import capfirst

from core.forms import DATE
from core.models import ChangeLog

MAX_YEARS = 5
BATCH = 2000
HEADER = ["When", "Who", "Record type", "Record id", "Record", "Action", "Summary", "Field", "Old value", "New value"]
GONE = "(no longer exists)"


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class AuditPeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=DATE)
    end = forms.DateField(label="To", widget=DATE, help_text="Both days included.")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end must be on or after the start.")
            elif end >= _years_after(start, MAX_YEARS):
                self.add_error("end", f"Export at most {MAX_YEARS} years at a time: split a longer period.")
        return data


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _record_names(batch: list[tuple]) -> dict[tuple[int, int], str]:
    """Each record's name, by (content type id, id): one query per record type in the batch."""
    ids_by_type: dict[int, set[int]] = {}
    for row in batch:
        ids_by_type.setdefault(row[4], set()).add(row[5])
    names = {}
    for type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue  # its app is gone
        # Names often mention a related record (a placement names its person): join those in.
        related = [field.name for field in model._meta.concrete_fields if field.many_to_one or field.one_to_one]
        for pk, record in model._default_manager.select_related(*related).in_bulk(list(ids)).items():
            names[(type_id, pk)] = str(record)
    return names


def _record_type(type_id: int) -> str:
    content_type = ContentType.objects.get_for_id(type_id)
    model = content_type.model_class()
    return capfirst(model._meta.verbose_name) if model else content_type.model


def _who(first_name, last_name, username) -> str:
    if username is None:
        return "system"
    return f"{first_name} {last_name}".strip() or username


def audit_rows(start: date, end: date, *, user) -> Iterator[list]:
    """The changes made from `start` to `end` (both included, local time), oldest first."""
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    changes = (
        ChangeLog.objects.visible_to(user)
        .filter(at__gte=since, at__lt=until)
        .order_by("at", "pk")
        .values_list(
            "at",
            "actor__first_name",
            "actor__last_name",
            "actor__username",
            "content_type_id",
            "object_id",
            "action",
            "summary",
            "changes",
        )
    )
    for batch in _batches(changes.iterator(chunk_size=BATCH), BATCH):
        names = _record_names(batch)
        for at, first_name, last_name, username, type_id, object_id, action, summary, fields in batch:
            common = [
                timezone.localtime(at).isoformat(timespec="seconds"),
                _who(first_name, last_name, username),
                _record_type(type_id),
                object_id,
                names.get((type_id, object_id), GONE),
                action,
                summary,
            ]
            if not fields or not isinstance(fields, dict):
                yield [*common, "", "", ""]
                continue
            for field, change in fields.items():
                if isinstance(change, dict):
                    yield [*common, field, change.get("old", ""), change.get("new", "")]
                else:
                    yield [*common, field, "", change]
