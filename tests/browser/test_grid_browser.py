"""The map as a grid in real Chromium: what lines up, what a keyboard reaches, what a phone shows."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from demo import content as demo
from journeys.models import Journey
from journeys.services import journey_create, stage_create
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create
from workspaces.models import Workspace

from .board_page import card, card_link, cards_in, open_card, open_demo_map, panel, stage_names

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
EMOTIONS = [-2, -1, 0, 1, 2, 1, 0, -1, 2, 1]
CARD_COUNTS = [9, 1, 2, 0, 4, 7, 1, 3, 5, 2]


@pytest.fixture
def ten_stage_map(demo_data) -> Journey:
    """A map of 10 stages whose card counts differ a lot (0 to 9 cards), each stage's cards of one emotion."""
    workspace = Workspace.objects.get(name=demo.WORKSPACE_NAME)
    owner = get_user_model().objects.get(username=demo.DEMO_USER)
    journey = journey_create(workspace=workspace, title="Ten stages", template="blank", created_by=owner)
    channel = workspace.channels.first()
    for index, (emotion, count) in enumerate(zip(EMOTIONS, CARD_COUNTS, strict=True)):
        stage = stage_create(journey=journey, name=f"Stage {index + 1}")
        for number in range(count):
            touchpoint_create(stage=stage, channel=channel, title=f"Card {index + 1}.{number + 1}", emotion=emotion)
    return journey


def centre_x(box) -> float:
    return box["x"] + box["width"] / 2


def stage_heads(page):
    return page.locator("#board .stage-head")


def curve_cells(page):
    return page.locator("#board .cell-curve")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440x900", "390x844"])
def test_each_curve_point_sits_over_its_stage(ten_stage_map, login, viewport):
    page = login(demo.DEMO_USER)
    page.set_viewport_size(viewport)
    page.goto(f"/maps/{ten_stage_map.pk}/")
    expect(stage_heads(page)).to_have_count(10)
    for index in range(10):
        if viewport is PHONE:
            # One stage at a time, stepped through with the stage picker.
            page.get_by_label("Stage shown").select_option(label=f"Stage {index + 1}")
        head = stage_heads(page).nth(index)
        head.scroll_into_view_if_needed()
        expect(head).to_be_visible()
        point = curve_cells(page).nth(index).locator("circle")
        if not CARD_COUNTS[index]:
            expect(point).to_have_count(0)  # no cards, no point: the line runs on past the stage
            continue
        expect(point).to_have_count(1)
        point.scroll_into_view_if_needed()
        head_box, point_box = head.bounding_box(), point.bounding_box()
        assert abs(centre_x(point_box) - centre_x(head_box)) <= 3, (index, head_box, point_box)
        if viewport is PHONE:
            assert head_box["x"] >= 0 and head_box["x"] + head_box["width"] <= viewport["width"]


def test_the_cells_of_one_lane_share_one_row(ten_stage_map, login):
    page = login(demo.DEMO_USER)
    page.set_viewport_size(DESKTOP)
    page.goto(f"/maps/{ten_stage_map.pk}/")
    for lane in ("Touchpoints", "Pain points", "Opportunities", "Emotion curve", "Strategies"):
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=lane))
        cells = row.get_by_role("gridcell")
        expect(cells).to_have_count(10)
        # Read in one go: the page above the grid may still grow (presence arriving) between two reads.
        boxes = cells.evaluate_all(
            "cells => cells.map(cell => { const box = cell.getBoundingClientRect(); return {top: box.top, height: box.height}; })"
        )
        tops = {round(box["top"]) for box in boxes}
        assert len(tops) == 1, (lane, tops)
        heights = {round(box["height"]) for box in boxes}
        assert len(heights) == 1, (lane, heights)
    # The stage with 9 cards and the one with none sit in the same row of the grid.
    assert cards_in(page, "Stage 1").locator("li").count() == 9
    assert cards_in(page, "Stage 4").locator("li").count() == 0


