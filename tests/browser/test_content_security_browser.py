"""The Content-Security-Policy in Chromium: the pages that had inline script (the language menu, the
members page's copy buttons, the strategy and comment panels' close buttons) work under it, and the
browser reports no violation on any of them."""

import re

import pytest
from playwright.sync_api import expect

from demo import content as demo
from journeys.models import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_the_pages_work_under_the_policy_and_break_none_of_it(demo_data, login, live_server):
    page = login(demo.DEMO_USER)
    page.context.add_init_script(WATCH)
    journey = Journey.objects.get(title=demo.JOURNEY_TITLE)
    seen = []
    for path in (
        "/",
        f"/maps/{journey.pk}/",
        f"/maps/{journey.pk}/strategies/",
        f"/maps/{journey.pk}/guide/",
        f"/workspaces/{journey.workspace_id}/members/",
        "/api/docs/",
    ):
        response = page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        seen.extend(page.evaluate("window.__violations"))
    assert seen == []
    expect(page.locator(".swagger-ui")).to_be_visible()  # Swagger UI's set-up runs as a script of its own

    # The language menu still sends its form.
    page.goto("/")
    page.get_by_label("Language").select_option("pl")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    page.get_by_label("Język").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.evaluate("window.__violations") == []


def test_a_strategy_image_from_elsewhere_is_not_loaded(demo_data, login, live_server):
    from strategies.models import Strategy

    strategy = Strategy.objects.filter(journey__title=demo.JOURNEY_TITLE).first()
    Strategy.objects.filter(pk=strategy.pk).update(body="Look: ![pixel](https://tracker.example/p.gif?who=me)")
    page = login(demo.DEMO_USER)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"/strategies/{strategy.pk}/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "tracker.example" in url]
    assert re.search(r"<img[^>]*alt=\"pixel\"", page.content()) and "tracker.example" not in page.content()
