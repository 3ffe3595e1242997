import re

import pytest
from playwright.sync_api import expect

from demo import content as demo

from .board_page import card, cards_in, open_card, open_demo_map, panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECKOUT = "Online store checkout"  # one item of evidence in the demo


def test_evidence_added_from_a_card_cites_its_pain_point_and_is_quoted_on_the_map(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)
    # The card's marks say it in their one name; the badge draws it.
    marks = card(cards_in(page, "Purchase"), CHECKOUT).get_by_role("img")
    expect(marks).to_have_accessible_name(re.compile("; Some evidence: 2 items(;|$)"))
    expect(marks.locator(".ev")).to_have_text("◐ 2")
    open_card(page, CHECKOUT)
    section = panel(page).get_by_role("region", name="Evidence")
    section.get_by_text("Add evidence", exact=True).first.click()
    section.get_by_label("What the customer said or did").fill("Guest checkout was nowhere to be found.")
    section.get_by_label("Kind").select_option(label="Support ticket")
    section.get_by_label("Rating (1 to 5)").fill("1")
    section.get_by_label("Backs the pain point").select_option(index=1)
    section.get_by_label("Quote it on the map").check()
    section.get_by_role("button", name="Add evidence").click()
    expect(section.get_by_role("status")).to_have_text("Saved.")
    expect(section.locator("dd q").filter(has_text="Guest checkout was nowhere")).to_be_visible()
    expect(marks).to_have_accessible_name(re.compile("; Validated: 3 items of evidence(;|$)"))
    lane_cell = page.locator("#board").get_by_text("“Guest checkout was nowhere to be found.”")
    expect(lane_cell).to_be_visible()
