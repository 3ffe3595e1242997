"""In Chromium: import an OpenJourney file from the import page, watch it run in a real worker, read what
became of its nodes, and open the new map's board.

Needs a real worker, so it runs with PostgreSQL and Redis (as tests/exports/test_browser.py)."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from exports.models import ImportJob, ImportKind, JobStatus

from .conftest import needs_worker
from .test_browser import CHROMIUM, CHROMIUM_ARGS

SAMPLE = Path(__file__).parent / "openjourney" / "bike-repair.ojf"


def import_ojf_in_chromium(base_url: str, session_cookie: dict) -> dict:
    """Choose "OpenJourney file", upload, import by keyboard; returns what the import and board pages show."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.set_default_timeout(10_000)
        try:
            context.add_cookies([{**session_cookie, "url": base_url}])
            page = context.new_page()
            page.goto(f"{base_url}/")
            page.get_by_role("link", name="Import a map").click()
            page.get_by_role("radio", name="OpenJourney file (.ojf)").check()
            page.get_by_label("File to import").set_input_files(str(SAMPLE))
            page.get_by_role("button", name="Import", exact=True).focus()
            page.keyboard.press("Enter")

            status = page.get_by_role("status")
            expect(status).to_contain_text("9 touchpoints imported.", timeout=60_000)
            report = page.get_by_role("region", name="What became of the file")
            summary = report.inner_text()
            report.get_by_text("Node by node").click()
            table = page.get_by_role("table", name="Each node of the file and what it became")
            rows = [row.inner_text() for row in table.get_by_role("row").all()]

            page.get_by_role("link", name="Open “Bike repair").click()
            expect(page.get_by_role("heading", level=1)).to_contain_text("Bike repair")
            card = page.get_by_role("link", name="Book online", exact=True)
            expect(card).to_be_visible()
            return {"summary": summary, "rows": rows, "board": page.content()}
        finally:
            context.close()
            browser.close()


@pytest.mark.browser
@needs_worker
@pytest.mark.django_db(transaction=True)
def test_editor_imports_an_openjourney_file_and_opens_the_new_map(celery_worker, live_server, client, team):
    client.force_login(team.editor)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    with ThreadPoolExecutor(max_workers=1) as thread:
        seen = thread.submit(import_ojf_in_chromium, live_server.url, cookie).result()

    job = ImportJob.objects.get()
    assert (job.kind, job.status, job.created_by) == (ImportKind.OJF_MAP, JobStatus.SUCCEEDED, team.editor)
    assert "9 nodes became cards" in seen["summary"] and "1 was skipped" in seen["summary"]
    assert len(seen["rows"]) == 13  # the header and a row per node
    assert "Skipped" in seen["rows"][11]
    for title in ("Chain slips on a hill", "No slot this week", "Riding again"):
        assert title in seen["board"]
    assert "Cassette wear" in seen["board"]  # a note, merged into its lane's text
