"""In Chromium: from the board's Export menu, choose a stage, click Export PNG, watch the progress,
download the picture; Pillow reads it back.

Needs a real worker, so it runs with PostgreSQL and Redis: `DATABASE_URL=... REDIS_URL=...
pytest -m browser tests/exports/test_board_image_browser.py`.
"""

from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from .conftest import needs_worker
from .test_browser import CHROMIUM, CHROMIUM_ARGS


def export_png_from_the_board(base_url: str, session_cookie: dict, journey_id: int, stage: str) -> tuple[str, bytes]:
    """Open the board, open its Export menu, pick `stage`, export a PNG and download it: (file name, bytes).

    In a thread of its own, as tests/exports/test_browser.py explains; nothing here touches the database.
    """
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1600, "height": 1000})
        context.set_default_timeout(10_000)
        try:
            context.add_cookies([{**session_cookie, "url": base_url}])
            page = context.new_page()
            page.goto(f"{base_url}/maps/{journey_id}/")

            page.locator(".export-details > summary").click()
            menu = page.get_by_role("group", name="Board image")
            menu.get_by_label("Image of").select_option(label=stage)
            menu.get_by_role("button", name="Export PNG").click()

            progress = page.get_by_role("progressbar", name="PNG export progress")
            download_link = page.get_by_role("link", name="Download PNG")
            expect(progress.or_(download_link)).to_be_visible()
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
def test_viewer_downloads_a_png_of_one_stage_from_the_boards_export_menu(
    celery_worker, live_server, client, rich_map, team
):
    client.force_login(team.viewer)  # an image reads the map: a viewer may make one
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}

    with ThreadPoolExecutor(max_workers=1) as thread:
        name, data = thread.submit(
            export_png_from_the_board, live_server.url, cookie, rich_map.pk, "2. Consideration"
        ).result()

    assert name.endswith(".png") and "consideration" in name
    image = Image.open(BytesIO(data))
    assert image.format == "PNG"
    width, height = image.size
    assert 400 < width < 1200 and height > 300  # one stage's column, not the whole map
    assert len(image.convert("RGB").getcolors(maxcolors=1_000_000)) > 50
