import re

import pytest
from playwright.sync_api import expect

from demo import content as demo
from touchpoints.models import Touchpoint

from .board_page import card, card_link, cards_in, open_demo_map, panel, stage_names

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_adds_moves_by_keyboard_and_drag_and_finds_cards_after_reload(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)

    # Add a touchpoint to Consideration: its form opens beside the map.
    page.get_by_role("link", name="Add touchpoint to Consideration").click()
    form = panel(page).get_by_role("form", name="New touchpoint in Consideration")
    # The panel focuses the autofocus field once the swap settles; wait for it as a person
    # would, or a fill racing it types into the wrong field.
    expect(form.get_by_label("Title")).to_be_focused()
    form.get_by_label("Title").fill("Live chat with an adviser")
    form.get_by_label("Channel").select_option(label="Chat / chatbot")
    form.get_by_label("Emotion").select_option(label="Positive")
    form.get_by_label("Pain points").fill("Waits for an answer")
    form.get_by_role("button", name="Add touchpoint").click()
    expect(panel(page)).to_be_hidden()
    expect(card(cards_in(page, "Consideration"), "Live chat with an adviser")).to_be_visible()
    # Its pain point joins the Pain points row, in the same column.
    pains = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Pain points"))
    expect(pains.get_by_role("gridcell").nth(1)).to_contain_text("Waits for an answer")

    # Bad input stays in the form with its error.
    page.get_by_role("link", name="Add touchpoint to Purchase").click()
    form = panel(page).get_by_role("form", name="New touchpoint in Purchase")
    expect(form.get_by_label("Title")).to_be_focused()
    form.get_by_label("Does").fill("Typed before the mistake")
    form.get_by_role("button", name="Add touchpoint").click()
    expect(form.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#id_title_errors")).to_have_text("This field is required.")
    expect(form.get_by_label("Does")).to_have_value("Typed before the mistake")
    form.get_by_role("button", name="Cancel").click()
    expect(panel(page)).to_be_hidden()

    # Keyboard: on the card, Shift+→ moves it to the next stage and the focus stays on it.
    card_link(cards_in(page, "Consideration"), "Live chat with an adviser").focus()
    page.keyboard.press("Shift+ArrowRight")
    expect(card(cards_in(page, "Purchase"), "Live chat with an adviser")).to_be_visible()
    expect(card_link(cards_in(page, "Purchase"), "Live chat with an adviser")).to_be_focused()

    # Drag a card from Awareness to the top of Loyalty.
    dragged = card(cards_in(page, "Awareness"), "Search engine results")
    target = cards_in(page, "Loyalty").locator("li.touchpoint").first
    # SortableJS moves the card in the page at once; the save follows. Wait for it, as a reload
    # racing the request would lose the move.
    with page.expect_response(lambda response: response.url.endswith("/move/")) as moved:
        drag(page, dragged, target)
    assert moved.value.ok
    expect(card(cards_in(page, "Loyalty"), "Search engine results")).to_be_visible()
    expect(card(cards_in(page, "Awareness"), "Search engine results")).to_have_count(0)

    page.reload()
    expect(card(cards_in(page, "Purchase"), "Live chat with an adviser")).to_be_visible()
    expect(card(cards_in(page, "Loyalty"), "Search engine results")).to_be_visible()
    assert Touchpoint.objects.get(title="Live chat with an adviser").stage.name == "Purchase"
    assert Touchpoint.objects.get(title="Search engine results").stage.name == "Loyalty"


def drag(page, source, target):
    """A real pointer drag: press, move in steps, release (SortableJS listens to the native events)."""
    source.scroll_into_view_if_needed()
    start = source.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    target.scroll_into_view_if_needed()
    end = target.bounding_box()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 5, steps=20)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 2, steps=5)
    page.mouse.up()


def test_filters_update_the_board_and_the_address(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)
    page.get_by_label("Channel").select_option(label="E-mail")
    expect(page).to_have_url(re.compile(r"channel=\d+"))
    cards = page.locator("#board li.touchpoint")
    expect(cards.filter(has_text="Social media post from the brand")).to_have_count(0)
    expect(cards.filter(has_text="Promotional e-mail: spring kitchen sale")).to_have_count(1)


def test_viewer_sees_no_edit_controls(demo_data, login):
    page = login(demo.VIEWER_USER)
    open_demo_map(page)
    expect(page.get_by_text("Read only")).to_be_visible()
    expect(page.locator("li.touchpoint").first).to_be_visible()
    for name in ["Add touchpoint", "Edit", "Delete", "Move", "Add stage", "Edit map", "Lanes"]:
        expect(page.get_by_role("button", name=re.compile(name))).to_have_count(0)
        expect(page.get_by_role("link", name=re.compile(name))).to_have_count(0)
    # A card opens to read, not to edit.
    card_link(page.locator("#board"), "Search engine results").click()
    expect(panel(page).get_by_role("heading", name="Search engine results", exact=True)).to_be_visible()
    expect(panel(page).get_by_role("form", name=re.compile("Edit touchpoint"))).to_have_count(0)


def test_editor_adds_renames_and_reorders_stages_in_place(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)
    page.get_by_role("link", name="+ Add stage").click()
    form = panel(page).get_by_role("form", name="New stage")
    form.get_by_label("Name").fill("Advocacy")
    form.get_by_label("Customer goal").fill("Tell friends about the shop")
    form.get_by_role("button", name="Add stage").click()
    expect(page.get_by_role("columnheader", name="Advocacy")).to_contain_text("Tell friends about the shop")
    expect(page.locator("#board-body")).to_have_count(1)

    page.get_by_role("link", name="Edit stage Advocacy").click()
    form = panel(page).get_by_role("form", name="Stage “Advocacy”")
    form.get_by_label("Name").fill("Advocacy & referrals")
    form.get_by_role("button", name="Save stage").click()
    expect(page.get_by_role("columnheader", name="Advocacy & referrals")).to_be_visible()

    page.get_by_role("link", name="Edit stage Advocacy & referrals").click()
    move_left = panel(page).get_by_role("button", name=re.compile("^Move stage left"))
    move_left.click()
    order = ["Awareness", "Consideration", "Purchase", "Post-purchase", "Advocacy & referrals", "Loyalty"]
    expect(stage_names(page)).to_have_text(order)
    expect(move_left).to_be_focused()  # the panel stays, and so does the focus, for the next step
    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    page.reload()
    expect(stage_names(page)).to_have_text(order)
