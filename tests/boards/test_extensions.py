"""The board's extension point: an app adds a badge, a lane or a page part by registering it, and the
board shows it without any change of its own; whatever a card shows is part of its cache key."""

import copy
from functools import partial

import pytest
from django.db.models.functions import Length, Upper
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import format_html

from boards.extensions import Badge, BadgeTarget, Lane, PagePart, PageSlot, board_extensions
from boards.partials import CardRenderer, board_context, card_key
from boards.selectors import GuestView, board_for
from journeys.models import LaneKind
from journeys.services import lane_create
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
    with django_assert_num_queries(9):  # the same 9 as without these badges (tests/boards/test_board.py)
        html = client.get(reverse("boards:board", args=[journey.pk])).content.decode()
    assert "AWARENESS" in html and html.count('class="length-badge"') == 12 + 5


def test_a_registered_lane_shows_a_cell_under_every_stage_of_the_maps_that_add_it(
    team, journey, touchpoint, client_for, registered
):
    def cells(journey, stages):
        counts = {stage.pk: len(stage.cards) for stage in stages}
        return {pk: format_html("<p>{} card(s)</p>", count) for pk, count in counts.items()}

    registered(Lane(key="card-count", label=lambda: "Cards here", cells=cells))
    assert "Cards here" not in board(client_for(team.viewer), journey)
    lane = lane_create(journey=journey, kind=LaneKind.APP, source="card-count")
    html = board(client_for(team.viewer), journey)
    assert html.count(f'<div class="cell cell-app" id="cell-{lane.pk}-') == 5
    assert f'<span class="lane-name" id="row-{lane.pk}-name">Cards here</span>' in html
    assert "<p>1 card(s)</p>" in html and html.count("<p>0 card(s)</p>") == 4


def test_a_share_links_guest_sees_a_lane_only_as_it_draws_itself_for_guests(team, journey, touchpoint, registered):
    def cells(journey, stages, *, links=True):
        link = format_html('<a href="{}">more</a>', "/members/only/") if links else ""
        return {stage.pk: format_html("<p>{} card(s)</p>{}", len(stage.cards), link) for stage in stages}

    registered(Lane(key="for-members", label=lambda: "Members' lane", cells=cells))
    registered(
        Lane(key="for-all", label=lambda: "Everyone's lane", cells=cells, guest_cells=partial(cells, links=False))
    )
    lane_create(journey=journey, kind=LaneKind.APP, source="for-members")
    lane_create(journey=journey, kind=LaneKind.APP, source="for-all")
    guest = GuestView(urls={"board": "/b/", "parts": "/p/", "events": "/e/", "card": "/c/{pk}/"})
    request = RequestFactory().get("/b/")
    rows = {row.label: row for row in board_context(request, journey, False, guest=guest)["grid"].rows}
    assert "Members' lane" not in rows and "/members/only/" not in rows["Everyone's lane"].html
    assert "<p>1 card(s)</p>" in rows["Everyone's lane"].html
    hidden = GuestView(urls=guest.urls, hidden=frozenset({"for-all"}))
    assert "Everyone's lane" not in {
        row.label for row in board_context(request, journey, False, guest=hidden)["grid"].rows
    }
    members = {row.label for row in board_context(request, journey, True)["grid"].rows}
    assert {"Members' lane", "Everyone's lane"} <= members


def test_a_lanes_annotations_are_built_and_compiled_once_and_read_with_the_stages(team, journey, registered):
    built = []

    def annotations(journey):
        built.append(journey.pk)
        return {"name_length": Length("name")}

    registered(Lane(key="lengths", label=lambda: "Lengths", cells=lambda journey, stages: {}, annotations=annotations))
    assert not hasattr(board_for(journey).stages[0], "name_length")  # not on the map: not read
    lane_create(journey=journey, kind=LaneKind.APP, source="lengths")
    for _ in range(3):
        stages = board_for(journey).stages
    assert built == [journey.pk]  # the same for every map: built and compiled to SQL once
    assert [stage.name_length for stage in stages] == [len(stage.name) for stage in stages]


