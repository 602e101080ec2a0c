import openpyxl
import pytest
from playwright.sync_api import expect

from agreements.models import AgreementStatus
from core import jobs
from reports import services, tasks
from reports.models import ExportJob
from tests.agreements.factories import AgreementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(monkeypatch):
    """Stands in for Redis: holds the export jobs the app sends until the test runs them."""
    queued = []
    send = jobs.send

    def hold_exports(task, *args):
        if task is tasks.run_export_task:
            queued.extend(args)
            return True
        return send(task, *args)

    monkeypatch.setattr(jobs, "send", hold_exports)
    return queued


def test_an_admin_exports_filtered_agreements_as_xlsx_through_the_job(
    page, sign_in, screenshot, admin_user, acme_partnership, globex_partnership, broker
):
    for number in range(3):
        AgreementFactory(partnership=acme_partnership, status=AgreementStatus.EXECUTED, reference=f"AGR-EXEC-{number}")
    AgreementFactory(partnership=globex_partnership, status=AgreementStatus.DRAFT, reference="AGR-DRAFT-1")

    sign_in(admin_user)
    page.goto("/agreements/?status=executed")
    expect(page.get_by_test_id("result-count")).to_have_text("3 results")
    page.get_by_test_id("export-menu").get_by_role("button", name="Export").click()
    page.get_by_test_id("export-xlsx").click()

    # On /reports/, the job waits with its progress bar; the page polls for progress.
    page.wait_for_url("**/reports/**")
    job = page.get_by_test_id("export-job").first
    expect(job).to_have_attribute("data-status", "queued")
    expect(job.locator("progress")).to_be_visible()
    expect(job).to_contain_text("Status: Executed")
    screenshot("reports-export-queued")

    # The worker's turn: it writes the file while the page keeps polling.
    assert broker == [ExportJob.objects.get().pk]
    services.export_run(broker.pop())
    expect(job).to_have_attribute("data-status", "done", timeout=5_000)
    expect(job).to_contain_text("3 rows")
    screenshot("reports-export-ready")

    with page.expect_download() as download_info:
        job.get_by_test_id("export-download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as downloaded:  # saved without an extension: open it as a stream
        sheet = openpyxl.load_workbook(downloaded).active
    references = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert references == ["AGR-EXEC-0", "AGR-EXEC-1", "AGR-EXEC-2"]
