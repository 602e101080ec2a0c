import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_record_a_licence_with_income_and_only_its_partners_see_it_on_the_dashboard(
    page, sign_in, screenshot, pick, staff_user, acme_liaison, globex_liaison, acme_partnership, globex_partnership
):
    today = datetime.date.today().isoformat()
    sign_in(staff_user)
    page.get_by_role("link", name="Outputs").first.click()
    page.get_by_role("link", name="New output").click()
    pick(page, "Partnership", "robot", "Acme robot grasping")
    page.get_by_label("Kind").select_option(label="Licence executed")
    page.get_by_label("Title").fill("Tactile gripper licence")
    page.get_by_label("Date").fill(today)
    pick(page, "Licensee", "Acme Robotics")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Tactile gripper licence")).to_be_visible()

    page.get_by_label("Received").fill(today)
    page.get_by_label("Type").select_option(label="Issue fee")
    page.get_by_label("Amount").fill("43210")
    page.get_by_role("button", name="Record income").click()
    expect(page.get_by_test_id("income-total")).to_have_text("£43,210.00")
    screenshot("metrics-licence-income")

    # The change is recomputed after commit; the dashboard shows it within seconds.
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_test_id("figure-licence_income")).to_have_text("£43,210", timeout=5_000)
    expect(page.get_by_test_id("figure-licences_options")).to_have_text("1")
    expect(page.locator("#trend-money")).to_be_visible()
    screenshot("metrics-dashboard-staff")

    page.context.clear_cookies()
    sign_in(acme_liaison)
    expect(page.get_by_test_id("figure-licence_income")).to_have_text("£43,210")
    screenshot("metrics-dashboard-acme-liaison")

    page.context.clear_cookies()
    sign_in(globex_liaison)
    expect(page.get_by_test_id("figure-licence_income")).to_have_text("£0")
    expect(page.locator("body")).not_to_contain_text("43,210")
    expect(page.locator("body")).not_to_contain_text("Acme robot grasping")
    screenshot("metrics-dashboard-globex-liaison")
