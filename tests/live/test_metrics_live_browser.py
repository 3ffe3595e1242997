"""A reading recorded on one board reaches every other open board: the card's chip and its colour
in the heat view follow, on the ASGI live server (the WSGI live_server cannot stream)."""

import datetime

import pytest
from playwright.sync_api import expect

from demo import content as demo
from tests.browser.board_page import card, cards_in, open_card, open_demo_map, panel

from .chromium import in_own_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHATBOT = "Chatbot question about stock"  # the demo's CSAT for it is 2.9: off target


@in_own_thread
def test_a_reading_recorded_on_a_card_recolours_it_on_another_open_board(demo_data, chromium):
    viewer = chromium.log_in(demo.VIEWER_USER, demo.DEMO_PASSWORD)
    open_demo_map(viewer)
    heat = viewer.get_by_role("button", name="Colour cards by metric")
    heat.focus()
    viewer.keyboard.press("Enter")
    expect(heat).to_have_attribute("aria-pressed", "true")
    expect(viewer.get_by_role("list", name="What the colours mean")).to_be_visible()
    on_viewer = card(cards_in(viewer, "Consideration"), CHATBOT)
    expect(on_viewer.locator(".mc")).to_have_attribute("data-s", "bad")
    expect(on_viewer.get_by_role("img", name="Off target")).to_be_visible()
    bad_background = on_viewer.evaluate("element => getComputedStyle(element).backgroundColor")

    editor = chromium.log_in(demo.DEMO_USER, demo.DEMO_PASSWORD)
    open_demo_map(editor)
    open_card(editor, CHATBOT)
    metrics = panel(editor).get_by_role("region", name="Metrics")
    expect(metrics.get_by_role("link", name="CSAT", exact=True)).to_be_visible()
    metrics.get_by_text("Record a reading").click()
    metrics.get_by_label("Metric").select_option(label="CSAT")
    metrics.get_by_label("Value").fill("9")
    metrics.get_by_label("Date in the period").fill(datetime.date.today().isoformat())
    metrics.get_by_role("button", name="Record reading").click()
    expect(metrics.get_by_role("alert")).to_contain_text("between 1 and 5")  # beside the field; nothing saved
    metrics.get_by_label("Value").fill("4.7")
    metrics.get_by_role("button", name="Record reading").click()
    expect(metrics.get_by_role("status")).to_have_text("Reading recorded.")
    expect(card(cards_in(editor, "Consideration"), CHATBOT).locator(".mc")).to_contain_text("CSAT 4.7")

    # The viewer's board redraws the column live: the chip, its mark and the card's colour follow.
    expect(on_viewer.locator(".mc")).to_have_attribute("data-s", "good")
    expect(on_viewer.get_by_role("img", name="On target")).to_be_visible()
    assert on_viewer.evaluate("element => getComputedStyle(element).backgroundColor") != bad_background
    # The heat view stays on across the redraw and a reload.
    viewer.reload()
    expect(viewer.get_by_role("button", name="Colour cards by metric")).to_have_attribute("aria-pressed", "true")
