"""core.imports: a record type declared in a few lines; every error of every row at once."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.db import models

from core.imports import Choice, Column, Date, Lookup, RecordImport, RowError, keyed
from core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


class Shift(models.TextChoices):
    DAY = "day", "Day shift"
    NIGHT = "night", "Night shift"


class HeartbeatImport(RecordImport):
    """A toy record type: worker heartbeats, each naming the worker it stands in for."""

    columns = [
        Column("hostname", required=True),
        Date("beat_on", required=True),
        Choice("shift", choices=Shift, empty=Shift.DAY),
        Lookup("stands_in_for", table="workers", what="worker"),
    ]
    example = {"hostname": "worker-1", "beat_on": "2026-01-31", "shift": "night"}
    field_columns = {"beat_at": "beat_on"}

    def load_tables(self):
        return {"workers": keyed(WorkerHeartbeat.objects.order_by("pk"), "hostname")}

    def check(self, row):
        if row.values["stands_in_for"] and row.values["stands_in_for"] == row.values["hostname"]:
            row.errors.append(RowError("stands_in_for", "A worker cannot stand in for itself."))

    def save(self, values):
        beat = WorkerHeartbeat(
            hostname=values["hostname"], beat_at=datetime.combine(values["beat_on"], datetime.min.time(), UTC)
        )
        beat.full_clean()
        beat.save()
        return beat

    def saved(self, record):
        self.tables["workers"][record.hostname.lower()] = record


def run(*rows: dict) -> list:
    stored = [{"line": line, "values": values} for line, values in enumerate(rows, start=2)]
    return HeartbeatImport(actor=None, batch=SimpleNamespace(rows=stored)).run()


def row(hostname="", beat_on="", shift="", stands_in_for="") -> dict:
    return {"hostname": hostname, "beat_on": beat_on, "shift": shift, "stands_in_for": stands_in_for}


def test_every_error_of_a_row_is_reported_at_once_missing_cells_first():
    [result] = run(row(shift="evening", stands_in_for="nobody"))
    assert [(error.column, error.message) for error in result.errors] == [
        ("hostname", "This column is required."),
        ("beat_on", "This column is required."),
        ("shift", "“evening” is not one of: day, night."),
        ("stands_in_for", "No worker “nobody” in Tandem."),
    ]
    assert not WorkerHeartbeat.objects.exists()


def test_cells_become_typed_values_choices_by_label_and_names_in_any_case():
    WorkerHeartbeat.objects.create(hostname="Worker-1", beat_at=datetime(2026, 1, 1, tzinfo=UTC))
    [result] = run(row("worker-2", "2026-01-31", "Night Shift", "WORKER-1"))
    assert result.ok, result.errors
    assert result.parsed["beat_on"].isoformat() == "2026-01-31"
    assert result.parsed["shift"] == "night"
    assert result.parsed["stands_in_for"].hostname == "Worker-1"
    assert run(row("worker-3", "2026-01-31"))[0].parsed["shift"] == "day"  # the column's empty value


def test_a_later_row_may_name_a_record_an_earlier_row_wrote():
    first, second = run(row("worker-1", "2026-01-31"), row("worker-2", "2026-01-31", stands_in_for="worker-1"))
    assert first.ok and second.ok, [first.errors, second.errors]


def test_the_services_refusal_lands_on_the_column_that_caused_it_and_leaves_nothing_behind():
    first, second, third = run(
        row("worker-1", "2026-01-31"),
        row("worker-1", "2026-02-01"),
        row("worker-2", "2026-02-01", stands_in_for="worker-2"),
    )
    assert first.ok
    assert [error.column for error in second.errors] == ["hostname"]
    assert [error.message for error in third.errors] == [
        "No worker “worker-2” in Tandem.",
        "A worker cannot stand in for itself.",
    ]
    assert list(WorkerHeartbeat.objects.values_list("hostname", flat=True)) == ["worker-1"]


def test_the_template_has_every_column_and_the_example_row():
    header, [example] = HeartbeatImport.template_rows()
    assert header == ["hostname", "beat_on", "shift", "stands_in_for"]
    assert example == ["worker-1", "2026-01-31", "night", ""]
