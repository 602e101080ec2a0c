"""Scheduled reports: the periods they cover, the hourly job, delivery that sends once, retries
that are recorded, failures the admins hear about, and pages only admins may use."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import psycopg2
import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.history import history_for
from core.locks import SCHEDULED_REPORT
from metrics.models import MetricValue, ScopeKind
from reports.models import ReportRun, RunStatus, ScheduledReport
from reports.schedules import Period, due_period, next_send_date, previous_period
from reports.services import schedules as services
from reports.tasks import run_due_scheduled_reports_task
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _schedule(admin, *, frequency="monthly", recipients=("board@example.org",), created=date(2025, 6, 1), **data):
    schedule = services.scheduled_report_create(
        actor=admin,
        data={
            "name": data.pop("name", f"{frequency.title()} key figures"),
            "kind": "portfolio_summary_xlsx",
            "frequency": frequency,
            "recipients": list(recipients),
            "scope": data.pop("scope", None),
        },
    )
    # As if it had been scheduled back then: a new schedule owes nothing for periods already over.
    ScheduledReport.objects.filter(pk=schedule.pk).update(
        created_at=datetime(created.year, created.month, created.day, 9, tzinfo=LONDON)
    )
    schedule.refresh_from_db()
    return schedule


def _at(year, month, day, hour=9):
    return datetime(year, month, day, hour, tzinfo=LONDON)


# --- Periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "today", "start", "end", "label"),
    [
        ("monthly", date(2026, 3, 15), date(2026, 2, 1), date(2026, 2, 28), "February 2026"),
        ("monthly", date(2026, 3, 1), date(2026, 2, 1), date(2026, 2, 28), "February 2026"),
        ("monthly", date(2024, 3, 1), date(2024, 2, 1), date(2024, 2, 29), "February 2024"),  # leap year
        ("monthly", date(2026, 1, 1), date(2025, 12, 1), date(2025, 12, 31), "December 2025"),  # year boundary
        ("monthly", date(2026, 12, 31), date(2026, 11, 1), date(2026, 11, 30), "November 2026"),
        ("quarterly", date(2026, 5, 20), date(2026, 1, 1), date(2026, 3, 31), "Q1 2026"),
        ("quarterly", date(2026, 4, 1), date(2026, 1, 1), date(2026, 3, 31), "Q1 2026"),
        ("quarterly", date(2026, 3, 31), date(2025, 10, 1), date(2025, 12, 31), "Q4 2025"),  # year boundary
        ("quarterly", date(2026, 1, 1), date(2025, 10, 1), date(2025, 12, 31), "Q4 2025"),
        ("quarterly", date(2026, 12, 15), date(2026, 7, 1), date(2026, 9, 30), "Q3 2026"),
    ],
)
def test_the_due_period_is_the_last_month_or_quarter_that_has_ended(frequency, today, start, end, label):
    period = previous_period(frequency, today)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_a_new_schedule_sends_first_after_its_first_period_ends():
    # Scheduled on 10 March: February ended before it existed, March is its first.
    created = date(2026, 3, 10)
    assert due_period("monthly", date(2026, 3, 31), created) is None
    assert due_period("monthly", date(2026, 4, 1), created) == Period("monthly", date(2026, 3, 1), date(2026, 3, 31))
    assert due_period("quarterly", date(2026, 3, 31), created) is None
    assert due_period("quarterly", date(2026, 4, 1), created).label == "Q1 2026"
    # Scheduled on the first of a month: the month before ended already.
    assert due_period("monthly", date(2026, 4, 1), date(2026, 4, 1)) is None


def test_next_send_date_is_today_while_a_due_period_is_unsent_else_the_next_period_end():
    created = date(2025, 1, 1)
    assert next_send_date("monthly", date(2026, 3, 15), created, last_period_start=None) == date(2026, 3, 15)
    assert next_send_date("monthly", date(2026, 3, 15), created, last_period_start=date(2026, 2, 1)) == date(2026, 4, 1)
    assert next_send_date("quarterly", date(2026, 11, 5), created, last_period_start=date(2026, 7, 1)) == date(
        2027, 1, 1
    )


# --- The hourly job -------------------------------------------------------------------------


def test_running_the_job_twice_sends_one_email_per_due_run(admin_user, run_jobs):
    monthly = _schedule(admin_user, recipients=["board@example.org", "cfo@example.org"])
    quarterly = _schedule(admin_user, frequency="quarterly", recipients=["funder@example.org"])
    MetricValue.objects.create(
        scope_kind=ScopeKind.PORTFOLIO,
        scope_id=0,
        key="publications",
        period=2026,
        value=Decimal(12),
        computed_at=timezone.now(),
    )

    for _ in range(2):
        with run_jobs():
            services.scheduled_reports_run_due(now=_at(2026, 4, 1))

    runs = {run.schedule_id: run for run in ReportRun.objects.all()}
    assert len(runs) == 2
    assert (runs[monthly.pk].period_start, runs[monthly.pk].period_end) == (date(2026, 3, 1), date(2026, 3, 31))
    assert (runs[quarterly.pk].period_start, runs[quarterly.pk].period_end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert {run.status for run in runs.values()} == {RunStatus.SENT}
    assert all(run.attempts == 1 and run.sent_at for run in runs.values())
    by_subject = {message.subject: message for message in mail.outbox}
    assert sorted(by_subject) == ["Monthly key figures: March 2026", "Quarterly key figures: Q1 2026"]
    message = by_subject["Monthly key figures: March 2026"]
    assert message.to == ["board@example.org", "cfo@example.org"]
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("key-figures-2026-03.xlsx", XLSX)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row}
    assert rows["Scope"] == ("Whole portfolio", None, None)
    assert rows["Publications"][0] == 12


def test_the_beat_task_run_twice_sends_once(admin_user, run_jobs):
    _schedule(admin_user, created=date(2024, 1, 1))

    for _ in range(2):
        with run_jobs():
            run_due_scheduled_reports_task.delay()

    assert len(mail.outbox) == 1
    run = ReportRun.objects.get()
    assert run.period_start == previous_period("monthly", timezone.localdate()).start
    assert run.status == RunStatus.SENT


def test_a_period_already_run_is_not_run_again_in_the_next_hours(admin_user, run_jobs):
    _schedule(admin_user)
    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1, 1))
    with run_jobs():
        assert services.scheduled_reports_run_due(now=_at(2026, 4, 20, 15)) == []
    with run_jobs():
        assert len(services.scheduled_reports_run_due(now=_at(2026, 5, 1, 1))) == 1  # April's
    assert [message.subject for message in mail.outbox] == [
        "Monthly key figures: March 2026",
        "Monthly key figures: April 2026",
    ]


def test_a_partners_report_holds_that_partners_figures(admin_user, acme, run_jobs):
    _schedule(admin_user, scope=acme, name="Acme quarterly")
    for scope_kind, scope_id, value in ((ScopeKind.ORGANIZATION, acme.pk, 3), (ScopeKind.PORTFOLIO, 0, 40)):
        MetricValue.objects.create(
            scope_kind=scope_kind,
            scope_id=scope_id,
            key="disclosures",
            period=2026,
            value=value,
            computed_at=timezone.now(),
        )
    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1))

    filename, content, _ = mail.outbox[0].attachments[0]
    assert filename == "key-figures-acme-robotics-2026-03.xlsx"
    rows = {row[0]: row[1:] for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)}
    assert rows["Scope"][0] == "Acme Robotics"
    assert rows["Invention disclosures"][0] == 3


@pytest.mark.parametrize(
    ("kind", "filename", "mimetype"),
    [
        ("portfolio_pdf", "portfolio-report-2026-q1.pdf", "application/pdf"),
        ("autm_xlsx", "autm-summary-2026-q1.xlsx", XLSX),
    ],
)
def test_the_portfolio_report_and_the_autm_summary_can_be_scheduled(admin_user, run_jobs, kind, filename, mimetype):
    schedule = _schedule(admin_user, frequency="quarterly")
    ScheduledReport.objects.filter(pk=schedule.pk).update(kind=kind)

    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1))

    assert ReportRun.objects.get().status == RunStatus.SENT
    [(name, content, sent_type)] = mail.outbox[0].attachments
    assert (name, sent_type) == (filename, mimetype)
    if mimetype == XLSX:
        assert "Summary" in openpyxl.load_workbook(io.BytesIO(content)).sheetnames
    else:
        assert content.startswith(b"%PDF")


def test_the_autm_summary_cannot_be_limited_to_one_partner(admin_user, acme, client_as):
    response = client_as(admin_user).post(reverse("reports:schedule-create"), _form(kind="autm_xlsx", scope=acme.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["scope"] == [
        "The AUTM annual summary (XLSX) covers the whole portfolio: leave the partner empty."
    ]
    assert not ScheduledReport.objects.exists()


def test_an_inactive_schedule_sends_nothing(admin_user, run_jobs):
    schedule = _schedule(admin_user)
    services.scheduled_report_deactivate(schedule=schedule, actor=admin_user)
    with run_jobs():
        assert services.scheduled_reports_run_due(now=_at(2026, 4, 1)) == []
    assert not ReportRun.objects.exists()
    assert mail.outbox == []


def test_a_run_queued_before_its_schedule_was_deactivated_is_not_sent(admin_user):
    schedule = _schedule(admin_user)
    run = ReportRun.objects.create(schedule=schedule, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31))
    services.scheduled_report_deactivate(schedule=schedule, actor=admin_user)

    services.report_run_deliver(run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == services.DEACTIVATED
    assert mail.outbox == []  # an admin stopped it: nobody needs telling


def test_a_run_whose_task_was_lost_is_queued_again_by_the_next_hourly_job(admin_user, run_jobs):
    schedule = _schedule(admin_user)
    run = ReportRun.objects.create(schedule=schedule, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31))
    ReportRun.objects.filter(pk=run.pk).update(created_at=_at(2026, 4, 1, 0))

    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1, 0) + timedelta(minutes=30))
    assert mail.outbox == []  # not yet: its task may just be waiting in the queue
    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1, 2))

    run.refresh_from_db()
    assert run.status == RunStatus.SENT
    assert len(mail.outbox) == 1


def test_a_run_queued_while_the_broker_was_down_is_sent_by_a_later_hourly_job(admin_user, run_jobs, monkeypatch):
    from reports.tasks import deliver_scheduled_report_task

    real_apply_async = deliver_scheduled_report_task.apply_async
    broker_up = False

    def apply_async(*args, **kwargs):
        if not broker_up:
            raise ConnectionError("Redis is down")
        return real_apply_async(*args, **kwargs)

    monkeypatch.setattr(deliver_scheduled_report_task, "apply_async", apply_async)
    _schedule(admin_user)
    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1, 0))
    assert ReportRun.objects.get().status == RunStatus.QUEUED
    ReportRun.objects.update(created_at=_at(2026, 4, 1, 0))

    broker_up = True
    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1, 2))

    assert ReportRun.objects.get().status == RunStatus.SENT
    assert len(mail.outbox) == 1


# --- Delivery -------------------------------------------------------------------------------


def _due_run(admin, **kwargs) -> ReportRun:
    schedule = _schedule(admin, **kwargs)
    return ReportRun.objects.create(schedule=schedule, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31))


def test_a_run_delivered_twice_sends_once(admin_user):
    run = _due_run(admin_user)

    services.report_run_deliver(run.pk)
    services.report_run_deliver(run.pk)

    assert len(mail.outbox) == 1
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.SENT, 1)


def test_a_run_another_worker_is_delivering_is_left_alone(admin_user):
    run = _due_run(admin_user)
    other_worker = psycopg2.connect(**connection.get_connection_params())
    try:
        with other_worker.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [SCHEDULED_REPORT, run.pk])
        assert services.report_run_deliver(run.pk) is None
    finally:
        other_worker.close()

    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.QUEUED, 0)
    assert mail.outbox == []


@pytest.fixture
def failing_build(monkeypatch):
    """The report builder fails the first `failures` times; it records the run as each attempt sees it."""
    seen = []

    def install(failures: int):
        from reports import summary

        real = summary.summary_workbook

        def build(**kwargs):
            run = ReportRun.objects.get()
            seen.append((run.status, run.attempts, run.error))
            if len(seen) <= failures:
                raise RuntimeError(f"metrics table locked ({len(seen)})")
            return real(**kwargs)

        monkeypatch.setattr(summary, "summary_workbook", build)
        return seen

    return install


def test_a_failing_report_is_retried_each_attempt_recorded_then_failed_and_admins_told(
    admin_user, staff_user, run_jobs, failing_build
):
    other_admin = UserFactory(username="omar-admin", role=Role.ADMIN)
    UserFactory(username="former-admin", role=Role.ADMIN, is_active=False)
    seen = failing_build(failures=99)
    _schedule(admin_user)

    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1))

    # Four attempts (the first and three retries); each saw the one before recorded on the run.
    assert seen == [
        (RunStatus.RUNNING, 1, ""),
        (RunStatus.RUNNING, 2, "RuntimeError: metrics table locked (1)"),
        (RunStatus.RUNNING, 3, "RuntimeError: metrics table locked (2)"),
        (RunStatus.RUNNING, 4, "RuntimeError: metrics table locked (3)"),
    ]
    run = ReportRun.objects.get()
    assert (run.status, run.attempts) == (RunStatus.FAILED, 4)
    assert run.error == "RuntimeError: metrics table locked (4)"
    assert run.finished_at is not None and run.sent_at is None
    [warning] = mail.outbox  # nothing went to the recipients
    assert warning.subject == "Scheduled report failed: Monthly key figures for March 2026"
    assert sorted(warning.to) == sorted([admin_user.email, other_admin.email])
    assert "metrics table locked (4)" in warning.body
    assert "board@example.org" not in warning.to


def test_a_report_that_fails_then_succeeds_is_sent_once_with_its_attempts_recorded(admin_user, run_jobs, failing_build):
    failing_build(failures=2)
    _schedule(admin_user)

    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1))

    run = ReportRun.objects.get()
    assert (run.status, run.attempts, run.error) == (RunStatus.SENT, 3, "")
    assert [message.to for message in mail.outbox] == [["board@example.org"]]


def test_when_the_mail_server_fails_the_run_is_not_marked_sent_and_is_retried(admin_user, run_jobs, monkeypatch):
    real_send = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(ReportRun.objects.get().status)
        if len(calls) == 1:
            raise ConnectionRefusedError("mail server down")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    _schedule(admin_user)

    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1))

    run = ReportRun.objects.get()
    assert (run.status, run.attempts) == (RunStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_report_whose_author_is_no_longer_an_admin_fails_at_once(admin_user, run_jobs):
    author = UserFactory(username="ex-admin", role=Role.ADMIN)
    _schedule(author)
    author.role = Role.STAFF
    author.save()

    with run_jobs():
        services.scheduled_reports_run_due(now=_at(2026, 4, 1))

    run = ReportRun.objects.get()
    assert (run.status, run.attempts) == (RunStatus.FAILED, 1)
    assert "no longer an administrator" in run.error
    assert [message.to for message in mail.outbox] == [[admin_user.email]]


def test_an_admin_can_send_a_failed_run_again(admin_user, client_as, run_jobs):
    run = _due_run(admin_user)
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, attempts=4, error="SMTP down")

    with run_jobs():
        response = client_as(admin_user).post(reverse("reports:run-retry", args=[run.pk]))

    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.attempts, run.error) == (RunStatus.SENT, 1, "")
    assert len(mail.outbox) == 1
    assert history_for(run.schedule, admin_user).first().action == "run retried"


def test_a_sent_run_cannot_be_sent_again(admin_user, client_as):
    run = _due_run(admin_user)
    services.report_run_deliver(run.pk)

    response = client_as(admin_user).post(reverse("reports:run-retry", args=[run.pk]), follow=True)

    assert "Only a failed run" in response.content.decode()
    assert len(mail.outbox) == 1


# --- Schedules: pages, validation, history --------------------------------------------------


def _form(**overrides):
    data = {
        "name": "Board pack",
        "kind": "portfolio_summary_xlsx",
        "frequency": "quarterly",
        "recipients": "board@example.org\ncfo@example.org, board@example.org",
        "scope": "",
    }
    return {**data, **overrides}


def test_an_admin_schedules_a_report_and_the_change_is_recorded(admin_user, client_as):
    response = client_as(admin_user).post(reverse("reports:schedule-create"), _form())

    assert response.status_code == 302
    schedule = ScheduledReport.objects.get()
    assert schedule.recipients == ["board@example.org", "cfo@example.org"]  # the repeat dropped
    assert (schedule.frequency, schedule.scope, schedule.created_by, schedule.active) == (
        "quarterly",
        None,
        admin_user,
        True,
    )
    entry = history_for(schedule, admin_user).get()
    assert (entry.action, entry.actor) == ("created", admin_user)
    assert entry.changes["recipients"] == {"old": "", "new": "board@example.org, cfo@example.org"}


def test_editing_a_schedule_records_old_and_new_values(admin_user, acme, client_as):
    schedule = _schedule(admin_user)
    url = reverse("reports:schedule-update", args=[schedule.pk])

    response = client_as(admin_user).post(
        url, _form(name="Acme pack", scope=acme.pk, recipients="liam@acme.example", version=schedule.version)
    )

    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.name, schedule.scope, schedule.recipients, schedule.version) == (
        "Acme pack",
        acme,
        ["liam@acme.example"],
        2,
    )
    changes = history_for(schedule, admin_user).first().changes
    assert changes["recipients"] == {"old": "board@example.org", "new": "liam@acme.example"}
    assert changes["partner"] == {"old": "", "new": "Acme Robotics"}
    assert changes["frequency"] == {"old": "Monthly", "new": "Quarterly"}


@pytest.mark.parametrize(
    ("recipients", "error"),
    [
        ("board@example.org\nnot-an-address", "Not an e-mail address: not-an-address."),
        ("board@example.org, =HYPERLINK(x)@", "Not an e-mail address: =HYPERLINK(x)@."),
        ("", "Give at least one e-mail address."),
        ("\n".join(f"person{n}@example.org" for n in range(21)), "At most 20 recipients: this has 21."),
    ],
)
def test_bad_recipients_are_a_field_error_and_change_nothing(admin_user, client_as, recipients, error):
    schedule = _schedule(admin_user)
    client = client_as(admin_user)

    created = client.post(reverse("reports:schedule-create"), _form(recipients=recipients))
    edited = client.post(
        reverse("reports:schedule-update", args=[schedule.pk]),
        _form(recipients=recipients, version=schedule.version),
    )

    for response in (created, edited):
        assert response.status_code == 200
        assert error in response.context["form"].errors["recipients"]
        assert recipients.split("\n")[0] in response.content.decode()  # what was typed is kept
    assert ScheduledReport.objects.count() == 1
    schedule.refresh_from_db()
    assert (schedule.recipients, schedule.version) == (["board@example.org"], 1)
    assert history_for(schedule, admin_user).count() == 1  # its creation only


def test_twenty_recipients_are_allowed(admin_user):
    schedule = _schedule(admin_user, recipients=[f"person{n}@example.org" for n in range(20)])
    assert len(schedule.recipients) == 20


def test_the_service_refuses_bad_recipients_too(admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        _schedule(admin_user, recipients=["board@example.org", "nobody"])
    assert "recipients" in error.value.message_dict
    assert not ScheduledReport.objects.exists()


def test_an_edit_from_a_stale_page_is_refused(admin_user, client_as):
    schedule = _schedule(admin_user)
    services.scheduled_report_update(
        schedule=schedule, actor=admin_user, data={"name": "Renamed"}, expected_version=schedule.version
    )

    response = client_as(admin_user).post(
        reverse("reports:schedule-update", args=[schedule.pk]), _form(version=schedule.version)
    )

    assert response.status_code == 200
    assert "Someone else changed this scheduled report" in response.content.decode()
    schedule.refresh_from_db()
    assert schedule.name == "Renamed"


def test_deactivating_a_schedule_is_recorded(admin_user, client_as):
    schedule = _schedule(admin_user)

    client_as(admin_user).post(
        reverse("reports:schedule-deactivate", args=[schedule.pk]), {"version": schedule.version}
    )

    schedule.refresh_from_db()
    assert not schedule.active
    entry = history_for(schedule, admin_user).first()
    assert (entry.action, entry.changes["active"]) == ("deactivated", {"old": "True", "new": "False"})


def test_the_reports_page_shows_admins_each_schedules_last_run_and_failures(admin_user, client_as):
    schedule = _schedule(admin_user)
    ReportRun.objects.create(
        schedule=schedule,
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        status=RunStatus.FAILED,
        attempts=4,
        error="SMTPServerDisconnected: Connection unexpectedly closed",
    )

    page = client_as(admin_user).get(reverse("reports:report-list")).content.decode()

    assert 'data-testid="scheduled-reports"' in page
    assert schedule.name in page
    assert "Connection unexpectedly closed" in page
    assert reverse("reports:run-retry", args=[ReportRun.objects.get().pk]) in page
    assert 'data-testid="audit-export"' in page


def test_the_reports_page_reads_schedules_in_a_fixed_number_of_queries(admin_user, client_as):
    client = client_as(admin_user)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:report-list")).status_code == 200
        return len(queries)

    _due_run(admin_user, name="First")
    one = count_queries()
    for n in range(4):
        _due_run(admin_user, name=f"More {n}")
    assert count_queries() == one


@pytest.mark.parametrize("role", ["staff", "viewer", "acme_liaison", "globex_liaison"])
def test_only_admins_may_use_scheduled_reports(role, personas, client_as):
    run = _due_run(personas["admin"])
    schedule = run.schedule
    client = client_as(personas[role])

    responses = [
        client.get(reverse("reports:schedule-create")),
        client.post(reverse("reports:schedule-create"), _form()),
        client.get(reverse("reports:schedule-update", args=[schedule.pk])),
        client.post(reverse("reports:schedule-update", args=[schedule.pk]), _form(version=1)),
        client.post(reverse("reports:schedule-deactivate", args=[schedule.pk])),
        client.post(reverse("reports:run-retry", args=[run.pk])),
    ]

    assert [response.status_code for response in responses] == [403] * 6
    assert ScheduledReport.objects.get().name == schedule.name
    assert ScheduledReport.objects.get().active
    page = client.get(reverse("reports:report-list")).content.decode()
    assert 'data-testid="scheduled-reports"' not in page
    assert 'data-testid="audit-export"' not in page


def test_the_schedule_services_refuse_non_admins(staff_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _schedule(staff_user)
