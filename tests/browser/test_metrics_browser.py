import pytest
from playwright.sync_api import expect

from demo import content as demo

from .board_page import open_demo_map

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_channel_report_and_a_metric_chart_say_the_same_as_their_tables(demo_data, login):
    page = login(demo.VIEWER_USER)
    open_demo_map(page)
    page.get_by_role("main").get_by_role("link", name="Metrics", exact=True).click()
    page.get_by_role("link", name="Which channels pay off: the channel report").click()
    table = page.get_by_role("table", name="Channels ranked by ROI")
    expect(table.get_by_role("row")).to_have_count(1 + len(demo.CHANNEL_FIGURES))
    expect(table.get_by_role("row").nth(1).get_by_role("rowheader")).to_have_text("E-mail")
    expect(page.get_by_role("img", name="ROI per channel, as in the table below")).to_be_visible()
    page.goto(page.url.replace("/channels/", "/metrics/"))
    page.get_by_role("link", name="CSAT", exact=True).last.click()
    chart = page.get_by_role("img", name="CSAT over")
    expect(chart).to_be_visible()
    rows = page.get_by_role("table", name="CSAT per period").get_by_role("row")
    expect(rows).to_have_count(1 + demo.MONTHS_OF_READINGS)
