import time

import pytest
from playwright.sync_api import expect

from tests.reports.test_portfolio import portfolio  # noqa: F401 - the hand-built portfolio, metrics computed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHART_DRAWN = "(id) => window.Chart !== undefined && Chart.getChart(document.getElementById(id)) !== undefined"


def wait_until_drawn(page, canvas_id: str, timeout_s: float = 10.0) -> None:
    """Poll through page.evaluate, which the DevTools protocol runs outside the page's CSP:
    page.wait_for_function evaluates its predicate with eval() inside the page, which our
    `script-src 'self'` refuses (Chromium 156.0.8078.114 enforces it there)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(CHART_DRAWN, canvas_id):
        assert time.monotonic() < deadline, f"Chart.js never drew #{canvas_id}"
        page.wait_for_timeout(50)


def test_staff_open_acmes_report_for_2025_print_it_and_download_its_pdf(
    page,
    sign_in,
    screenshot,
    pick,
    staff_user,
    portfolio,  # noqa: F811
):
    sign_in(staff_user)
    page.goto("/reports/")
    form = page.get_by_test_id("portfolio-report-form")
    form.get_by_label("Year").select_option("2025")
    pick(form, "Partner", "acme", "Acme Robotics", exact=True)
    form.get_by_role("button", name="Open report").click()

    expect(page.get_by_role("heading", name="Portfolio report 2025")).to_be_visible()
    expect(page.get_by_test_id("report-scope")).to_contain_text("Partner: Acme Robotics")
    expect(page.get_by_test_id("figure-funding_committed")).to_have_text("100,000 GBP")
    # Chart.js drew both charts from the json_script data (no inline script: the CSP would refuse it).
    # The script is deferred, so wait for it rather than race it; a chart never drawn times out.
    for canvas in ("portfolio-trend-counts", "portfolio-trend-money"):
        wait_until_drawn(page, canvas)
    expect(page.locator("body")).not_to_contain_text("Globex")
    screenshot("reports-portfolio-acme-2025")

    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    screenshot("reports-portfolio-acme-2025-print")
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_test_id("report-pdf").click()
    download = download_info.value
    assert download.suggested_filename == "portfolio-2025-partner-acme-robotics.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
