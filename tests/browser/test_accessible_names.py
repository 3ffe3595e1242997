"""Every control on the main pages has an accessible name, as Chromium computes it."""

import re

import pytest
from playwright.sync_api import expect

from demo import content as demo
from exports.snapshots import snapshot_take
from journeys.models import Journey
from personas.models import Persona

from .board_page import card, cards_in, open_demo_map

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTROL_ROLES = {
    "button",
    "link",
    "textbox",
    "combobox",
    "checkbox",
    "radio",
    "listbox",
    "searchbox",
    "spinbutton",
    "menuitem",
    "tab",
    "switch",
    "slider",
}


def unnamed_controls(page) -> list[str]:
    session = page.context.new_cdp_session(page)
    tree = session.send("Accessibility.getFullAXTree")["nodes"]
    unnamed = []
    for node in tree:
        role = node.get("role", {}).get("value")
        name = (node.get("name") or {}).get("value", "").strip()
        if role in CONTROL_ROLES and not name and not node.get("ignored"):
            unnamed.append(role)
    return unnamed


def test_every_control_on_the_main_pages_has_an_accessible_name(demo_data, login):
    page = login(demo.DEMO_USER)
    journey = Journey.objects.get(title=demo.JOURNEY_TITLE)
    persona = Persona.objects.filter(workspace=journey.workspace).first()
    stage = journey.stages.first()
    card = stage.touchpoints.first()
    snapshot = snapshot_take(journey=journey, name="Before the review", created_by=journey.created_by)
    for path in [
        "/",
        f"/maps/{journey.pk}/",
        f"/maps/{journey.pk}/edit/",
        "/maps/new/",
        f"/maps/{journey.pk}/present/",
        f"/maps/compare/?before={journey.pk}",
        f"/maps/{journey.pk}/copy/",
        "/?order=name&state=current",
        "/personas/",
        f"/personas/{persona.pk}/",
        f"/personas/{persona.pk}/edit/",
        "/personas/new/",
        "/channels/",
        f"/touchpoints/{card.pk}/",
        f"/touchpoints/{card.pk}/edit/",
        f"/stages/{stage.pk}/edit/",
        "/workspaces/new/",
        f"/workspaces/{journey.workspace_id}/members/",  # with its Backups section
        "/restores/new/",
        f"/maps/{journey.pk}/snapshots/",
        f"/snapshots/{snapshot.pk}/",
        f"/snapshots/{snapshot.pk}/compare/",
        f"/snapshots/{snapshot.pk}/restore/",
    ]:
        page.goto(path)
        assert unnamed_controls(page) == [], path
    # And what the board opens beside the map: a new card, a card, a stage, a text cell, the lanes.
    page.goto(f"/maps/{journey.pk}/")
    panel = page.get_by_role("dialog")
    openers = [
        (page.get_by_role("link", name=f"Add touchpoint to {stage.name}"), f"New touchpoint in {stage.name}"),
        (page.locator("#board").get_by_role("link", name=card.title, exact=True), f"Edit touchpoint {card.title}"),
        (page.get_by_role("link", name=f"Edit stage {stage.name}"), f"Stage “{stage.name}”"),
        (page.get_by_role("link", name=re.compile(f"^Edit .* in {stage.name}$")).first, None),
        (page.get_by_role("link", name="Lanes", exact=True), None),
    ]
    for opener, form in openers:
        opener.click()
        expect(panel).to_be_visible()
        if form:
            expect(panel.get_by_role("form", name=form)).to_be_visible()
        page.wait_for_load_state("networkidle")  # the panel's sections have loaded
        assert unnamed_controls(page) == [], form
        page.keyboard.press("Escape")
        expect(panel).to_be_hidden()


def test_a_cards_marks_read_as_one_name_and_a_pain_point_leads_to_its_card(demo_data, login):
    page = login(demo.DEMO_USER)
    open_demo_map(page)
    promotion = card(cards_in(page, "Awareness"), "Promotional e-mail: spring kitchen sale")
    # Emotion, personas and badges: one image whose name says them all, as Chromium computes it.
    marks = promotion.get_by_role("img")
    expect(marks).to_have_count(1)
    name = marks.get_attribute("aria-label")
    assert name.startswith("Emotion: Neutral; Agnieszka") and "Irina" in name
    session = page.context.new_cdp_session(page)
    named = {
        (node.get("name") or {}).get("value")
        for node in session.send("Accessibility.getFullAXTree")["nodes"]
        if node.get("role", {}).get("value") == "image"
    }
    assert name in named

    # A roll-up item (the pain point) goes to its card: the card's title takes the focus.
    page.get_by_role("link", name="The subject line looks like every other promotion.").click()
    expect(promotion.get_by_role("link", name="Promotional e-mail: spring kitchen sale")).to_be_focused()
