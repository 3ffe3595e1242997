"""Search from the header in Chromium, in Korean and in Russian (issue 12)."""

import pytest
from playwright.sync_api import expect

from demo import content as demo
from journeys.models import Journey
from touchpoints.services import touchpoint_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_from_the_header_in_korean_and_russian(demo_data, login):
    journey = Journey.objects.get(title=demo.JOURNEY_TITLE)
    stage = journey.stages.order_by("position").first()
    channel = stage.touchpoints.first().channel
    touchpoint_create(stage=stage, channel=channel, title="배송이 빨라요")
    touchpoint_create(stage=stage, channel=channel, title="Звонок Клиента")
    page = login(demo.DEMO_USER)
    box = page.get_by_role("searchbox", name="Search maps, cards, personas, strategies and comments")
    box.fill("배송")
    box.press("Enter")
    results = page.get_by_role("region", name="Touchpoints")
    expect(results.get_by_role("link", name="배송이 빨라요")).to_be_visible()
    expect(results.locator("mark")).to_have_text(["배송이"])

    box = page.get_by_role("searchbox", name="Search maps, cards, personas, strategies and comments")
    box.fill("клиент")
    box.press("Enter")
    expect(page.get_by_role("region", name="Touchpoints").get_by_role("link", name="Звонок Клиента")).to_be_visible()
    page.get_by_role("region", name="Touchpoints").get_by_role("link", name="Звонок Клиента").click()
    expect(page.get_by_role("heading", name="Звонок Клиента", exact=True)).to_be_visible()
