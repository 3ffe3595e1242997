import re

import pytest
from playwright.sync_api import expect

from demo import content as demo
from touchpoints.models import Touchpoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_demo_map(page):
    page.get_by_role("link", name=demo.JOURNEY_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=demo.JOURNEY_TITLE)).to_be_visible()
    # The heading shows before the deferred scripts run: wait until htmx has bound the page.
    page.wait_for_load_state("load")


def stage(page, name):
    return page.get_by_role("region", name=name, exact=True)


def card(container, title):
    return container.get_by_role("listitem", name=title, exact=True)


def test_editor_adds_moves_by_keyboard_and_drag_and_finds_cards_after_reload(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)

    # Add a touchpoint to Consideration, in place.
    page.get_by_role("button", name="Add touchpoint to Consideration").click()
    form = page.get_by_role("form", name="New touchpoint in Consideration")
    # htmx focuses the autofocus field once the swap settles; wait for it as a person
    # would, or a fill racing it types into the wrong field.
    expect(form.get_by_label("Title")).to_be_focused()
    form.get_by_label("Title").fill("Live chat with an adviser")
    form.get_by_label("Channel").select_option(label="Chat / chatbot")
    form.get_by_label("Emotion").select_option(label="Positive")
    form.get_by_label("Pain points").fill("Waits for an answer")
    form.get_by_role("button", name="Add touchpoint").click()
    expect(card(stage(page, "Consideration"), "Live chat with an adviser")).to_be_visible()
    expect(stage(page, "Consideration")).to_contain_text("Waits for an answer")

    # Bad input stays in the form with its error.
    page.get_by_role("button", name="Add touchpoint to Purchase").click()
    form = page.get_by_role("form", name="New touchpoint in Purchase")
    expect(form.get_by_label("Title")).to_be_focused()
    form.get_by_label("Does").fill("Typed before the mistake")
    form.get_by_role("button", name="Add touchpoint").click()
    expect(form.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#id_title_errors")).to_have_text("This field is required.")
    expect(form.get_by_label("Does")).to_have_value("Typed before the mistake")
    form.get_by_role("button", name="Cancel").click()

    # Keyboard: focus the "next stage" button and press Enter.
    move_next = page.get_by_role("button", name="Move to next stage Live chat with an adviser")
    move_next.focus()
    page.keyboard.press("Enter")
    expect(card(stage(page, "Purchase"), "Live chat with an adviser")).to_be_visible()
    expect(page.get_by_role("button", name="Move to next stage Live chat with an adviser")).to_be_focused()

    # Drag a card from Awareness to the top of Loyalty.
    dragged = card(stage(page, "Awareness"), "Search engine results")
    target = stage(page, "Loyalty").locator("li.touchpoint").first
    # SortableJS moves the card in the page at once; the save follows. Wait for it, as a reload
    # racing the request would lose the move.
    with page.expect_response(lambda response: response.url.endswith("/move/")) as moved:
        drag(page, dragged.get_by_role("heading"), target.get_by_role("heading"))
    assert moved.value.ok
    expect(card(stage(page, "Loyalty"), "Search engine results")).to_be_visible()
    expect(card(stage(page, "Awareness"), "Search engine results")).to_have_count(0)

    page.reload()
    expect(card(stage(page, "Purchase"), "Live chat with an adviser")).to_be_visible()
    expect(card(stage(page, "Loyalty"), "Search engine results")).to_be_visible()
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
    for name in ["Add touchpoint", "Edit", "Delete", "Move", "Add stage", "Edit map"]:
        expect(page.get_by_role("button", name=re.compile(name))).to_have_count(0)
    expect(page.get_by_role("link", name="Edit map")).to_have_count(0)


def test_editor_adds_renames_and_reorders_stages_in_place(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)
    page.get_by_role("button", name="+ Add stage").click()
    form = page.get_by_role("form", name="New stage")
    form.get_by_label("Name").fill("Advocacy")
    form.get_by_label("Customer goal").fill("Tell friends about the shop")
    form.get_by_role("button", name="Add stage").click()
    expect(stage(page, "Advocacy")).to_contain_text("Tell friends about the shop")
    expect(page.locator("#board-body")).to_have_count(1)

    page.get_by_role("button", name="Edit stage Advocacy").click()
    form = page.get_by_role("form", name="Edit stage Advocacy")
    form.get_by_label("Name").fill("Advocacy & referrals")
    form.get_by_role("button", name="Save stage").click()
    expect(stage(page, "Advocacy & referrals")).to_be_visible()

    page.get_by_role("button", name="Move stage left Advocacy & referrals").click()
    names = page.locator("section.stage h2")
    expect(names).to_have_text(
        ["Awareness", "Consideration", "Purchase", "Post-purchase", "Advocacy & referrals", "Loyalty"]
    )
    page.reload()
    expect(names).to_have_text(
        ["Awareness", "Consideration", "Purchase", "Post-purchase", "Advocacy & referrals", "Loyalty"]
    )
