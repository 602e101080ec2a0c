"""Playwright driving Debian's Chromium against the live test server.

Any console error (a CSP violation included) fails the test. Screenshots go to
test-artifacts/screenshots/ (git-ignored) for a person to look at.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls our tests make
    # between browser steps are safe because nothing else shares the connection.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()


@pytest.fixture
def console_errors():
    """Errors the page logged. A test that provokes one on purpose (a 404) removes it."""
    return []


@pytest.fixture
def page(browser, live_server, console_errors):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    yield page
    context.close()
    assert console_errors == [], f"console errors (CSP violations included): {console_errors}"


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(page):
    from tests.accounts.factories import PASSWORD

    def sign_in_as(user):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")

    return sign_in_as


@pytest.fixture
def pick():
    """Choose `choice` (default `text`) in a searchable picker (core/widgets.py) by typing `text`."""

    def pick_in(scope, label: str, text: str, choice: str | None = None, *, exact: bool = False):
        box = scope.get_by_label(label, exact=exact)
        box.fill(text)
        box.page.locator("ul[role=listbox]").get_by_role("option", name=choice or text, exact=True).click()

    return pick_in
