"""Undo in real Chromium: a card deleted on one board comes back with Undo, on that board and, live, on
another board open on the same map (the ASGI live server: the WSGI live_server cannot stream)."""

import pytest
from playwright.sync_api import expect

from demo import content as demo
from tests.browser.board_page import card, card_link, cards_in, open_card, open_demo_map, panel
from touchpoints.models import Touchpoint

from .chromium import in_own_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WITHIN = 1_000  # milliseconds, as the other live boards' tests
TITLE = "Product page and reviews"


def order(page) -> list[str]:
    return page.locator("#board li.touchpoint > a").all_text_contents()


@in_own_thread
def test_a_card_deleted_and_undone_comes_back_on_both_boards(demo_data, chromium):
    watcher = chromium.log_in(demo.VIEWER_USER, demo.DEMO_PASSWORD)
    open_demo_map(watcher)
    editor = chromium.log_in(demo.DEMO_USER, demo.DEMO_PASSWORD)
    open_demo_map(editor)
    before = order(editor)
    position = Touchpoint.objects.get(title=TITLE).position
    editor.on("dialog", lambda dialog: dialog.accept())  # "Delete this touchpoint?"

    open_card(editor, TITLE)
    panel(editor).get_by_role("button", name=f"Delete {TITLE}").click()
    expect(card(cards_in(editor, "Consideration"), TITLE)).to_have_count(0)
    expect(card(cards_in(watcher, "Consideration"), TITLE)).to_have_count(0, timeout=WITHIN)

    # The toast says where it went; its Undo button has the focus, so Enter undoes.
    toast = editor.locator("#undo-toast")
    expect(toast).to_contain_text(f"Touchpoint “{TITLE}” moved to the trash.")
    undo = toast.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    editor.keyboard.press("Enter")

    expect(card(cards_in(editor, "Consideration"), TITLE)).to_be_visible()
    expect(toast).to_contain_text(f"Touchpoint “{TITLE}” is back")
    expect(card_link(cards_in(editor, "Consideration"), TITLE)).to_be_focused()
    expect(card(cards_in(watcher, "Consideration"), TITLE)).to_be_visible(timeout=WITHIN)
    assert order(editor) == order(watcher) == before
    assert Touchpoint.objects.get(title=TITLE).position == position
    # The toast leaves by itself a few seconds later.
    expect(toast).to_be_empty(timeout=15_000)
