"""In Chromium: click Export PDF, watch the progress, download the file; the PDF names every stage.

Needs a real worker, so it runs with PostgreSQL and Redis: `DATABASE_URL=... REDIS_URL=...
pytest -m browser tests/exports/test_browser.py`.
"""

from pathlib import Path

import pytest
from django.conf import settings

from .conftest import needs_worker
from .helpers import pdf_text

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True)
        try:
            yield context
        finally:
            context.close()
            browser.close()
            # Queries made while Playwright runs use a connection of their own context: hand it back.
            from django.db import connections

            connections.close_all()


@pytest.mark.browser
@needs_worker
@pytest.mark.django_db(transaction=True)
def test_member_exports_a_pdf_from_the_browser_and_downloads_it(
    celery_worker, live_server, browser_page, client, rich_map, team
):
    from playwright.sync_api import expect

    client.force_login(team.viewer)  # exporting reads the map: a viewer may do it
    browser_page.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = browser_page.new_page()
    page.goto(f"{live_server.url}/exports/maps/{rich_map.pk}/")

    page.get_by_role("button", name="Export PDF").click()

    expect(page.get_by_role("progressbar", name="PDF export progress")).to_be_visible()
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=90_000)
    expect(page.get_by_role("progressbar", name="PDF export progress")).to_have_count(0)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    text = pdf_text(Path(download.path()).read_bytes())
    for stage in rich_map.stages.all():
        assert stage.name in text
