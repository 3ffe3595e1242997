"""The slide deck made by a real Celery worker (PostgreSQL and Redis; skipped on SQLite), and in
Chromium from the export menu."""

from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from exports import services
from exports.models import ExportJob, JobStatus

from .conftest import needs_worker, wait_for_job
from .test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [needs_worker, pytest.mark.django_db(transaction=True)]


def deck_titles(data: bytes) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in Presentation(BytesIO(data)).slides]


def test_pptx_export_runs_in_the_worker_in_the_requesters_language(celery_worker, client_for, team, rich_map):
    job = services.export_job_create(journey=rich_map, format="pptx", created_by=team.viewer, language="ko")
    wait_for_job(job)
    assert (job.status, job.progress, job.error) == (JobStatus.SUCCEEDED, 100, "")
    response = client_for(team.viewer).get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    titles = deck_titles(data)
    assert titles[0] == rich_map.title
    assert [stage.name for stage in rich_map.stages.order_by("position")] == titles[4:10]
    assert titles[10] == "감정 곡선"  # "Emotion curve", in the language the job was asked in
    deck = Presentation(BytesIO(data))
    (chart,) = [shape.chart for shape in deck.slides[10].shapes if shape.has_chart]
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS


def test_pptx_export_through_the_api_reports_progress_then_a_download_url(celery_worker, client_for, team, rich_map):
    client = client_for(team.editor)
    response = client.post(
        "/api/v1/exports/", {"journey": rich_map.pk, "format": "pptx"}, content_type="application/json"
    )
    assert response.status_code == 202
    job = wait_for_job(ExportJob.objects.get(pk=response.json()["id"]))
    data = client.get(f"/api/v1/exports/{job.pk}/").json()
    assert (data["status"], data["progress"], data["error"]) == ("succeeded", 100, "")
    download = client.get(data["download_url"])
    assert download.status_code == 200
    assert deck_titles(b"".join(download.streaming_content))[0] == rich_map.title


def export_pptx_in_chromium(base_url: str, session_cookie: dict, journey_id: int) -> tuple[str, bytes]:
    """Open the map's export page, click Export PPTX, watch the progress, download: (file name, bytes).
    In a thread of its own, as tests/exports/test_browser.py explains."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True)
        context.set_default_timeout(10_000)
        try:
            context.add_cookies([{**session_cookie, "url": base_url}])
            page = context.new_page()
            page.goto(f"{base_url}/exports/maps/{journey_id}/")
            button = page.get_by_role("button", name="Export PPTX")
            button.focus()
            page.keyboard.press("Enter")  # the keyboard starts it as well as a click
            expect(page.get_by_role("progressbar", name="PPTX export progress")).to_be_visible()
            download_link = page.get_by_role("link", name="Download PPTX")
            expect(download_link).to_be_visible(timeout=90_000)
            with page.expect_download() as download_info:
                download_link.click()
            download = download_info.value
            return download.suggested_filename, Path(download.path()).read_bytes()
        finally:
            context.close()
            browser.close()


@pytest.mark.browser
def test_a_viewer_exports_a_slide_deck_from_the_browser(celery_worker, live_server, client, rich_map, team):
    client.force_login(team.viewer)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    with ThreadPoolExecutor(max_workers=1) as thread:
        name, data = thread.submit(export_pptx_in_chromium, live_server.url, cookie, rich_map.pk).result()
    assert name.endswith(".pptx")
    assert deck_titles(data)[0] == rich_map.title
