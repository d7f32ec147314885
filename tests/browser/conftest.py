"""Playwright on headless Debian Chromium against the live test server.

Fixtures: `page` (a fresh browser context per test), `live_url`, and `login(page, username, password)`.
`login` passes the second factor (issue 12) the way a person does: a user who needs it gets a confirmed
TOTP device, and the code an authenticator app would show (django_otp.oath) is typed into the page.
"""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one
# unless told that this is a test process where that is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TEST_PASSWORD = "Test@12345678"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium chromium-driver")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server):
    return live_server.url


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1400, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _second_factor(page, username):
    from django.contrib.auth import get_user_model

    from addons.tiepdan_case.tests.second_factor import code_for, enrol

    device = enrol(get_user_model().objects.get(username=username))
    if "/dang-ky/" in page.url:  # first sign-in: enrolled now, so the page turns into the verification page
        page.reload()
    page.fill("input[name=code]", code_for(device))
    page.locator("#second-factor-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "/tai-khoan/xac-thuc/" not in page.url, f"second factor failed for {username}: {page.url}"


@pytest.fixture
def login(live_url):
    def do_login(page, username, password=TEST_PASSWORD):
        page.context.clear_cookies()
        page.goto(f"{live_url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.locator("form button[type=submit], form input[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        assert "/login/" not in page.url, f"login failed for {username}: still on {page.url}"
        if "/tai-khoan/xac-thuc/" in page.url:
            _second_factor(page, username)
        return page

    return do_login
