"""The board's extension point: an app adds a badge, a lane or a page part by registering it, and the
board shows it without any change of its own; whatever a card shows is part of its cache key."""

import copy
import dataclasses

import pytest
from django.db.models.functions import Length, Upper
from django.urls import reverse
from django.utils.html import format_html

from boards.extensions import Badge, BadgeTarget, Lane, PagePart, PageSlot, board_extensions
from boards.partials import CardFragments, card_fragments
from boards.selectors import Card
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create, touchpoint_update


def board(client, journey) -> str:
    return client.get(reverse("boards:board", args=[journey.pk])).content.decode()


@pytest.fixture
def registered():
    """Register extensions for one test; they are taken away after it."""
    keys = []

    def register(extension):
        if isinstance(extension, Badge):
            board_extensions.add_badge(extension)
        else:
            board_extensions.add_lane(extension)
        keys.append(extension.key)
        return extension

    yield register
    for key in keys:
        board_extensions.remove(key)


@pytest.fixture
def templates(tmp_path, settings):
    """`templates({"name.html": "..."})`: templates of the test's own, found by Django's engine."""

    def write(files: dict[str, str]) -> None:
        for name, text in files.items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(text)
        django_engine = copy.deepcopy(settings.TEMPLATES[0])
        django_engine["DIRS"] = [*django_engine["DIRS"], tmp_path]
        settings.TEMPLATES = [django_engine, *settings.TEMPLATES[1:]]

    return write


@pytest.fixture
def title_length_badge(registered, templates):
    templates(
        {
            "badges/length.html": '<span class="length-badge" id="length-{{ pk }}">{{ value }} letters in {{ name }}</span>'
        }
    )
    return registered(
        Badge(
            key="title_length",
            target=BadgeTarget.CARD,
            value=lambda journey: Length("title"),
            template="badges/length.html",
        )
    )


def test_a_registered_card_badge_shows_on_every_card_with_its_value(
    team, journey, touchpoint, client_for, title_length_badge
):
    html = board(client_for(team.viewer), journey)
    assert f'<span class="length-badge" id="length-{touchpoint.pk}">18 letters in Promotional e-mail</span>' in html


def test_a_badge_value_change_shows_at_once_because_the_cache_key_follows_it(
    team, journey, touchpoint, client_for, title_length_badge
):
    client = client_for(team.viewer)
    assert "18 letters" in board(client, journey)
    # A change that only the badge sees: the card's own fields and version stay as they were.
    Touchpoint.objects.filter(pk=touchpoint.pk).update(title="Promo")
    html = board(client, journey)
    assert "5 letters in Promo" in html and "18 letters" not in html


def test_the_name_in_a_badge_is_escaped_and_cannot_bring_a_placeholder(
    team, journey, channel, client_for, title_length_badge
):
    stage = journey.stages.first()
    card = touchpoint_create(stage=stage, channel=channel, title="<b>__PK__</b>")
    html = board(client_for(team.viewer), journey)
    assert f'id="length-{card.pk}">13 letters in &lt;b&gt;__PK__&lt;/b&gt;</span>' in html


def test_badges_are_read_in_the_boards_own_queries(
    team, journey, channel, client_for, registered, title_length_badge, django_assert_num_queries
):
    # One more badge, on stages this time: still no query of its own.
    registered(
        Badge(
            key="loud_name",
            target=BadgeTarget.STAGE,
            value=lambda journey: Upper("name"),
            template="badges/length.html",
        )
    )
    for index in range(12):
        touchpoint_create(stage=journey.stages.first(), channel=channel, title=f"Card {index}")
    client = client_for(team.editor)
    with django_assert_num_queries(9):  # the same 9 as a board without badges (tests/boards/test_board.py)
        html = client.get(reverse("boards:board", args=[journey.pk])).content.decode()
    assert "AWARENESS" in html and html.count('class="length-badge"') == 12 + 5


def test_a_registered_lane_shows_a_cell_under_every_stage(team, journey, touchpoint, client_for, registered):
    def cells(journey, stages):
        counts = {stage.pk: len(stage.cards) for stage in stages}
        return {pk: format_html("<p>{} card(s)</p>", count) for pk, count in counts.items()}

    registered(Lane(key="card-count", label=lambda: "Cards here", cells=cells))
    html = board(client_for(team.viewer), journey)
    assert html.count('<div class="lane lane-card-count">') == 5
    assert html.count("<h3>Cards here</h3>") == 5
    assert "<p>1 card(s)</p>" in html and html.count("<p>0 card(s)</p>") == 4


def test_the_apps_of_this_project_register_their_badges_and_page_parts():
    card_badges = [badge.key for badge in board_extensions.badges(BadgeTarget.CARD)]
    stage_badges = [badge.key for badge in board_extensions.badges(BadgeTarget.STAGE)]
    strategy_badges = [badge.key for badge in board_extensions.badges(BadgeTarget.STRATEGY)]
    assert card_badges == ["strategy_count", "comment_count"]
    assert stage_badges == ["is_stale", "strategy_count"]
    assert strategy_badges == ["comment_count"]
    parts = board_extensions.page_parts()
    assert parts[PageSlot.MENUS] == ["exports/_board_menu.html"]
    assert "strategies/_head.html" in parts[PageSlot.HEAD]
    assert len(parts[PageSlot.ACTIONS]) == 4


def test_a_page_part_is_included_in_its_slot(team, journey, client_for, templates):
    templates({"parts/action.html": '<a class="button" href="#">Roadmap for {{ journey.title }}</a>'})
    part = PagePart(PageSlot.ACTIONS, "parts/action.html", order=99)
    board_extensions.add_page_part(part)
    try:
        html = board(client_for(team.viewer), journey)
    finally:
        board_extensions._parts.remove(part)
    assert "Roadmap for Retail journey" in html


def test_the_card_cache_key_follows_every_field_of_the_card_even_a_new_one():
    @dataclasses.dataclass(slots=True)
    class CardWithScore(Card):
        score: int = 0

    base = {field.name: getattr(_card(), field.name) for field in dataclasses.fields(Card)}
    scope = ("en", True, "/")
    assert CardFragments.key(CardWithScore(**base, score=1), scope) != CardFragments.key(
        CardWithScore(**base, score=2), scope
    )
    # ...and every field Card has today, badges and persona marks included.
    card = _card()
    for field in dataclasses.fields(Card):
        changed = dataclasses.replace(card, **{field.name: _other(getattr(card, field.name))})
        assert CardFragments.key(changed, scope) != CardFragments.key(card, scope), field.name


def _card() -> Card:
    return Card(1, 2, "Title", "does", "thinks", "feels", 0, "pain", "chance", 3, "E-mail", "Olivia", [], {"n": 1})


def _other(value):
    if isinstance(value, dict):
        return {**value, "n": 2}
    if isinstance(value, list):
        return [*value, "someone"]
    if isinstance(value, int):
        return value + 1
    return value + "!"


def test_an_edited_card_is_rendered_again_and_an_unchanged_one_comes_from_the_cache(
    team, journey, touchpoint, client_for
):
    client = client_for(team.viewer)
    board(client, journey)
    hits, misses = card_fragments.hits, card_fragments.misses
    board(client, journey)
    assert (card_fragments.hits - hits, card_fragments.misses - misses) == (1, 0)
    touchpoint_update(touchpoint=touchpoint, title="Autumn sale")
    assert "Autumn sale" in board(client, journey)
    assert card_fragments.misses - misses == 1
