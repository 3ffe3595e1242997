"""Two people on one board in two real Chromium contexts: each sees the other's
changes within a second, without losing what they are typing."""

import re

import pytest
from playwright.sync_api import expect

from demo import content as demo
from tests.browser.board_page import card, card_link, cards_in, open_card, panel, stage_names
from touchpoints.models import Touchpoint

from .chromium import in_own_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WITHIN = 1_000  # milliseconds: the "within one second"


@pytest.fixture
def mina(demo_data, django_user_model):
    """A second editor of the demo workspace who can log in."""
    user = django_user_model.objects.get(username="mina")
    user.set_password(demo.DEMO_PASSWORD)
    user.save()
    return user


def open_board_as_a_and_b(chromium):
    pages = chromium.log_in(demo.DEMO_USER, demo.DEMO_PASSWORD), chromium.log_in("mina", demo.DEMO_PASSWORD)
    for page in pages:
        page.get_by_role("link", name=demo.JOURNEY_TITLE).click()
        expect(page.get_by_role("heading", level=1, name=demo.JOURNEY_TITLE)).to_be_visible()
        page.wait_for_load_state("load")  # htmx and the live stream are set up by then
    return pages


def people(page):
    return page.get_by_role("list", name="On this board now:")


@in_own_thread
def test_presence_shows_both_people_on_the_board(mina, chromium):
    a, b = open_board_as_a_and_b(chromium)
    for page in (a, b):
        expect(people(page)).to_contain_text("Demo User")
        expect(people(page)).to_contain_text("Mina Kang")
    expect(people(a)).to_contain_text("Demo User (you)")
    b.close()
    expect(people(a)).not_to_contain_text("Mina Kang", timeout=5_000)


@in_own_thread
def test_a_adds_edits_and_moves_a_touchpoint_and_b_sees_each_change_within_a_second(mina, chromium):
    a, b = open_board_as_a_and_b(chromium)
    expect(people(a)).to_contain_text("Mina Kang")

    a.get_by_role("link", name="Add touchpoint to Consideration").click()
    form = panel(a).get_by_role("form", name="New touchpoint in Consideration")
    expect(form.get_by_label("Title")).to_be_focused()
    form.get_by_label("Title").fill("Live chat with an adviser")
    form.get_by_label("Channel").select_option(label="Chat / chatbot")
    form.get_by_role("button", name="Add touchpoint").click()
    expect(card(cards_in(a, "Consideration"), "Live chat with an adviser")).to_be_visible()
    expect(card(cards_in(b, "Consideration"), "Live chat with an adviser")).to_be_visible(timeout=WITHIN)

    form = open_card(a, "Live chat with an adviser")
    form.get_by_label("Title").fill("Video call with an adviser")
    form.get_by_role("button", name="Save touchpoint").click()
    expect(card(cards_in(a, "Consideration"), "Video call with an adviser")).to_be_visible()
    expect(card(cards_in(b, "Consideration"), "Video call with an adviser")).to_be_visible(timeout=WITHIN)
    expect(card(b, "Live chat with an adviser")).to_have_count(0)

    open_card(a, "Video call with an adviser")
    panel(a).get_by_role("button", name="Move to next stage Video call with an adviser").click()
    expect(card(cards_in(a, "Purchase"), "Video call with an adviser")).to_be_visible()
    expect(card(cards_in(b, "Purchase"), "Video call with an adviser")).to_be_visible(timeout=WITHIN)
    expect(card(cards_in(b, "Consideration"), "Video call with an adviser")).to_have_count(0)
    # Both boards show the same order.
    assert (
        a.locator("#board li.touchpoint > a").all_text_contents()
        == b.locator("#board li.touchpoint > a").all_text_contents()
    )