def test_keyboard_only_reach_open_edit_save_and_move_a_card(demo_data, login):
    page = login(demo.DEMO_USER)
    page.set_viewport_size(DESKTOP)
    open_demo_map(page)

    # Tab from the top of the page: the grid is one Tab stop, after the filters and view tools.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#board') !== null"):
            break
    else:
        pytest.fail("Tab never reached the grid")
    first_card = cards_in(page, "Awareness").locator("li.touchpoint > a").first
    expect(first_card).to_be_focused()  # the first card of the first stage
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#board') === null"), "the grid is one Tab stop"
    page.keyboard.press("Shift+Tab")
    expect(first_card).to_be_focused()

    # Arrow keys: right to the next stage's first card, down to the card below it.
    page.keyboard.press("ArrowRight")
    second_stage = cards_in(page, "Consideration").locator("li.touchpoint > a")
    expect(second_stage.first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(second_stage.nth(1)).to_be_focused()
    title = second_stage.nth(1).text_content()

    # Enter opens it beside the map; Esc closes it and gives the focus back.
    page.keyboard.press("Enter")
    expect(panel(page)).to_be_visible()
    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    expect(card_link(cards_in(page, "Consideration"), title)).to_be_focused()

    # Open again, edit the title, save with the keyboard: the focus comes back to the card.
    page.keyboard.press("Enter")
    form = panel(page).get_by_role("form", name=f"Edit touchpoint {title}")
    title_field = form.get_by_label("Title")
    title_field.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("Compared on a phone")
    save = form.get_by_role("button", name="Save touchpoint")
    for _ in range(30):
        if page.evaluate("document.activeElement.textContent") == "Save touchpoint":
            break
        page.keyboard.press("Tab")
    expect(save).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel(page)).to_be_hidden()
    moved = card_link(cards_in(page, "Consideration"), "Compared on a phone")
    expect(moved).to_be_focused()

    # Shift+→ moves it to the next stage; the focus moves with it.
    page.keyboard.press("Shift+ArrowRight")
    expect(card(cards_in(page, "Purchase"), "Compared on a phone")).to_be_visible()
    expect(card_link(cards_in(page, "Purchase"), "Compared on a phone")).to_be_focused()
    titles = cards_in(page, "Purchase").locator("li.touchpoint > a")
    place = titles.all_text_contents().index("Compared on a phone")
    assert place > 0
    # Shift+↑ moves it up in its stage.
    page.keyboard.press("Shift+ArrowUp")
    expect(titles.nth(place - 1)).to_have_text("Compared on a phone")
    expect(card_link(cards_in(page, "Purchase"), "Compared on a phone")).to_be_focused()


def test_a_stage_moved_from_its_panel_keeps_the_focus_and_the_grid_follows(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)
    page.get_by_role("link", name="Edit stage Purchase").click()
    move_right = panel(page).get_by_role("button", name="Move stage right Stage “Purchase”")
    move_right.focus()
    page.keyboard.press("Enter")
    expect(stage_names(page)).to_have_text(["Awareness", "Consideration", "Post-purchase", "Purchase", "Loyalty"])
    expect(move_right).to_be_focused()
    # The cards moved with their column.
    expect(card(cards_in(page, "Purchase"), "Online store checkout")).to_be_visible()


def test_on_a_phone_the_top_bar_wraps_and_the_board_shows_one_stage_at_a_time(demo_data, login):
    page = login(demo.DEMO_USER)
    page.set_viewport_size(PHONE)
    open_demo_map(page)
    nav = page.get_by_role("navigation", name="Main")
    for link in [*nav.get_by_role("link").all(), page.get_by_role("button", name="Log out")]:
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], link
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    visible = stage_heads(page).filter(visible=True)
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("Awareness")
    page.get_by_role("button", name="Next stage").click()
    expect(visible).to_contain_text("Consideration")
    expect(cards_in(page, "Consideration")).to_be_visible()
    expect(cards_in(page, "Awareness")).to_be_hidden()
    page.get_by_role("button", name="Previous stage").click()
    expect(visible).to_contain_text("Awareness")


def test_the_maps_actions_stay_in_place_with_or_without_a_description(ten_stage_map, login):
    page = login(demo.DEMO_USER)
    page.set_viewport_size(DESKTOP)
    open_demo_map(page)
    with_description = page.get_by_role("link", name="Edit map").bounding_box()
    page.goto(f"/maps/{ten_stage_map.pk}/")  # no description
    without = page.get_by_role("link", name="Edit map").bounding_box()
    assert (round(without["x"]), round(without["y"])) == (round(with_description["x"]), round(with_description["y"]))