def test_the_apps_of_this_project_register_their_badges_and_page_parts():
    card_badges = [badge.key for badge in board_extensions.badges(BadgeTarget.CARD)]
    stage_badges = [badge.key for badge in board_extensions.badges(BadgeTarget.STAGE)]
    strategy_badges = [badge.key for badge in board_extensions.badges(BadgeTarget.STRATEGY)]
    assert card_badges == ["card_metric", "strategy_count", "evidence_summary", "open_opportunities", "comment_count"]
    assert stage_badges == ["is_stale"]
    assert strategy_badges == ["comment_count"]
    assert [lane.key for lane in board_extensions.lanes()] == ["strategies", "metrics", "evidence", "opportunities"]
    assert [section.key for section in board_extensions.card_sections()] == [
        "metrics",
        "evidence",
        "opportunities",
        "strategies",
        "comments",
    ]
    parts = board_extensions.page_parts()
    assert parts[PageSlot.MENUS] == ["exports/_board_menu.html"]
    assert parts[PageSlot.TOOLS] == ["metrics/_heat_toggle.html"]
    assert {"strategies/_head.html", "metrics/_head.html", "evidence/_head.html"} <= set(parts[PageSlot.HEAD])
    assert len(parts[PageSlot.ACTIONS]) == 8
    assert "sharing/_board_link.html" in parts[PageSlot.ACTIONS]


def test_a_page_part_is_included_in_its_slot(team, journey, client_for, templates):
    templates({"parts/action.html": '<a class="button" href="#">Roadmap for {{ journey.title }}</a>'})
    part = PagePart(PageSlot.ACTIONS, "parts/action.html", order=99)
    board_extensions.add_page_part(part)
    try:
        html = board(client_for(team.viewer), journey)
    finally:
        board_extensions._parts.remove(part)
    assert "Roadmap for Retail journey" in html


def _key_of(journey, touchpoint, renderer) -> str:
    board = board_for(journey)
    [card] = [card for stage in board.stages for card in stage.cards if card.pk == touchpoint.pk]
    return card_key(card, renderer.scope)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Autumn sale"),
        ("does", "Opens it"),
        ("thinks", "Another one?"),
        ("feels", "Bored"),
        ("emotion", -2),
        ("pain_points", "Too many"),
        ("opportunities", "Fewer, better"),
    ],
)
def test_the_card_cache_key_follows_every_column_the_card_is_read_from(team, journey, touchpoint, field, value):
    for text in ("does", "thinks", "feels"):  # (the map's template gathers pain points and opportunities)
        lane_create(journey=journey, kind=LaneKind.ROLLUP, rollup_field=text)
    renderer = CardRenderer(can_edit=False, personas=journey.personas.all())
    before = _key_of(journey, touchpoint, renderer)
    # Behind the services' back, so nothing else (the version) changes with it.
    Touchpoint.objects.filter(pk=touchpoint.pk).update(**{field: value})
    assert _key_of(journey, touchpoint, renderer) != before


def test_a_text_no_roll_up_lane_shows_is_not_read_with_the_cards(team, journey, touchpoint):
    renderer = CardRenderer(can_edit=False, personas=journey.personas.all())
    before = _key_of(journey, touchpoint, renderer)
    Touchpoint.objects.filter(pk=touchpoint.pk).update(does="Opens it")
    assert _key_of(journey, touchpoint, renderer) == before
    [card] = [card for stage in board_for(journey).stages for card in stage.cards]
    assert (card.does, card.pain_points) == ("", touchpoint.pain_points)


def test_the_card_cache_key_follows_a_new_badge_and_the_personas_looks(
    team, journey, touchpoint, persona, registered, title_length_badge
):
    plain = CardRenderer(can_edit=False, personas=[])
    with_badge = _key_of(journey, touchpoint, plain)
    board_extensions.remove("title_length")
    assert _key_of(journey, touchpoint, plain) != with_badge  # a badge's value is part of the card's row
    before = _key_of(journey, touchpoint, CardRenderer(can_edit=False, personas=[persona]))
    persona.color = "#be123c"
    after = _key_of(journey, touchpoint, CardRenderer(can_edit=False, personas=[persona]))
    assert before != after
    assert _key_of(journey, touchpoint, CardRenderer(can_edit=True, personas=[persona])) != after


def test_an_edited_card_is_rendered_again_and_an_unchanged_one_comes_from_the_cache(
    team, journey, touchpoint, client_for
):
    client = client_for(team.viewer)
    board(client, journey)
    rendered = CardRenderer.rendered
    board(client, journey)
    assert CardRenderer.rendered == rendered
    touchpoint_update(touchpoint=touchpoint, title="Autumn sale")
    assert "Autumn sale" in board(client, journey)
    assert CardRenderer.rendered == rendered + 1