@in_own_thread
def test_b_keeps_the_focus_on_a_card_while_a_changes_its_column(mina, chromium):
    a, b = open_board_as_a_and_b(chromium)
    watched = card_link(cards_in(b, "Consideration"), "Store visit to see the product")
    watched.focus()
    card_link(cards_in(a, "Consideration"), "Product page and reviews").focus()
    a.keyboard.press("Shift+ArrowRight")  # Consideration → Purchase: b's column is drawn again
    expect(card(cards_in(b, "Purchase"), "Product page and reviews")).to_be_visible(timeout=WITHIN)
    expect(card_link(cards_in(b, "Consideration"), "Store visit to see the product")).to_be_focused()


@in_own_thread
def test_b_keeps_a_half_typed_form_while_a_changes_the_same_column(mina, chromium):
    a, b = open_board_as_a_and_b(chromium)
    b.get_by_role("link", name="Add touchpoint to Consideration").click()
    b_form = panel(b).get_by_role("form", name="New touchpoint in Consideration")
    b_title = b_form.get_by_label("Title")
    expect(b_title).to_be_focused()  # htmx's autofocus has settled; a fill can't race it
    b_title.fill("Half-typed by Mina")
    b_form.get_by_label("Channel").select_option(label="Store")
    b_form.get_by_label("Does").fill("Asks the shop assistant")
    b_title.focus()

    card_link(cards_in(a, "Consideration"), "Product page and reviews").focus()
    a.keyboard.press("Shift+ArrowRight")  # Consideration → Purchase
    expect(card(cards_in(a, "Purchase"), "Product page and reviews")).to_be_visible()
    expect(card(cards_in(b, "Purchase"), "Product page and reviews")).to_be_visible(timeout=WITHIN)
    expect(card(cards_in(b, "Consideration"), "Product page and reviews")).to_have_count(0)
    expect(b_title).to_have_value("Half-typed by Mina")
    expect(b_form.get_by_label("Does")).to_have_value("Asks the shop assistant")
    expect(b_title).to_be_focused()

    b.keyboard.type(" and sent")
    b_form.get_by_role("button", name="Add touchpoint").click()
    expect(card(cards_in(b, "Consideration"), "Half-typed by Mina and sent")).to_be_visible()
    expect(card(cards_in(a, "Consideration"), "Half-typed by Mina and sent")).to_be_visible(timeout=WITHIN)


@in_own_thread
def test_both_edit_the_same_card_and_the_second_chooses_how_to_resolve_it(mina, chromium):
    a, b = open_board_as_a_and_b(chromium)
    title = "Chatbot question about stock"
    b_form = open_card(b, title)
    expect(card(cards_in(a, "Consideration"), title)).to_contain_text("Mina Kang is editing", timeout=WITHIN)

    a_form = open_card(a, title)
    a_form.get_by_label("Title").fill("Chatbot answers stock questions")
    a_form.get_by_role("button", name="Save touchpoint").click()
    expect(card(cards_in(a, "Consideration"), "Chatbot answers stock questions")).to_be_visible()

    # B's open form survived A's save; B's save now meets A's version.
    b_form.get_by_label("Does").fill("Asks whether the kettle is in stock nearby")
    b_form.get_by_role("button", name="Save touchpoint").click()
    choice = b_form.get_by_role("group", name="Their version and yours")
    expect(choice).to_be_visible()
    expect(choice.get_by_role("row", name="Title")).to_contain_text("Chatbot answers stock questions")
    expect(choice.get_by_role("row", name="Title")).to_contain_text(title)
    for name in ("Keep the current version", "Apply mine anyway", "Edit a merge"):
        expect(choice.get_by_role("button", name=name).or_(choice.get_by_role("link", name=name))).to_be_visible()

    choice.get_by_role("button", name="Edit a merge").click()
    expect(b.get_by_role("group", name="Your merge")).to_be_visible()
    b_form = panel(b).get_by_role("form", name="Edit touchpoint Chatbot answers stock questions")
    expect(b_form.get_by_label("Title")).to_have_value("Chatbot answers stock questions")
    expect(b_form.get_by_label("Does")).to_have_value("Asks whether the kettle is in stock nearby")
    b_form.get_by_role("button", name="Save touchpoint").click()
    expect(panel(b)).to_be_hidden()
    # A opens the card again and reads B's merge.
    open_card(a, "Chatbot answers stock questions")
    expect(panel(a).get_by_label("Does")).to_have_value("Asks whether the kettle is in stock nearby")
    touchpoint = Touchpoint.objects.get(title="Chatbot answers stock questions")
    assert touchpoint.does == "Asks whether the kettle is in stock nearby"


