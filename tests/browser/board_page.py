"""How the browser tests find their way around the board grid, as a person does: by names."""

from playwright.sync_api import expect

from demo import content as demo


def open_demo_map(page):
    page.get_by_role("link", name=demo.JOURNEY_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=demo.JOURNEY_TITLE)).to_be_visible()
    # The heading shows before the deferred scripts run: wait until htmx has bound the page.
    page.wait_for_load_state("load")


def cards_in(page, stage_name: str, lane: str = "Touchpoints"):
    """The list of cards in one stage's cell of a cards row ("Touchpoints", or a channel's row)."""
    return page.get_by_role("list", name=f"{lane} in {stage_name}", exact=True)


def card(container, title: str):
    """A card, found by the link its title is."""
    page = getattr(container, "page", container)  # a locator, or the page itself
    return container.locator("li.touchpoint").filter(has=page.get_by_role("link", name=title, exact=True))


def card_link(container, title: str):
    return container.get_by_role("link", name=title, exact=True)


def panel(page):
    return page.get_by_role("dialog")


def open_card(page, title: str):
    """Open a card beside the map and return its edit form."""
    card_link(page.locator("#board"), title).click()
    form = panel(page).get_by_role("form", name=f"Edit touchpoint {title}")
    expect(form).to_be_visible()
    return form


def stage_names(page):
    return page.locator("#board .stage-head h2")
