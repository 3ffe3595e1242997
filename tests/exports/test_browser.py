"""In Chromium: click Export PDF, watch the progress, download the file; the PDF names every stage.

Needs a real worker, so it runs with PostgreSQL and Redis: `DATABASE_URL=... REDIS_URL=...
pytest -m browser tests/exports/test_browser.py`.
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import needs_worker
from .helpers import pdf_text

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def export_pdf_in_chromium(base_url: str, session_cookie: dict, journey_id: int) -> tuple[str, bytes]:
    """Open the map's export page, click Export PDF, watch the progress, download: (file name, bytes).

    Runs in a thread of its own: the browser tests' session Chromium (tests/browser) keeps
    Playwright's event loop running in the main thread, where a second sync Playwright refuses to
    start. Nothing here touches the database.
    """
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True)
        context.set_default_timeout(10_000)
        try:
            context.add_cookies([{**session_cookie, "url": base_url}])
            page = context.new_page()
            page.goto(f"{base_url}/exports/maps/{journey_id}/")

            page.get_by_role("button", name="Export PDF").click()

            progress = page.get_by_role("progressbar", name="PDF export progress")
            expect(progress).to_be_visible()
            download_link = page.get_by_role("link", name="Download PDF")
            expect(download_link).to_be_visible(timeout=90_000)
            expect(progress).to_have_count(0)
            with page.expect_download() as download_info:
                download_link.click()
            download = download_info.value
            return download.suggested_filename, Path(download.path()).read_bytes()
        finally:
            context.close()
            browser.close()


@pytest.mark.browser
@needs_worker
@pytest.mark.django_db(transaction=True)
def test_member_exports_a_pdf_from_the_browser_and_downloads_it(celery_worker, live_server, client, rich_map, team):
    client.force_login(team.viewer)  # exporting reads the map: a viewer may do it
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}

    with ThreadPoolExecutor(max_workers=1) as thread:
        name, data = thread.submit(export_pdf_in_chromium, live_server.url, cookie, rich_map.pk).result()

    assert name.endswith(".pdf")
    text = pdf_text(data)
    for stage in rich_map.stages.all():
        assert stage.name in text
