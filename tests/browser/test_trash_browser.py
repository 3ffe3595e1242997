"""The trash in Chromium: a stage deleted on the board is restored from the workspace's Trash page, at
its place, with its cards."""

import pytest
from playwright.sync_api import expect

from demo import content as demo

from .board_page import card, cards_in, open_demo_map, panel, stage_names
from .test_accessible_names import unnamed_controls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_deleted_stage_is_restored_from_the_trash_page(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)
    stages = stage_names(page).all_text_contents()
    assert "Consideration" in stages
    page.on("dialog", lambda dialog: dialog.accept())  # "Delete this stage and all its touchpoints?"

    page.get_by_role("link", name="Edit stage Consideration").click()
    panel(page).get_by_role("button", name="Delete stage Stage “Consideration”").click()
    expect(stage_names(page)).to_have_count(len(stages) - 1)
    expect(page.locator("#undo-toast")).to_contain_text("Stage “Consideration” moved to the trash.")
    assert unnamed_controls(page) == []

    # The toast's link leads to the Trash page, where the stage is listed with who deleted it.
    page.locator("#undo-toast").get_by_role("link", name="Trash").click()
    expect(page.get_by_role("heading", level=1, name="Trash")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Consideration"))
    expect(row).to_contain_text("Demo User")
    expect(row).to_contain_text(demo.JOURNEY_TITLE)
    assert unnamed_controls(page) == []
    row.get_by_role("button", name="Restore “Consideration”").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Stage “Consideration” is back on the map “{demo.JOURNEY_TITLE}”."
    )
    expect(page.get_by_text("The trash is empty.")).to_be_visible()

    page.get_by_role("link", name="Open the map").click()
    expect(stage_names(page)).to_have_text(stages)
    expect(card(cards_in(page, "Consideration"), "Product page and reviews")).to_be_visible()


def delete_the_demo_map(page):
    """Delete the demo map through its pages, as a person does; the dashboard's toast."""
    open_demo_map(page)
    page.get_by_role("link", name="Edit map").click()
    page.get_by_role("link", name="Delete map").click()
    page.get_by_role("button", name="Delete map").click()
    expect(page.get_by_role("heading", level=1, name="Journey maps")).to_be_visible()
    return page.locator("#undo-toast")


def test_a_deleted_map_comes_back_with_the_undo_the_dashboard_offers(demo_data, login):
    page = login(demo.DEMO_USER)
    toast = delete_the_demo_map(page)

    # Back on the dashboard: the map is gone, and the toast's Undo has the focus, so Enter undoes.
    expect(page.get_by_role("link", name=demo.JOURNEY_TITLE, exact=True)).to_have_count(0)
    expect(toast).to_contain_text(f"Map “{demo.JOURNEY_TITLE}” moved to the trash.")
    expect(toast.get_by_role("button", name="Undo")).to_be_focused()
    assert unnamed_controls(page) == []
    page.wait_for_load_state("load")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1, name=demo.JOURNEY_TITLE)).to_be_visible()
    expect(card(cards_in(page, "Consideration"), "Product page and reviews")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Maps").click()
    expect(page.get_by_role("link", name=demo.JOURNEY_TITLE, exact=True)).to_be_visible()
    expect(toast).to_be_empty()


def test_escape_closes_the_dashboards_undo_toast_and_the_focus_goes_to_its_heading(demo_data, login):
    page = login(demo.DEMO_USER)
    toast = delete_the_demo_map(page)
    expect(toast.get_by_role("button", name="Undo")).to_be_focused()
    page.wait_for_load_state("load")
    page.keyboard.press("Escape")
    expect(toast).to_be_empty()
    expect(toast).to_be_hidden()
    expect(page.get_by_role("heading", level=1, name="Journey maps")).to_be_focused()  # not lost to the page
