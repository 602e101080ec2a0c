import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("persona", "role_label", "scope"),
    [
        ("admin_user", "Admin", "Whole portfolio"),
        ("staff_user", "Staff", "Whole portfolio"),
        ("viewer_user", "Viewer", "Whole portfolio"),
        ("acme_liaison", "Partner liaison", "Shared with your organization"),
        ("globex_liaison", "Partner liaison", "Shared with your organization"),
    ],
)
def test_each_role_signs_in_and_sees_the_dashboard(request, page, sign_in, screenshot, persona, role_label, scope):
    user = request.getfixturevalue(persona)
    sign_in(user)
    expect(page.get_by_test_id("user-role")).to_have_text(role_label)
    expect(page.get_by_test_id("dashboard-scope")).to_have_text(scope)
    expect(page.get_by_role("link", name="Admin")).to_have_count(1 if persona == "admin_user" else 0)
    screenshot(f"dashboard-{persona}")


def test_wrong_password_is_explained_on_the_form(page, staff_user, screenshot):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
    expect(page.get_by_label("Username")).to_have_value(staff_user.username)
    screenshot("login-error")


def test_signing_out_returns_to_the_login_page(page, sign_in, staff_user):
    sign_in(staff_user)
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
