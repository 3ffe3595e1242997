"""A share link in real Chromium (issue 12): an owner makes it on the map's Share page; a fresh browser
with no account opens it, sees the board, sees a member's change arrive live, presents the map with the
keyboard; the owner revokes the link and the guest's reload is a 404."""

import re

import pytest
from playwright.sync_api import expect

from demo import content as demo
from journeys.models import Journey
from tests.browser.board_page import card, cards_in, panel

from .chromium import in_own_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WITHIN = 2_000  # milliseconds


def people(page):
    return page.get_by_role("list", name="On this board now:")


@in_own_thread
def test_a_guest_follows_a_shared_board_live_presents_it_and_loses_it_when_revoked(demo_data, chromium):
    journey = Journey.objects.get(title=demo.JOURNEY_TITLE)
    names = list(journey.stages.order_by("position").values_list("name", flat=True))
    owner = chromium.log_in(demo.DEMO_USER, demo.DEMO_PASSWORD)
    owner.get_by_role("link", name=demo.JOURNEY_TITLE).click()
    owner.get_by_role("link", name="Share", exact=True).click()
    expect(owner.get_by_role("heading", level=1, name="Share links")).to_be_visible()
    owner.get_by_label("Label").fill("Store managers")
    expect(owner.get_by_label("The board and presentation mode")).to_be_checked()
    owner.get_by_role("button", name="Make the link").click()
    url = owner.get_by_label("New share link").input_value()
    assert re.match(r"^http://127\.0\.0\.1:\d+/shared/[\w-]{43}/$", url)

    guest = chromium.fresh_page()
    guest.goto(url)
    expect(guest.get_by_role("heading", level=1, name=demo.JOURNEY_TITLE)).to_be_visible()
    guest.wait_for_load_state("load")  # htmx and the live stream are set up by then
    expect(guest.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")
    expect(guest.get_by_role("link", name="Log out")).to_have_count(0)
    expect(guest.get_by_role("link", name=re.compile("^Add touchpoint"))).to_have_count(0)
    expect(people(guest)).to_contain_text("Guest (you)")

    owner.get_by_role("link", name=demo.JOURNEY_TITLE).first.click()
    owner.wait_for_load_state("load")
    expect(people(owner)).to_contain_text("Guest")
    expect(people(guest)).to_contain_text("Team member")
    expect(people(guest)).not_to_contain_text("Demo User")

    # A member's change arrives live on the guest's board.
    owner.get_by_role("link", name=f"Add touchpoint to {names[1]}").click()
    form = panel(owner).get_by_role("form", name=f"New touchpoint in {names[1]}")
    form.get_by_label("Title").fill("Live chat with an adviser")
    form.get_by_label("Channel").select_option(label="Chat / chatbot")
    form.get_by_role("button", name="Add touchpoint").click()
    expect(card(cards_in(owner, names[1]), "Live chat with an adviser")).to_be_visible()
    expect(card(cards_in(guest, names[1]), "Live chat with an adviser")).to_be_visible(timeout=WITHIN)
    # The guest opens it read only, beside the map.
    guest.get_by_role("link", name="Live chat with an adviser", exact=True).click()
    expect(panel(guest).get_by_role("heading", name="Live chat with an adviser")).to_be_visible()
    expect(panel(guest).get_by_role("textbox")).to_have_count(0)
    guest.keyboard.press("Escape")

    # Presentation mode from the link, by keyboard.
    guest.get_by_role("link", name="Present", exact=True).focus()
    guest.keyboard.press("Enter")
    heading = guest.get_by_role("heading", level=1)
    expect(heading).to_have_text(names[0])
    guest.keyboard.press("ArrowRight")
    expect(heading).to_have_text(names[1])
    expect(guest.get_by_text("Live chat with an adviser")).to_be_visible()
    guest.keyboard.press("ArrowRight")
    expect(heading).to_have_text(names[2])
    guest.keyboard.press("ArrowLeft")
    expect(heading).to_have_text(names[1])
    guest.get_by_role("link", name="Leave the presentation").click()
    expect(guest.get_by_role("heading", level=1, name=demo.JOURNEY_TITLE)).to_be_visible()

    # Revoked: the guest's next page is a 404.
    owner.goto(f"/maps/{journey.pk}/share/")
    owner.get_by_role("button", name="Revoke the link Store managers").click()
    expect(owner.get_by_text("The link was revoked")).to_be_visible()
    response = guest.reload()
    assert response.status == 404
    expect(guest.get_by_role("heading", name="Page not found")).to_be_visible()
