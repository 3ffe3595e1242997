"""In Chromium: an owner downloads a backup from the workspace's page, restores it into a new workspace
from the same page, and opens one of its maps.

Needs a real worker, so it runs with PostgreSQL and Redis: `DATABASE_URL=... REDIS_URL=...
pytest -m browser tests/backups/test_browser.py`.
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from tests.exports.conftest import needs_worker
from workspaces.models import Membership, Role, Workspace

from .helpers import documents

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def back_up_and_restore_in_chromium(base_url: str, session_cookie: dict, workspace_id: int) -> dict:
    """Click "Download backup", download the archive, upload it in "Restore a backup into a new workspace",
    then open the first map of the new workspace. Runs in a thread of its own (tests/exports/test_browser.py
    says why); nothing here touches the database."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True)
        context.set_default_timeout(10_000)
        try:
            context.add_cookies([{**session_cookie, "url": base_url}])
            page = context.new_page()
            page.goto(f"{base_url}/workspaces/{workspace_id}/members/")

            page.get_by_role("button", name="Download backup").click()
            download_link = page.get_by_role("link", name="Download the archive")
            expect(download_link).to_be_visible(timeout=90_000)
            with page.expect_download() as download_info:
                download_link.click()
            download = download_info.value
            archive = Path(download.path())

            page.get_by_label("Backup archive").set_input_files(str(archive))
            page.get_by_label("Name of the new workspace").fill("Przywrócony zespół")
            page.get_by_role("button", name="Restore into a new workspace").click()
            expect(page.get_by_text("Restored into the new workspace “Przywrócony zespół”.")).to_be_visible(
                timeout=90_000
            )
            its_maps = page.get_by_role("heading", name="Its maps")
            expect(its_maps).to_be_visible()
            map_titles = its_maps.locator("xpath=following-sibling::ul[1]").get_by_role("link").all_inner_texts()
            page.get_by_role("link", name="Retail journey").click()
            expect(page.get_by_role("heading", name="Retail journey", exact=True)).to_be_visible()
            return {
                "filename": download.suggested_filename,
                "data": archive.read_bytes(),
                "maps": map_titles,
                "board_url": page.url,
            }
        finally:
            context.close()
            browser.close()


@pytest.mark.browser
@needs_worker
@pytest.mark.django_db(transaction=True)
def test_an_owner_downloads_a_backup_and_restores_it_into_a_new_workspace(
    celery_worker, live_server, client, team, journey, touchpoint
):
    client.force_login(team.owner)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}

    with ThreadPoolExecutor(max_workers=1) as thread:
        seen = thread.submit(back_up_and_restore_in_chromium, live_server.url, cookie, team.workspace.pk).result()

    assert seen["filename"].startswith("retail-team-backup-") and seen["filename"].endswith(".zip")
    assert documents(seen["data"])["manifest.json"]["counts"]["touchpoints"] == 1
    assert "Retail journey" in seen["maps"]
    restored = Workspace.objects.get(name="Przywrócony zespół")
    assert Membership.objects.get(workspace=restored).user == team.owner
    assert Membership.objects.get(workspace=restored).role == Role.OWNER
    restored_map = restored.journeys.get()
    assert seen["board_url"].endswith(f"/maps/{restored_map.pk}/")
    assert restored_map.stages.get(position=0).touchpoints.get().title == "Promotional e-mail"
