"""In Chromium: take a snapshot, change the map on its board, restore the snapshot (a background job, run by
a real worker), and find the map as it was, the restore and the safety snapshot listed.

Needs a real worker, so it runs with PostgreSQL and Redis (as tests/exports/test_browser.py)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from exports.models import Snapshot, SnapshotKind
from touchpoints.models import Touchpoint

from .conftest import needs_worker
from .test_browser import CHROMIUM, CHROMIUM_ARGS


def snapshot_change_restore_in_chromium(base_url: str, session_cookie: dict, journey_id: int) -> dict:
    """The whole round in one browser (a thread of its own: see test_browser.py); returns what it read."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(10_000)
        try:
            context.add_cookies([{**session_cookie, "url": base_url}])
            page = context.new_page()
            page.goto(f"{base_url}/maps/{journey_id}/")
            page.locator("summary", has_text="Export").click()  # the board's Export menu
            page.get_by_role("link", name="Snapshots of the map").click()
            expect(page.get_by_role("heading", level=1, name="Snapshots")).to_be_visible()

            # Take a snapshot, by keyboard: the name, then Enter.
            page.get_by_label("Name").fill("Before the workshop")
            page.get_by_label("Why (optional)").fill("The map as the team signed it off")
            page.get_by_label("Name").press("Enter")
            expect(page.get_by_role("status")).to_contain_text("Snapshot “Before the workshop” taken.")
            expect(page.get_by_role("link", name="Before the workshop", exact=True)).to_be_visible()

            # Change the map on its board.
            page.goto(f"{base_url}/maps/{journey_id}/")
            page.wait_for_load_state("load")
            page.locator("#board").get_by_role("link", name="Promotional e-mail", exact=True).click()
            form = page.get_by_role("dialog").get_by_role("form", name="Edit touchpoint Promotional e-mail")
            form.get_by_label("Title").fill("Rewritten in the workshop")
            form.get_by_role("button", name="Save touchpoint").click()
            expect(page.locator("#board").get_by_role("link", name="Rewritten in the workshop")).to_be_visible()

            # The snapshot, read-only, still has the card as it was; then restore it.
            page.goto(f"{base_url}/maps/{journey_id}/snapshots/")
            page.get_by_role("link", name="Before the workshop", exact=True).click()
            grid = page.get_by_role("table", name="Snapshot “Before the workshop”")
            expect(grid).to_contain_text("Promotional e-mail")
            page.get_by_role("link", name="Restore…").click()
            expect(page.get_by_role("status")).to_contain_text("1 changed")
            page.get_by_role("button", name="Restore this snapshot").click()
            expect(page.get_by_role("heading", level=1, name="Restore")).to_be_visible()
            expect(page.get_by_role("status")).to_contain_text(
                "The map is back as it was in the snapshot “Before the workshop”.", timeout=60_000
            )

            page.get_by_role("link", name="The map's snapshots").click()
            listed = page.get_by_role("table").get_by_role("rowheader").all_inner_texts()
            restores = page.get_by_role("list").filter(has_text="restored").all_inner_texts()
            page.get_by_role("navigation", name="Map pages").get_by_role("link", name="Board", exact=True).click()
            expect(page.locator("#board").get_by_role("link", name="Promotional e-mail", exact=True)).to_be_visible()
            return {"listed": listed, "restores": restores}
        finally:
            context.close()
            browser.close()


@pytest.mark.browser
@needs_worker
@pytest.mark.django_db(transaction=True)
def test_editor_takes_a_snapshot_changes_the_map_and_restores_it(
    celery_worker, live_server, client, journey, touchpoint, team
):
    client.force_login(team.editor)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    with ThreadPoolExecutor(max_workers=1) as thread:
        seen = thread.submit(snapshot_change_restore_in_chromium, live_server.url, cookie, journey.pk).result()

    assert seen["listed"] == ["Before restoring “Before the workshop”", "Before the workshop"]
    assert len(seen["restores"]) == 1 and "Eddie restored “Before the workshop”" in seen["restores"][0]
    assert Touchpoint.objects.get(pk=touchpoint.pk).title == "Promotional e-mail"  # the same card, its id kept
    safety = Snapshot.objects.get(kind=SnapshotKind.BEFORE_RESTORE)
    assert safety.content["stages"][0]["touchpoints"][0]["title"] == "Rewritten in the workshop"
