"""Real Chromium through Playwright, against the live test server."""

import os

import pytest
from django.core.management import call_command

from demo import content as demo

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls
    # made by the tests themselves are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api")
    # CI's machine is small and busy; give assertions the same patience as actions.
    sync_api.expect.set_options(timeout=10_000)
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo_data(transactional_db, fast_password_hashing):
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def login(browser, live_server):
    """Open a fresh browser context logged in as `username`; returns its page."""
    contexts = []

    def log_in(username: str, password: str = demo.DEMO_PASSWORD):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1600, "height": 1000})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username or e-mail address").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield log_in
    for context in contexts:
        context.close()
