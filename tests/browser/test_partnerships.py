import re

import pytest
from playwright.sync_api import expect

from tests.partnerships.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_builds_a_consortium_and_only_its_members_liaisons_see_it(
    page, console_errors, sign_in, screenshot, pick, staff_user, acme_liaison, globex_liaison, university, acme, globex
):
    OrganizationFactory(name="Initech Materials")
    OrganizationFactory(name="Vantage Semiconductors")
    OrganizationFactory(name="National Research Council", kind="government_funder")

    sign_in(staff_user)
    page.get_by_role("link", name="Partnerships").first.click()
    page.get_by_role("link", name="New partnership").click()
    page.get_by_label("Title").fill("Recyclable polymers consortium")
    page.get_by_label("Model").select_option(label="Consortium")
    pick(page, "Academic lead", "North", "Northbridge University")
    # A multiple picker: each pick adds a removable button; a mistaken one is taken off again.
    for name in ("Acme Robotics", "Initech Materials", "Globex Analytics", "Vantage Semiconductors"):
        pick(page, "Other members", name.split()[0], name)
    page.get_by_role("button", name="Remove Globex Analytics").click()
    expect(page.get_by_role("button", name="Remove Globex Analytics")).to_have_count(0)
    expect(page.get_by_role("button", name="Remove Vantage Semiconductors")).to_be_visible()
    screenshot("partnership-create-member-pickers")
    page.get_by_label("Their role").select_option(label="Consortium member")
    page.get_by_label("Objectives").fill("Pre-competitive research on recyclable polymers.")
    page.get_by_label("Internal notes").fill("Initech may leave after year one.")
    page.get_by_role("button", name="Create partnership").click()

    expect(page.get_by_role("heading", name="Recyclable polymers consortium")).to_be_visible()
    members = page.get_by_test_id("members")
    for name in ("Northbridge University", "Acme Robotics", "Initech Materials", "Vantage Semiconductors"):
        expect(members).to_contain_text(name)

    # The funder joins inline (htmx), without leaving the page.
    # By keyboard: type, arrow down to the only match, Enter picks it (and does not submit).
    organization = page.locator("#members").get_by_label("Organization")
    organization.fill("national res")
    matches = page.locator("#members ul[role=listbox] [role=option]")
    expect(matches).to_have_count(1)
    expect(matches).to_have_text("National Research Council")
    organization.press("ArrowDown")
    organization.press("Enter")
    expect(organization).to_have_value("National Research Council")
    page.locator("#members").get_by_label("Role").select_option(label="Funder")
    page.get_by_role("button", name="Add member").click()
    expect(members).to_contain_text("National Research Council")

    page.get_by_role("tab", name="Milestones").click()
    page.locator("#milestones").get_by_label("Title").fill("Kick-off workshop")
    page.locator("#milestones").get_by_label("Due").fill("2020-01-15")
    page.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_test_id("milestones")).to_contain_text("Kick-off workshop")
    expect(page.get_by_test_id("milestones")).to_contain_text("Overdue")

    for source, mechanism, amount in (
        ("Acme Robotics", "Consortium fee", "100000"),
        ("National Research Council", "Matching funds", "50000"),
    ):
        page.get_by_role("tab", name="Funding").click()
        page.get_by_role("link", name="Add funding").click()
        pick(page, "Source", source.split()[0], source)
        page.get_by_label("Mechanism").select_option(label=mechanism)
        page.get_by_label("Amount").fill(amount)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Funding saved.")).to_be_visible()

    page.get_by_role("tab", name="Funding").click()
    expect(page.get_by_test_id("total-committed")).to_have_text("150,000.00 GBP")
    expect(page.get_by_test_id("total-leverage")).to_have_text("0.50×")
    screenshot("partnership-consortium-funding")

    # The list's filter picker: picking a member filters at once (htmx), the URL follows, and
    # the reloaded page shows the choice by name.
    # (Screenshots before an htmx swap only where it swaps no input: Playwright leaves style="" on
    # inputs, which htmx's settle copies, and the CSP refuses.)
    page.goto("/partnerships/")
    page.get_by_label("Member", exact=True).fill("ini")
    expect(page.locator("ul[role=listbox] [role=option]")).to_have_text(["Initech Materials"])
    screenshot("partnership-list-member-picker-open")
    pick(page, "Member", "initech", "Initech Materials")
    expect(page).to_have_url(re.compile(r"member=\d+"))
    expect(page.locator("#results")).to_contain_text("Recyclable polymers consortium")
    page.reload()
    expect(page.get_by_label("Member", exact=True)).to_have_value("Initech Materials")
    screenshot("partnership-list-member-filter")

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Sign out").click()

    sign_in(acme_liaison)
    page.goto("/partnerships/")
    page.get_by_role("link", name="Recyclable polymers consortium").click()
    expect(page.get_by_test_id("members")).to_contain_text("Initech Materials")
    expect(page.get_by_test_id("internal-notes")).to_have_count(0)
    expect(page.get_by_text("Initech may leave")).to_have_count(0)
    page.get_by_role("tab", name="Funding").click()
    expect(page.get_by_test_id("total-committed")).to_have_text("100,000.00 GBP")  # Acme's own, not the council's
    screenshot("partnership-consortium-acme-liaison")
    detail_url = page.url

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(globex_liaison)
    page.goto("/partnerships/")
    expect(page.get_by_role("link", name="Recyclable polymers consortium")).to_have_count(0)
    response = page.goto(detail_url)
    assert response.status == 404
    assert console_errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    console_errors.clear()
    screenshot("partnership-consortium-globex-liaison-404")


def test_a_partners_agreements_load_when_their_tab_is_opened(
    page, console_errors, sign_in, screenshot, staff_user, acme, acme_partnership
):
    from tests.agreements.factories import AgreementFactory

    agreement = AgreementFactory(partnership=acme_partnership, title="Gripper trials")
    sign_in(staff_user)
    loaded = []
    page.on("request", lambda request: "/tabs/" in request.url and loaded.append(request.url))
    page.goto(f"/partners/{acme.pk}/")
    expect(page.get_by_role("tab", name="Agreements 1")).to_be_visible()
    assert loaded == []  # hidden tabs wait until they are shown

    page.get_by_role("tab", name="Agreements 1").click()
    table = page.get_by_test_id("agreements")
    expect(table).to_contain_text(agreement.reference)
    expect(table).to_contain_text("Gripper trials")
    assert [url.split("/tabs/")[1] for url in loaded] == ["agreements/"]
    screenshot("partner-agreements-tab")
    assert console_errors == []


def test_a_tab_opened_after_the_session_ended_sends_the_page_to_sign_in(
    page, console_errors, sign_in, staff_user, acme
):
    sign_in(staff_user)
    page.goto(f"/partners/{acme.pk}/")
    page.context.clear_cookies()  # the session ends, as after two idle hours

    page.get_by_role("tab", name=re.compile("Agreements")).click()

    page.wait_for_url(f"**/accounts/login/?next=%2Fpartners%2F{acme.pk}%2F")
    expect(page.get_by_label("Username")).to_be_visible()
    assert console_errors == []
