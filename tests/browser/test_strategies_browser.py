"""Strategies, their history and the guide in real Chromium (Playwright's sync API against the live server).

Uses the session's Chromium of tests/browser/conftest.py (`browser`): one Playwright per thread.

    .venv/bin/python -m pytest -q -m browser tests/browser/test_strategies_browser.py
"""

import os
import re

import pytest
from django.test import Client

from strategies.models import StrategyRevision, StrategyStatus
from strategies.services import strategy_create
from workspaces.services import membership_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page_for(browser, live_server):
    """A browser page logged in as `user` (a session made by Django's test client, handed to Chromium)."""
    contexts = []

    def open_as(user):
        client = Client()
        client.force_login(user)
        # Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay synchronous.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1500, "height": 1000})
        context.set_default_timeout(10_000)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_edit_twice_compare_and_restore_the_first_revision(page_for, team, journey):
    from playwright.sync_api import expect

    stage = journey.stages.get(position=0)
    strategy = strategy_create(
        journey=journey,
        stage=stage,
        title="Welcome e-mail",
        status=StrategyStatus.ACTIVE,
        author=team.owner,
        body="Send a welcome e-mail with a first-order discount.",
    )
    page = page_for(team.editor)
    page.goto(f"/maps/{journey.pk}/")

    # The Strategies row shows the stage's strategies and opens them beside the map.
    opener = page.get_by_role("link", name="1 strategy for Awareness")
    expect(opener.locator("xpath=..")).to_contain_text("Welcome e-mail")
    opener.click()
    panel = page.get_by_role("region", name="Strategies for the stage “Awareness”")
    expect(panel.get_by_role("heading", name="Welcome e-mail")).to_be_visible()
    assert page.url.endswith(f"/maps/{journey.pk}/")  # still on the board

    for body, note in [
        ("Send a welcome e-mail with a free-delivery voucher.", "Discounts hurt our margins"),
        ("Send a short welcome e-mail with a free-delivery voucher.", "Shorter mails are read"),
    ]:
        panel.get_by_role("link", name="Edit Welcome e-mail").click()
        form = page.get_by_role("form", name="Edit strategy Welcome e-mail")
        form.get_by_label("Strategy").fill(body)
        form.get_by_label("Change note").fill(note)
        form.get_by_role("button", name="Save strategy").click()
        expect(panel.get_by_text(body)).to_be_visible()

    panel.get_by_role("link", name="History of Welcome e-mail").click()
    expect(page.get_by_role("heading", name="History of “Welcome e-mail”")).to_be_visible()
    rows = page.locator("tr.revision")
    expect(rows).to_have_count(3)
    expect(page.get_by_text("Shorter mails are read")).to_be_visible()

    page.get_by_role("radio", name="Compare from revision #2").check()
    page.get_by_role("radio", name="Compare to revision #3").check()
    page.get_by_role("button", name="Compare selected revisions").click()
    body_diff = page.get_by_test_id("body-diff")
    expect(body_diff.locator("ins")).to_have_text(["short "])
    expect(body_diff.locator("del")).to_have_count(0)

    page.get_by_role("link", name="Back to the history").click()
    page.get_by_role("button", name="Restore revision #1").click()
    expect(page.locator(".messages")).to_contain_text("Revision #1 is restored as revision #4.")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("restored from #1")
    revisions = list(StrategyRevision.objects.filter(strategy=strategy).order_by("number"))
    assert [r.number for r in revisions] == [1, 2, 3, 4]
    assert revisions[-1].body == "Send a welcome e-mail with a first-order discount."
    assert [r.change_note for r in revisions[1:3]] == ["Discounts hurt our margins", "Shorter mails are read"]


def test_a_new_member_walks_the_guide_and_the_manager_sees_them_finished(page_for, team, journey, make_user):
    from playwright.sync_api import expect

    strategy_create(
        journey=journey,
        stage=journey.stages.get(position=2),
        title="Free returns in store",
        body="Accept returns of online orders **in every store**.",
        status=StrategyStatus.ACTIVE,
        author=team.owner,
    )
    newcomer = make_user("nina", first_name="Nina")
    membership_set(workspace=team.workspace, user=newcomer, role="viewer")

    page = page_for(newcomer)
    page.goto(f"/maps/{journey.pk}/guide/")
    page.get_by_role("link", name="Start the guide").click()
    stage_count = journey.stages.count()
    for number in range(1, stage_count + 1):
        expect(page.get_by_text(f"Stage {number} of {stage_count}")).to_be_visible()
        if number == 3:
            expect(page.get_by_role("heading", name="Free returns in store")).to_be_visible()
            expect(page.locator("strong", has_text="in every store")).to_be_visible()
        last = number == stage_count
        page.get_by_role("button", name="Mark as read and finish" if last else "Mark as read and continue").click()
    expect(page.get_by_text("You have read every stage of this map.")).to_be_visible()

    manager = page_for(team.owner)
    manager.goto(f"/maps/{journey.pk}/guide/progress/")
    row = manager.get_by_role("row", name=re.compile("Nina"))
    expect(row).to_contain_text(f"{stage_count} of {stage_count}")
    expect(row).to_contain_text("Finished")