def test_density_and_a_collapsed_stage_stay_after_a_reload_and_work_from_the_keyboard(demo_data, login):
    page = login(demo.DEMO_USER)
    page.set_viewport_size(DESKTOP)
    open_demo_map(page)
    compact = page.get_by_role("button", name="Compact")
    compact.click()
    expect(compact).to_have_attribute("aria-pressed", "true")
    awareness = page.get_by_role("columnheader", name="Awareness")
    wide = awareness.bounding_box()["width"]

    # From the stage's name, ↓ reaches its collapse button; Enter folds the column.
    awareness.get_by_role("heading", name="Awareness").focus()
    collapse = awareness.get_by_role("button", name="Collapse or expand stage Awareness")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.hasAttribute('data-collapse')"):
            break
    expect(collapse).to_be_focused()
    page.keyboard.press("Enter")
    expect(collapse).to_have_attribute("aria-expanded", "false")
    assert awareness.bounding_box()["width"] < wide / 3

    page.reload()
    expect(page.get_by_role("button", name="Compact")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Collapse or expand stage Awareness")).to_have_attribute(
        "aria-expanded", "false"
    )
    page.get_by_role("button", name="Collapse or expand stage Awareness").click()
    expect(page.get_by_role("button", name="Collapse or expand stage Awareness")).to_have_attribute(
        "aria-expanded", "true"
    )


def test_a_card_moved_from_its_panel_can_be_saved_there_after(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)
    form = open_card(page, "Online store checkout")
    next_stage = panel(page).get_by_role("button", name="Move to next stage Online store checkout")
    next_stage.click()
    expect(card(cards_in(page, "Post-purchase"), "Online store checkout")).to_be_visible()
    expect(next_stage).to_be_focused()  # the panel is drawn again around the pressed button
    form = panel(page).get_by_role("form", name="Edit touchpoint Online store checkout")
    expect(form.get_by_label("Stage")).to_have_value(
        str(Touchpoint.objects.get(title="Online store checkout").stage_id)
    )
    form.get_by_label("Title").fill("Online checkout")
    form.get_by_role("button", name="Save touchpoint").click()
    expect(panel(page)).to_be_hidden()  # saved, not a conflict with its own move
    expect(card(cards_in(page, "Post-purchase"), "Online checkout")).to_be_visible()


def test_the_arrow_keys_pass_a_folded_stage(demo_data, login):
    page = login(demo.DEMO_USER)
    page.set_viewport_size(DESKTOP)
    open_demo_map(page)
    page.get_by_role("button", name="Collapse or expand stage Consideration").click()
    first = cards_in(page, "Awareness").locator("li.touchpoint > a").first
    first.focus()
    page.keyboard.press("ArrowRight")  # onto the folded Consideration cell
    assert page.evaluate("document.activeElement.classList.contains('collapsed')")
    page.keyboard.press("ArrowRight")  # and on to Purchase
    expect(cards_in(page, "Purchase").locator("li.touchpoint > a").first).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # the grid's one Tab stop follows the focus
    expect(cards_in(page, "Purchase").locator("li.touchpoint > a").first).to_be_focused()


def test_stage_names_and_lane_names_stay_in_sight_while_scrolling(ten_stage_map, login):
    page = login(demo.DEMO_USER)
    page.set_viewport_size({"width": 1000, "height": 600})
    page.goto(f"/maps/{ten_stage_map.pk}/")
    head = stage_heads(page).first
    label = page.get_by_role("rowheader", name="Pain points")
    scroller = page.locator(".grid-scroll")
    scroller.evaluate("el => { el.scrollTop = el.scrollHeight; el.scrollLeft = el.scrollWidth; }")
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(100)
    head_box, label_box = head.bounding_box(), label.bounding_box()
    assert 0 <= head_box["y"] < 600, head_box  # the stage names' row stays at the top
    assert 0 <= label_box["x"] < 200, label_box  # the lane names' column stays at the left
