import pytest
from playwright.sync_api import expect

from demo import content as demo

from .board_page import open_demo_map

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPEN = [spec for spec in demo.OPPORTUNITIES if spec[9] in ("idea", "planned", "in_progress")]


def test_every_point_of_the_matrix_is_reached_by_keyboard_and_opens_its_opportunity(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)
    page.get_by_role("main").get_by_role("link", name="Opportunities", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Opportunities")).to_be_visible()
    page.get_by_role("link", name="Impact / effort matrix").click()
    table = page.get_by_role("table", name="The points of the matrix")
    expect(table.get_by_role("row")).to_have_count(1 + len(OPEN))

    page.get_by_role("link", name="Backlog", exact=True).focus()
    reached = []
    for _ in range(len(OPEN)):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert sorted(label.split(":")[0] for label in reached) == sorted(spec[0] for spec in OPEN)
    assert all(", score " in label for label in reached)

    page.keyboard.press("Enter")  # the last point reached
    expect(page.get_by_role("heading", level=1, name="Edit opportunity")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(reached[-1].split(":")[0])
