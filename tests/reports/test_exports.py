"""Exports of lists: what the list shows for that user, streamed or prepared as a job."""

import io

import openpyxl
import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import AgreementStatus
from core.locks import EXPORT_JOB, try_advisory_lock
from reports import services
from reports.models import ExportJob, JobStatus
from tests.agreements.factories import AgreementFactory
from tests.reports.conftest import read_csv

AGREEMENT_HEADER = [
    "Reference",
    "Title",
    "Kind",
    "Status",
    "Partnership",
    "Parties",
    "Value",
    "Currency",
    "Effective",
    "Expires",
    "Ball with",
    "Owner",
]
pytestmark = pytest.mark.django_db


def _export_url(key="agreements"):
    return reverse("reports:export", args=[key])


def test_csv_export_holds_exactly_the_filtered_rows_with_names(
    client_as, staff_user, acme_partnership, globex_partnership
):
    executed = AgreementFactory(partnership=acme_partnership, status=AgreementStatus.EXECUTED, reference="AGR-1")
    AgreementFactory(partnership=globex_partnership, status=AgreementStatus.DRAFT, reference="AGR-2")

    rows = read_csv(client_as(staff_user).get(_export_url(), {"status": "executed"}))

    assert rows[0] == AGREEMENT_HEADER
    assert [row[0] for row in rows[1:]] == ["AGR-1"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Status"] == "Executed"
    assert row["Partnership"] == acme_partnership.title
    parties = sorted(member.organization.name for member in acme_partnership.members.all())
    assert row["Parties"] == "; ".join(parties)
    owner = executed.owner
    assert row["Owner"] == (owner.get_full_name() or owner.username)


def test_csv_export_follows_the_lists_sort_order(client_as, staff_user, acme_partnership):
    for reference in ("AGR-B", "AGR-C", "AGR-A"):
        AgreementFactory(partnership=acme_partnership, reference=reference)
    rows = read_csv(client_as(staff_user).get(_export_url(), {"ordering": "-reference"}))
    assert [row[0] for row in rows[1:]] == ["AGR-C", "AGR-B", "AGR-A"]


def test_a_liaisons_export_has_nothing_of_a_rivals(
    client_as, acme_liaison, acme_partnership, globex_partnership, acme_agreement, globex_agreement
):
    rows = read_csv(client_as(acme_liaison).get(_export_url()))
    references = {row[0] for row in rows[1:]}
    assert acme_agreement.reference in references
    assert globex_agreement.reference not in references
    assert all("Globex" not in cell for row in rows for cell in row)


def test_formulas_in_cells_are_exported_inert(client_as, staff_user, acme_partnership):
    AgreementFactory(partnership=acme_partnership, title='=HYPERLINK("http://evil.example","Click")')
    rows = read_csv(client_as(staff_user).get(_export_url()))
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","Click")' in titles
    assert not any(title.startswith("=") for title in titles)


def test_export_queries_do_not_grow_with_rows(client_as, staff_user, acme_partnership, django_assert_num_queries):
    client = client_as(staff_user)
    AgreementFactory(partnership=acme_partnership)
    with CaptureQueriesContext(connection) as one:
        read_csv(client.get(_export_url()))
    AgreementFactory.create_batch(30, partnership=acme_partnership)
    # Parties and owners are joined in SQL: the same queries for 1 row and for 31.
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(read_csv(client.get(_export_url()))) == 32


def test_an_unknown_list_is_not_found(client_as, staff_user):
    assert client_as(staff_user).get(_export_url("salaries")).status_code == 404


def test_a_large_csv_export_is_offered_as_a_job(client_as, staff_user, acme_partnership, monkeypatch):
    monkeypatch.setattr(services, "STREAM_LIMIT", 1)
    AgreementFactory.create_batch(2, partnership=acme_partnership)
    response = client_as(staff_user).get(_export_url(), {"status": "draft"})
    assert response.status_code == 200
    assert b"Prepare the export" in response.content
    assert response.context["count"] == 2
    assert response.context["params"] == "status=draft"


def test_xlsx_export_runs_as_a_job_and_downloads(client_as, staff_user, acme_partnership, globex_partnership, run_jobs):
    AgreementFactory(partnership=acme_partnership, status=AgreementStatus.EXECUTED, reference="AGR-X1", value=1200)
    AgreementFactory(partnership=globex_partnership, status=AgreementStatus.DRAFT, reference="AGR-X2")
    client = client_as(staff_user)

    with run_jobs():
        response = client.post(
            reverse("reports:export-create"),
            {"table": "agreements", "format": "xlsx", "params": "status=executed&page=3"},
        )

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert (job.status, job.rows_total, job.rows_done, job.attempts) == (JobStatus.DONE, 1, 1, 1)
    assert job.description == "Status: Executed"
    page = client.get(reverse("reports:report-list"))
    assert reverse("reports:export-download", args=[job.pk]).encode() in page.content
    download = client.get(reverse("reports:export-download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == AGREEMENT_HEADER
    assert [row[0] for row in rows[1:]] == ["AGR-X1"]
    assert rows[1][6] == 1200  # numbers stay numbers


def test_someone_elses_export_is_not_found(client_as, staff_user, viewer_user, acme_agreement):
    job = services.export_start(user=staff_user, table_key="agreements", export_format="csv")
    assert client_as(viewer_user).get(reverse("reports:export-download", args=[job.pk])).status_code == 404
    assert job not in ExportJob.objects.visible_to(viewer_user)


def test_a_job_delivered_twice_writes_once(staff_user, acme_agreement, run_jobs):
    with run_jobs():
        job = services.export_start(user=staff_user, table_key="agreements", export_format="csv")
    job.refresh_from_db()
    finished_at = job.finished_at
    assert services.export_run(job.pk) is None  # already done: nothing happens
    job.refresh_from_db()
    assert (job.attempts, job.finished_at) == (1, finished_at)


def test_a_job_another_worker_is_writing_is_left_alone(staff_user, acme_agreement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_start(user=staff_user, table_key="agreements", export_format="csv")
    # The lock is per session; a second connection stands in for the other worker.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [EXPORT_JOB, job.pk])
            assert services.export_run(job.pk) is None
            job.refresh_from_db()
            assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [EXPORT_JOB, job.pk])  # that worker is done
    finally:
        other.close()
    with try_advisory_lock(EXPORT_JOB, job.pk) as mine:
        assert mine
    assert services.export_run(job.pk).status == JobStatus.DONE


def test_a_job_whose_worker_keeps_dying_is_given_up(staff_user, acme_agreement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_start(user=staff_user, table_key="agreements", export_format="csv")
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=services.MAX_ATTEMPTS)
    assert services.export_run(job.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "could not be written" in job.error


def test_a_failing_export_is_recorded_as_failed(staff_user, acme_agreement, run_jobs, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("reports.services.exports.write_csv", broken)
    with run_jobs():
        job = services.export_start(user=staff_user, table_key="agreements", export_format="csv")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "disk full" not in job.error  # the user reads a sentence, the log has the details


def test_expired_exports_lose_their_file_and_say_so(client_as, staff_user, acme_agreement, run_jobs):
    with run_jobs():
        job = services.export_start(user=staff_user, table_key="agreements", export_format="csv")
    job.refresh_from_db()
    path = job.file.path
    ExportJob.objects.filter(pk=job.pk).update(expires_at=job.finished_at)
    assert services.exports_expire() == 1
    assert services.exports_expire() == 0
    import os

    assert not os.path.exists(path)
    response = client_as(staff_user).get(reverse("reports:export-download", args=[job.pk]))
    assert response.status_code == 410
    assert b"expired" in response.content


def test_bad_format_is_refused_and_changes_nothing(client_as, staff_user):
    response = client_as(staff_user).post(
        reverse("reports:export-create"), {"table": "agreements", "format": "pdf"}, follow=True
    )
    assert b"Choose CSV or XLSX" in response.content
    assert not ExportJob.objects.exists()


def test_the_reports_page_polls_while_an_export_is_prepared(
    client_as, staff_user, acme_agreement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.export_start(user=staff_user, table_key="agreements", export_format="xlsx")
    page = client_as(staff_user).get(reverse("reports:report-list"))
    assert b'hx-trigger="every 1s"' in page.content
    assert b"<progress" in page.content
