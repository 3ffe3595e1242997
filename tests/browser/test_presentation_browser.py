"""Presentation mode in Chromium: from the board to one stage at a time, by keyboard, on a projector's
1920 by 1080 screen and on a phone (issue 12)."""

import re

import pytest
from playwright.sync_api import expect

from demo import content as demo
from journeys.models import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_present_a_map_with_the_keyboard_on_a_projector_and_a_phone(demo_data, login):
    journey = Journey.objects.get(title=demo.JOURNEY_TITLE)
    names = list(journey.stages.order_by("position").values_list("name", flat=True))
    page = login(demo.DEMO_USER)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/maps/{journey.pk}/")
    page.get_by_role("link", name="Present", exact=True).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(names[0])
    expect(page.get_by_text(f"Stage 1 of {len(names)}")).to_be_visible()
    expect(page.locator(".topbar")).to_be_hidden()  # the app's header makes room for the stage
    expect(page.get_by_role("img", name=re.compile("^Emotion by stage: "))).to_be_visible()

    page.keyboard.press("ArrowRight")
    expect(heading).to_have_text(names[1])
    page.keyboard.press("ArrowRight")
    expect(heading).to_have_text(names[2])
    page.keyboard.press("ArrowLeft")
    expect(heading).to_have_text(names[1])
    # The buttons work from the keyboard too.
    page.get_by_role("link", name="Next stage").focus()
    page.keyboard.press("Enter")
    expect(heading).to_have_text(names[2])
    page.goto(f"/maps/{journey.pk}/present/?stage={len(names)}")
    expect(page.get_by_role("link", name="Next stage")).to_have_count(0)
    page.keyboard.press("ArrowRight")  # nowhere further: it stays
    expect(heading).to_have_text(names[-1])
    wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1]

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"/maps/{journey.pk}/present/?stage=2")
    expect(heading).to_have_text(names[1])
    narrow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert narrow[0] <= narrow[1]  # nothing wider than the screen
    page.get_by_role("link", name="Leave the presentation").click()
    expect(page).to_have_url(re.compile(rf"/maps/{journey.pk}/$"))
