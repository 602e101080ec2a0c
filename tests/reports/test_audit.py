"""The audit export: exactly the period's changes, one row per changed field, inert in a
spreadsheet, in a fixed number of queries; admins only; a bad period is a form error."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.history import record_change
from core.models import ChangeLog
from partnerships import services as partnership_services
from partnerships.models import Organization
from reports.audit import HEADER
from tests.people.factories import PlacementFactory
from tests.reports.conftest import read_csv

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _when(entry: ChangeLog, *args) -> ChangeLog:
    """Date a change as if it had been made then (the log stamps the real time)."""
    ChangeLog.objects.filter(pk=entry.pk).update(at=datetime(*args, tzinfo=LONDON))
    entry.refresh_from_db()
    return entry


def _export(client, start="2026-02-01", end="2026-02-28"):
    return client.get(reverse("reports:audit-export"), {"start": start, "end": end})


def _rename(organization, actor, name):
    partnership_services.organization_update(
        organization=organization, actor=actor, data={"name": name}, expected_version=None
    )
    return ChangeLog.objects.order_by("-pk").first()


def test_the_export_holds_exactly_the_periods_changes_with_old_and_new_values(admin_user, staff_user, client_as):
    initech = partnership_services.organization_create(
        actor=staff_user, data={"name": "Initech", "kind": "company", "sector": "Software"}
    )
    _when(ChangeLog.objects.get(), 2026, 1, 31, 23, 59)  # the day before: left out
    _when(_rename(initech, staff_user, "Initech Labs"), 2026, 2, 1, 0, 5)
    _when(
        record_change(actor=None, target=initech, action="archived", summary="Dormant for two years"),
        2026,
        2,
        28,
        23,
        50,
    )
    _when(_rename(initech, staff_user, "Initech Global"), 2026, 3, 1, 0, 0)  # the day after: left out

    rows = read_csv(_export(client_as(admin_user)))

    assert rows[0] == HEADER
    assert rows[1:] == [
        [
            "2026-02-01T00:05:00+00:00",
            staff_user.get_full_name(),
            "Organization",
            str(initech.pk),
            "Initech Global",  # the record as it is now
            "updated",
            "",
            "name",
            "Initech",
            "Initech Labs",
        ],
        [
            "2026-02-28T23:50:00+00:00",
            "system",
            "Organization",
            str(initech.pk),
            "Initech Global",
            "archived",
            "Dormant for two years",
            "",  # a change without field values: one row, empty field columns
            "",
            "",
        ],
    ]


def test_each_changed_field_is_a_row_and_times_are_local(admin_user, staff_user, client_as):
    initech = partnership_services.organization_create(
        actor=staff_user, data={"name": "Initech", "kind": "company", "sector": "Software"}
    )
    partnership_services.organization_update(
        organization=initech,
        actor=staff_user,
        data={"name": "Initech Labs", "sector": "Robotics"},
        expected_version=None,
    )
    _when(ChangeLog.objects.filter(action="updated").get(), 2026, 7, 1, 12, 0)  # summer time

    rows = read_csv(_export(client_as(admin_user), "2026-07-01", "2026-07-01"))

    assert [(row[0], row[7], row[8], row[9]) for row in rows[1:]] == [
        ("2026-07-01T12:00:00+01:00", "name", "Initech", "Initech Labs"),
        ("2026-07-01T12:00:00+01:00", "sector", "Software", "Robotics"),
    ]
    assert {row[3] for row in rows[1:]} == {str(initech.pk)}


def test_a_record_that_no_longer_exists_is_named_as_such(admin_user, client_as):
    gone = Organization.objects.create(name="Vandelay Industries", kind="company")
    _when(record_change(actor=admin_user, target=gone, action="created", summary="Created Vandelay"), 2026, 2, 3, 9)
    gone_pk = gone.pk
    gone.delete()

    [row] = read_csv(_export(client_as(admin_user)))[1:]

    assert row[2:7] == ["Organization", str(gone_pk), "(no longer exists)", "created", "Created Vandelay"]


def test_formulas_in_values_are_neutralised(admin_user, staff_user, client_as):
    acme = partnership_services.organization_create(actor=staff_user, data={"name": "Acme", "kind": "company"})
    _when(_rename(acme, staff_user, '=HYPERLINK("http://evil.example","Click")'), 2026, 2, 10, 10)
    _when(_rename(acme, staff_user, "@SUM(A1:A2)"), 2026, 2, 11, 10)

    rows = read_csv(_export(client_as(admin_user)))[1:]

    assert [(row[4], row[8], row[9]) for row in rows] == [
        ("'@SUM(A1:A2)", "Acme", '\'=HYPERLINK("http://evil.example","Click")'),
        ("'@SUM(A1:A2)", '\'=HYPERLINK("http://evil.example","Click")', "'@SUM(A1:A2)"),
    ]


def test_the_query_count_does_not_grow_with_the_rows(admin_user, staff_user, client_as, acme_partnership):
    client = client_as(admin_user)

    def change_records(first, count):
        for n in range(first, first + count):
            organization = Organization.objects.create(name=f"Partner {n}", kind="company")
            _when(record_change(actor=staff_user, target=organization, action="created"), 2026, 2, 5, 9, n)
            # A placement's name mentions its person and host: they must come with it, not per row.
            placement = PlacementFactory(partnership=acme_partnership)
            entry = record_change(
                actor=None, target=placement, action="updated", before={"status": "a"}, after={"status": "b"}
            )
            _when(entry, 2026, 2, 5, 10, n)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            rows = read_csv(_export(client))
        return len(captured), len(rows)

    change_records(0, 1)
    queries()  # warms the content-type cache, as any earlier request would have
    one, rows_one = queries()
    change_records(1, 25)
    many, rows_many = queries()

    assert (rows_one, rows_many) == (3, 53)
    assert many == one


@pytest.mark.parametrize(
    ("start", "end", "field", "error"),
    [
        ("2026-03-01", "2026-02-01", "end", "The end must be on or after the start."),
        ("2026-02-30", "2026-03-01", "start", "Enter a valid date."),
        ("yesterday", "2026-03-01", "start", "Enter a valid date."),
        ("", "2026-03-01", "start", "This field is required."),
        ("2020-01-01", "2025-01-01", "end", "Export at most 5 years at a time: split a longer period."),
    ],
)
def test_a_bad_period_is_an_error_on_the_reports_form(admin_user, client_as, start, end, field, error):
    response = _export(client_as(admin_user), start, end)

    assert response.status_code == 302
    page = client_as(admin_user).get(response["Location"])
    assert page.status_code == 200
    form = page.context["audit_form"]
    assert form.errors[field] == [error]
    assert f'value="{start}"' in page.content.decode() or not start  # what was typed is kept


def test_five_years_less_a_day_is_allowed(admin_user, client_as):
    response = _export(client_as(admin_user), "2020-01-01", "2024-12-31")
    assert response.status_code == 200
    assert read_csv(response)[0] == HEADER


@pytest.mark.parametrize("role", ["staff", "viewer", "acme_liaison", "globex_liaison"])
def test_only_admins_export_the_change_history(role, personas, client_as):
    assert _export(client_as(personas[role])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = _export(client)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
