"""In Chromium: upload an analytics CSV, choose its columns with the preview in view, import it with
a real worker, and find the figures in the channel report.

Needs a real worker, so it runs with PostgreSQL and Redis (as tests/exports/test_browser.py)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from metrics.models import Reading

from .conftest import needs_worker
from .test_browser import CHROMIUM, CHROMIUM_ARGS

ANALYTICS = "Miesiąc,Kanał,Koszt\n2026-01,E-mail,1200\n2026-02,E-mail,1300\n2026-02,Store,4000\n"


def import_in_chromium(base_url: str, session_cookie: dict, journey_id: int, csv_path: str) -> list[str]:
    """Upload, map the columns by keyboard-reachable labels, import; returns the channel report's rows."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.set_default_timeout(10_000)
        try:
            context.add_cookies([{**session_cookie, "url": base_url}])
            page = context.new_page()
            page.goto(f"{base_url}/maps/{journey_id}/metrics/")
            page.get_by_role("link", name="Import readings from a CSV file").click()
            page.get_by_label("CSV of metric readings").set_input_files(csv_path)
            page.get_by_role("button", name="Upload and choose columns").click()

            expect(page.get_by_role("heading", name="Choose the columns")).to_be_visible()
            expect(page.get_by_label("Date column")).to_have_value("0")  # "Miesiąc" guessed as the date
            page.get_by_label("Value column").select_option(label="Koszt")
            page.get_by_label("Metric of every row").select_option(label="Cost")
            page.get_by_role("button", name="Show the preview again").click()
            preview = page.get_by_role("table", name="The first 3 rows, as they will be imported")
            expect(preview.get_by_role("row").nth(1)).to_contain_text("Channel: E-mail")
            page.get_by_role("button", name="Import", exact=True).click()

            expect(page.get_by_role("status")).to_contain_text("3 readings imported.", timeout=60_000)
            page.goto(f"{base_url}/maps/{journey_id}/channels/")
            table = page.get_by_role("table", name="Channels ranked by ROI")
            return [row.inner_text() for row in table.get_by_role("row").all()]
        finally:
            context.close()
            browser.close()


@pytest.mark.browser
@needs_worker
@pytest.mark.django_db(transaction=True)
def test_editor_imports_readings_through_the_mapping_step(celery_worker, live_server, client, journey, team, tmp_path):
    client.force_login(team.editor)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    csv_path = tmp_path / "analytics.csv"
    csv_path.write_text(ANALYTICS, encoding="utf-8")
    with ThreadPoolExecutor(max_workers=1) as thread:
        rows = thread.submit(import_in_chromium, live_server.url, cookie, journey.pk, str(csv_path)).result()
    assert Reading.objects.count() == 3
    assert "E-mail" in rows[1] and "2,500 USD" in rows[1], rows
    assert "Store" in rows[2] and "4,000 USD" in rows[2], rows


SURVEY = "Data,Ocena,Komentarz,Kanał\n2026-03-02,2,Za dużo e-maili,E-mail\n2026-03-03,5,Świetna oferta,E-mail\n"


def import_survey_in_chromium(base_url: str, session_cookie: dict, journey_id: int, csv_path: str) -> str:
    """Upload a survey export from the evidence page, check the guessed columns, import; returns the page."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.set_default_timeout(10_000)
        try:
            context.add_cookies([{**session_cookie, "url": base_url}])
            page = context.new_page()
            page.goto(f"{base_url}/maps/{journey_id}/evidence/")
            page.get_by_role("link", name="Import from a CSV file").click()
            page.get_by_label("CSV of customer evidence").set_input_files(csv_path)
            page.get_by_role("button", name="Upload and choose columns").click()
            expect(page.get_by_label("Column of what the customer said or did")).to_have_value("2")  # "Komentarz"
            expect(page.get_by_label("Rating column")).to_have_value("1")  # "Ocena"
            preview = page.get_by_role("table", name="The first 2 rows, as they will be imported")
            expect(preview.get_by_role("row").nth(1)).to_contain_text("Promotional e-mail")
            page.get_by_role("button", name="Import", exact=True).click()
            expect(page.get_by_role("status")).to_contain_text("2 items of evidence imported.", timeout=60_000)
            page.get_by_role("link", name="The evidence of").click()
            return page.content()
        finally:
            context.close()
            browser.close()


@pytest.mark.browser
@needs_worker
@pytest.mark.django_db(transaction=True)
def test_editor_imports_a_survey_export_through_the_mapping_step(
    celery_worker, live_server, client, journey, touchpoint, team, tmp_path
):
    client.force_login(team.editor)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    csv_path = tmp_path / "survey.csv"
    csv_path.write_text(SURVEY, encoding="utf-8")
    with ThreadPoolExecutor(max_workers=1) as thread:
        html = thread.submit(import_survey_in_chromium, live_server.url, cookie, journey.pk, str(csv_path)).result()
    assert "Za dużo e-maili" in html and "Świetna oferta" in html
    assert touchpoint.evidence.count() == 2
