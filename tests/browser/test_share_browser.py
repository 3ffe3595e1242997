"""Share links in Chromium: every control of the Share page and of the pages a link opens has an
accessible name, and a guest with a password-protected link gives it once and walks the guide by
keyboard (issue 12). The live side is tests/live/test_share_live_browser.py."""

import pytest
from playwright.sync_api import expect

from demo import content as demo
from journeys.models import Journey
from sharing.services import share_link_create

from .test_accessible_names import unnamed_controls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_share_pages_name_every_control_and_a_guest_walks_the_guide_by_keyboard(
    demo_data, login, browser, live_server
):
    journey = Journey.objects.get(title=demo.JOURNEY_TITLE)
    owner = login(demo.DEMO_USER)
    owner.goto(f"/maps/{journey.pk}/share/")
    assert unnamed_controls(owner) == []

    _link, token = share_link_create(
        journey=journey,
        created_by=journey.workspace.memberships.first().user,
        shows_guide=True,
        shows_strategies=True,
        password="kettle day",
    )
    context = browser.new_context(base_url=live_server.url)
    try:
        guest = context.new_page()
        guest.goto(f"/shared/{token}/guide/")
        expect(guest.get_by_role("heading", name="This link asks for a password")).to_be_visible()
        assert unnamed_controls(guest) == []
        expect(guest.get_by_role("textbox", name="Password")).to_be_focused()
        guest.keyboard.type("kettle day")
        guest.keyboard.press("Enter")
        expect(guest.get_by_role("heading", level=1, name=f"Guide to “{demo.JOURNEY_TITLE}”")).to_be_visible()
        first, second = journey.stages.order_by("position")[:2]
        for path in ("board/", "guide/", f"guide/stages/{first.pk}/", "strategies/", "present/"):
            guest.goto(f"/shared/{token}/{path}")
            assert unnamed_controls(guest) == [], path
        # The guide, by keyboard: its stages, one after the other.
        guest.goto(f"/shared/{token}/guide/")
        guest.get_by_role("link", name="Start the guide").focus()
        guest.keyboard.press("Enter")
        expect(guest.get_by_role("heading", level=1, name=first.name)).to_be_visible()
        guest.get_by_role("link", name=f"Next: {second.name}").focus()
        guest.keyboard.press("Enter")
        expect(guest.get_by_role("heading", level=1, name=second.name)).to_be_visible()
        expect(guest.get_by_role("button", name="Mark as read and continue")).to_have_count(0)
        # A new session asks again.
        other = browser.new_context(base_url=live_server.url)
        try:
            page = other.new_page()
            page.goto(f"/shared/{token}/board/")
            expect(page.get_by_role("heading", name="This link asks for a password")).to_be_visible()
        finally:
            other.close()
    finally:
        context.close()
