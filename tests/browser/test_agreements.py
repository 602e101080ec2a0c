from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Sign out").click()


def test_draft_review_change_and_approve(page, sign_in, screenshot, staff_user, acme_liaison, acme_partnership):
    due = (date.today() + timedelta(days=14)).isoformat()

    sign_in(staff_user)
    page.goto(f"/agreements/new/?partnership={acme_partnership.pk}")
    page.get_by_label("Title").fill("Grasping research agreement")
    page.get_by_label("Kind").select_option(label="Sponsored research")
    page.get_by_label("Preset").select_option(
        label="Lambert model 2: institution owns, sponsor may negotiate a licence"
    )
    page.get_by_label("Parties").select_option(label=["Acme Robotics", "Northbridge University"])
    page.get_by_role("button", name="Draft agreement").click()
    expect(page.get_by_role("heading", name="Grasping research agreement")).to_be_visible()
    page.get_by_role("tab", name="Terms").click()
    expect(page.get_by_test_id("terms-publication")).to_contain_text("30")

    page.get_by_role("tab", name="Reviews").click()
    page.get_by_label("Send to").select_option(label="Acme Robotics")
    page.get_by_label("Due").fill(due)
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Waiting for the partner")
    review_url = page.url
    sign_out(page)

    sign_in(acme_liaison)
    page.get_by_role("link", name="Reviews", exact=True).click()
    expect(page.get_by_role("heading", name="Reviews for Acme Robotics")).to_be_visible()
    page.get_by_test_id("reviews-waiting").get_by_role("link").first.click()
    page.get_by_label("About").select_option(label="Publication")
    page.get_by_label("Comment").fill("Our legal team needs 60 days to review manuscripts.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_test_id("comments")).to_contain_text("60 days")
    page.get_by_label("Decision").select_option(label="Request changes")
    page.get_by_role("button", name="Send decision").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Changes requested")
    sign_out(page)

    sign_in(staff_user)
    page.goto(review_url.split("/reviews/")[0] + "/edit/")
    page.get_by_label("Sponsor review period (days)").fill("60")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("was saved")).to_be_visible()
    page.get_by_role("tab", name="Reviews").click()
    page.get_by_label("Send to").select_option(label="Acme Robotics")
    page.get_by_label("Due").fill(due)
    page.get_by_role("button", name="Send for review").click()
    comparison = page.get_by_test_id("comparison")
    expect(comparison).to_contain_text("Changed since round 1")
    expect(comparison).to_contain_text("Sponsor review period (days)")
    expect(comparison).to_contain_text("60")
    screenshot("agreement-review-round-2-staff")
    sign_out(page)

    sign_in(acme_liaison)
    page.get_by_role("link", name="Reviews", exact=True).click()
    page.get_by_test_id("reviews-waiting").get_by_role("link").first.click()
    expect(page.get_by_test_id("comparison")).to_contain_text("Sponsor review period (days)")
    page.get_by_label("Decision").select_option(label="Approve")
    page.get_by_role("button", name="Send decision").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Approved")
    screenshot("agreement-review-approved-liaison")