@in_own_thread
def test_stages_added_and_reordered_by_a_appear_on_bs_board_around_bs_open_form(mina, chromium):
    a, b = open_board_as_a_and_b(chromium)
    b.get_by_role("link", name="Add touchpoint to Purchase").click()
    b_form = panel(b).get_by_role("form", name="New touchpoint in Purchase")
    expect(b_form.get_by_label("Title")).to_be_focused()
    b_form.get_by_label("Title").fill("Gift wrapping at the counter")

    a.get_by_role("link", name="+ Add stage").click()
    a_form = panel(a).get_by_role("form", name="New stage")
    a_form.get_by_label("Name").fill("Advocacy")
    a_form.get_by_role("button", name="Add stage").click()
    expect(a.get_by_role("columnheader", name="Advocacy")).to_be_visible()
    expect(b.get_by_role("columnheader", name="Advocacy")).to_be_visible(timeout=WITHIN)
    expect(b_form.get_by_label("Title")).to_have_value("Gift wrapping at the counter")

    a.get_by_role("link", name="Edit stage Advocacy").click()
    panel(a).get_by_role("button", name=re.compile("^Move stage left")).click()
    order = ["Awareness", "Consideration", "Purchase", "Post-purchase", "Advocacy", "Loyalty"]
    expect(stage_names(a)).to_have_text(order)
    expect(stage_names(b)).to_have_text(order, timeout=WITHIN)
    expect(b_form.get_by_label("Title")).to_have_value("Gift wrapping at the counter")


@in_own_thread
def test_a_lane_added_and_written_by_a_appears_on_bs_board(mina, chromium):
    a, b = open_board_as_a_and_b(chromium)
    a.get_by_role("link", name="Lanes", exact=True).click()
    form = panel(a).get_by_role("form", name="Add a lane")
    form.get_by_label("Lane").select_option(label="Text per stage (actions, thoughts, backstage, systems…)")
    form.get_by_label("Name").fill("Warehouse")
    form.get_by_role("button", name="Add lane").click()
    header = a.get_by_role("rowheader", name="Warehouse")
    expect(header).to_be_visible()
    expect(b.get_by_role("rowheader", name="Warehouse")).to_be_visible(timeout=WITHIN)
    a.keyboard.press("Escape")
    expect(panel(a)).to_be_hidden()  # and stays so, even when Esc comes between the swap and the settle

    a.get_by_role("link", name="Edit Warehouse in Purchase").click()
    panel(a).get_by_label("Text").fill("The warehouse **reserves** the kettle")
    panel(a).get_by_role("button", name="Save").click()
    row = b.get_by_role("row").filter(has=b.get_by_role("rowheader", name="Warehouse"))
    expect(row.get_by_role("gridcell").nth(2)).to_contain_text("The warehouse reserves the kettle", timeout=WITHIN)
    expect(row.locator("strong")).to_have_text("reserves")


@in_own_thread
def test_a_renaming_the_map_renames_it_on_bs_board(mina, chromium):
    a, b = open_board_as_a_and_b(chromium)
    a.get_by_role("link", name="Edit map").click()
    a.get_by_label("Title").fill("Buying a kettle")
    a.get_by_role("button", name=re.compile("Save")).click()
    expect(a.get_by_role("heading", level=1, name="Buying a kettle")).to_be_visible()
    expect(b.get_by_role("heading", level=1, name="Buying a kettle")).to_be_visible(timeout=WITHIN)
