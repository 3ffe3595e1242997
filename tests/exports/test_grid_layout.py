"""The grid the poster and the board images draw (exports/formats/grid_layout.py): what it holds, in the
board's order, and where it puts it."""

import pytest

from exports.formats.fonts import font_metrics
from exports.formats.grid_layout import (
    CARDS_SHOWN,
    CardContent,
    Paragraph,
    Text,
    grid_content,
    image_layout,
    layout,
)
from exports.selectors import map_document
from journeys.models import LaneKind
from journeys.services import lane_update
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


def texts(placed) -> list[str]:
    return [shape.text for shape in placed.shapes if isinstance(shape, Text)]


def test_rows_follow_the_maps_visible_lanes_in_their_order(laned_map):
    content = grid_content(map_document(laned_map.pk))
    # Zaplecze is hidden; the cards are split by persona (by name), then the cards of no persona.
    assert [(row.label, row.sublabel) for row in content.rows] == [
        ("Customer actions", ""),
        ("Touchpoints", "Zofia Wójcik"),
        ("Touchpoints", "Анна Смирнова"),
        ("Touchpoints", "박지우"),
        ("Touchpoints", "No persona"),
        ("Pain points", ""),
        ("Strategies", ""),
        ("Emotion curve", ""),
    ]
    anna = content.rows[2].cells
    assert [item.title for item in anna[1]] == ["Консультация в магазине"]
    assert [item.title for item in anna[5]] == ["Zwrot towaru — 반품"]


def test_stages_go_across_and_lanes_down(laned_map):
    placed = layout(grid_content(map_document(laned_map.pk)), 1200, font_metrics())
    assert [column.name for column in placed.columns] == [stage.name for stage in laned_map.stages.all()]
    lefts = [column.x for column in placed.columns]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)
    tops = [row.y for row in placed.rows]
    assert tops == sorted(tops) and placed.rows[-1].y + placed.rows[-1].h <= placed.height
    assert placed.width <= 1200


def test_cells_hold_the_cards_texts_and_the_strategies_of_their_stage(strategic_map):
    strategic_map.lanes.filter(kind=LaneKind.CARDS).update(split_by="channel")
    content = grid_content(map_document(strategic_map.pk))
    rows = {(row.label, row.sublabel): row for row in content.rows}
    kakao = rows[("Touchpoints", "카카오톡")].cells
    assert kakao[0] == [CardContent("카카오톡 광고 메시지", "카카오톡 · Positive · 박지우", 1)]
    assert all(cell == [] for cell in kakao[1:])
    pain = rows[("Pain points", "")].cells[0]
    assert pain == [
        Paragraph("• Za dużo wiadomości"),
        Paragraph("Newsletter z rabatem", muted=True, max_lines=1, indent=6.0),
    ]
    strategies = rows[("Strategies", "")].cells
    # As the board's lane: each stage's own strategies not retired (a draft too), not its cards'.
    assert [item.text for item in strategies[0]] == ["• Odpowiadać w ciągu godziny"]
    assert [item.text for item in strategies[1]] == ["• Szkic: program lojalnościowy"]


def test_the_curve_is_each_stages_average_emotion_with_its_neighbours(rich_map):
    content = grid_content(map_document(rich_map.pk))
    curve = next(row for row in content.rows if row.kind == "curve").cells
    assert [(cell.value, cell.before, cell.after) for cell in curve[:4]] == [
        (0.5, None, 2.0),
        (2.0, 0.5, -2.0),
        (-2.0, 2.0, None),
        (None, -2.0, None),
    ]
    one = grid_content(map_document(rich_map.pk), stage_index=1)
    assert [stage.name for stage in one.stages] == ["Consideration"]
    assert next(row for row in one.rows if row.kind == "curve").cells[0].value == 2.0


def test_a_cell_shows_a_bounded_number_of_cards_and_says_how_many_more(rich_map):
    stage = rich_map.stages.first()
    channel = Touchpoint.objects.filter(stage=stage).first().channel
    Touchpoint.objects.bulk_create(
        Touchpoint(stage=stage, channel=channel, title=f"Karta {number}", position=10 + number) for number in range(70)
    )
    cell = next(row for row in grid_content(map_document(rich_map.pk)).rows if row.kind == "cards").cells[0]
    assert len([item for item in cell if isinstance(item, CardContent)]) == CARDS_SHOWN
    assert cell[-1] == Paragraph(f"and {72 - CARDS_SHOWN} more", muted=True)


def test_long_text_is_cut_to_its_lines_with_an_ellipsis_and_control_characters_dropped(rich_map):
    Touchpoint.objects.filter(title="Newsletter z rabatem").update(title="Bardzo długi tytuł\x07 " + "słowo " * 28)
    placed = layout(grid_content(map_document(rich_map.pk)), 1000, font_metrics())
    title_lines = [  # the card's title (the pain points lane names the card too, in a line of its own)
        shape.text for shape in placed.shapes if isinstance(shape, Text) and shape.bold and "słowo" in shape.text
    ]
    assert 1 < len(title_lines) <= 3
    assert title_lines[-1].endswith("…")
    assert "\x07" not in "".join(texts(placed))


def test_a_compact_layout_is_shorter(rich_map):
    Touchpoint.objects.update(title="Długi tytuł karty, który nie mieści się w jednym wierszu kolumny — 긴 제목")
    content = grid_content(map_document(rich_map.pk))
    metrics = font_metrics()
    assert layout(content, 1000, metrics, compact=True).height < layout(content, 1000, metrics).height


def test_a_hidden_lane_is_not_drawn(laned_map):
    lane_update(lane=laned_map.lanes.get(kind=LaneKind.CURVE), hidden=True)
    drawn = texts(image_layout(map_document(laned_map.pk)))
    assert "Emotion curve" not in drawn and "Zaplecze — 백오피스" not in drawn
    assert "Customer actions" in drawn


def test_a_map_without_stages_says_so(team):
    from journeys.services import journey_create

    journey = journey_create(workspace=team.workspace, title="Pusta mapa", template="blank")
    placed = image_layout(map_document(journey.pk))
    assert "This map has no stages yet." in texts(placed) and placed.columns == []
