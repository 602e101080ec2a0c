"""/api/v1/exports/: start an export of a list, follow it, download it."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from agreements.models import AgreementStatus
from reports.api import CONTENT_TYPES
from reports.models import ExportJob, JobStatus
from tests.agreements.factories import AgreementFactory
from tests.api.openapi import assert_conforms

pytestmark = pytest.mark.django_db


def _start(client, **body):
    return client.post(reverse("export-list"), body, content_type="application/json")


def test_an_api_client_exports_filtered_agreements_as_xlsx(
    client_as, staff_user, acme_partnership, globex_partnership, run_jobs
):
    AgreementFactory(partnership=acme_partnership, status=AgreementStatus.EXECUTED, reference="AGR-API-1")
    AgreementFactory(partnership=globex_partnership, status=AgreementStatus.DRAFT, reference="AGR-API-2")
    client = client_as(staff_user)

    with run_jobs():
        started = _start(client, table="agreements", format="xlsx", filters={"status": ["executed"]})

    assert started.status_code == 202
    job = client.get(reverse("export-detail", args=[started.json()["id"]])).json()
    assert (job["status"], job["rows_done"], job["percent"]) == ("done", 1, 100)
    assert job["download_url"].endswith(reverse("export-download", args=[job["id"]]))
    download = client.get(job["download_url"])
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["AGR-API-1"]


def test_a_liaisons_api_export_has_nothing_of_a_rivals(
    client_as, acme_liaison, acme_agreement, globex_agreement, run_jobs
):
    client = client_as(acme_liaison)
    with run_jobs():
        started = _start(client, table="agreements", format="csv")
    download = client.get(reverse("export-download", args=[started.json()["id"]]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [acme_agreement.reference]


def test_the_tables_endpoint_lists_each_table_with_its_columns(client_as, viewer_user):
    tables = {table["key"]: table for table in client_as(viewer_user).get(reverse("export-tables")).json()}
    assert tables["agreements"]["columns"][:2] == ["Reference", "Title"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"table": "salaries", "format": "csv"}, "table"),
        ({"table": "agreements", "format": "pdf"}, "format"),
        ({"table": "agreements", "format": "csv", "filters": {"status": {"nested": 1}}}, "filters"),
    ],
)
def test_bad_requests_are_refused_with_the_field_and_start_nothing(client_as, staff_user, body, field):
    response = _start(client_as(staff_user), **body)
    assert response.status_code == 400
    assert field in str(response.json())
    assert not ExportJob.objects.exists()


def test_a_job_not_ready_yet_answers_gone_not_a_file(
    client_as, staff_user, acme_agreement, django_capture_on_commit_callbacks
):
    client = client_as(staff_user)
    with django_capture_on_commit_callbacks(execute=False):
        started = _start(client, table="agreements", format="csv")
    assert started.json()["status"] == JobStatus.QUEUED
    assert started.json()["download_url"] is None
    assert client.get(reverse("export-download", args=[started.json()["id"]])).status_code == 410


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_download_answers_a_content_type_the_schema_documents(
    client_as, staff_user, acme_agreement, run_jobs, export_format
):
    # The schema said application/octet-stream while the file came as text/csv or XLSX.
    with run_jobs():
        started = _start(client_as(staff_user), table="agreements", format=export_format)
    job_id = started.json()["id"]
    assert ExportJob.objects.get(pk=job_id).status == JobStatus.DONE
    download = assert_conforms(staff_user, "GET", "/api/v1/exports/{id}/download/", path_parameters={"id": job_id})
    assert download.status_code == 200
    assert download.headers["content-type"][0].startswith(CONTENT_TYPES[export_format])
