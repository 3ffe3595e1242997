"""The PDF's first page, the board poster: the grid of the map on A3, or on A2 when the map needs it,
read back with poppler (pdftotext, pdfinfo)."""

import pytest
from django.utils import translation

from channels.models import Channel
from exports.formats import FORMATS
from exports.formats.fonts import font_metrics
from exports.formats.grid_layout import grid_content
from exports.formats.pdf_format import poster_page
from exports.models import ExportFormat
from exports.selectors import map_document
from journeys.services import journey_create, stage_create
from touchpoints.models import Touchpoint

from .helpers import pdf_page_sizes, pdf_page_text

pytestmark = pytest.mark.django_db


def pdf_of(journey) -> bytes:
    return FORMATS[ExportFormat.PDF].render(map_document(journey.pk), progress=None)


def poster_text(data: bytes) -> str:
    """The first page's text with its lines joined: a text wrapped in its cell reads as one."""
    return " ".join(pdf_page_text(data, 1).split())


def big_map(team, *, stages: int, per_stage: int, title: str = "Karta {stage}.{position} — 카드 — Карточка"):
    journey = journey_create(workspace=team.workspace, title="Duża mapa — 큰 지도", template="blank")
    channel = Channel.objects.filter(workspace=team.workspace).first()
    for number in range(stages):
        stage = stage_create(journey=journey, name=f"Etap {number + 1} — 단계 — Этап")
        Touchpoint.objects.bulk_create(
            Touchpoint(
                stage=stage,
                channel=channel,
                position=position,
                title=title.format(stage=number, position=position),
                pain_points="Za długo — 너무 오래 — Слишком долго",
                emotion=position % 5 - 2,
            )
            for position in range(per_stage)
        )
    return journey


def test_the_poster_draws_the_grid_with_its_lanes_curve_and_personas(strategic_map):
    data = pdf_of(strategic_map)
    poster = poster_text(data)
    for stage in strategic_map.stages.all():
        assert stage.name in poster, stage.name
    for expected in (
        "Ścieżka klienta — 고객 여정 — Путь клиента",
        "Board poster · 6 stages · 5 touchpoints",
        # lanes, in the map's order
        "Emotion curve",
        "Customer actions",
        "Touchpoints",
        "Pain points",
        "Opportunities",
        "Strategies",
        # cards, with their channel and emotion
        "카카오톡 광고 메시지",
        "Newsletter z rabatem",
        "Консультация в магазине",
        "Zwrot towaru — 반품",
        "E-mail · Neutral",
        # what the roll-ups gather, the stages' strategies, the curve's values
        "Za dużo wiadomości",
        "Обучить продавцов",
        "Odpowiadać w ciągu godziny",
        "+0.5",
        # the personas
        "Personas",
        "박지우",
        "Zofia Wójcik",
        "Анна Смирнова",
        "빠른 배송이 중요해요",
    ):
        assert expected in poster, expected
    lanes = [poster.index(name) for name in ("Emotion curve", "Customer actions", "Pain points", "Strategies")]
    assert lanes == sorted(lanes)


def test_a_small_map_is_a_landscape_a3_poster_followed_by_the_a4_handbook(rich_map):
    sizes = pdf_page_sizes(pdf_of(rich_map))
    assert sizes[0] == "A3 landscape"
    assert set(sizes[1:]) == {"A4 portrait"}


def test_a_map_of_many_stages_goes_on_a2(team):
    journey = big_map(team, stages=20, per_stage=1)
    data = pdf_of(journey)
    assert pdf_page_sizes(data)[0].startswith("A2 ")
    poster = poster_text(data)
    assert "Etap 20 — 단계 — Этап" in poster and "Karta 19.0 — 카드 — Карточка" in poster


def test_a_map_of_500_cards_fills_one_a2_page_at_a_legible_size(team):
    journey = big_map(team, stages=10, per_stage=50)
    data = pdf_of(journey)
    assert pdf_page_sizes(data)[0] == "A2 portrait"
    assert pdf_page_sizes(data)[1] == "A4 portrait"  # one poster page
    poster = poster_text(data)
    assert "Karta 9.49 — 카드" in poster and "Etap 10 — 단계 — Этап" in poster
    page = poster_page(grid_content(map_document(journey.pk)), font_metrics())
    # Its cards' titles are 7.5 pt at scale 1: 5 pt or more on paper.
    assert page.paper == "A2" and page.scale >= 0.66


def test_a_map_too_big_for_a2_draws_its_cards_compact(team):
    title = "Karta {stage}.{position}: klient porównuje oferty — 고객은 비교한다 — клиент сравнивает"
    journey = big_map(team, stages=10, per_stage=50, title=title)
    data = pdf_of(journey)
    assert pdf_page_sizes(data)[:2] == ["A2 portrait", "A4 portrait"]
    page = poster_page(grid_content(map_document(journey.pk)), font_metrics())
    assert page.compact and page.scale >= 0.66
    poster = poster_text(data)
    assert "Karta 9.49: klient porównuje oferty" in poster and "Etap 10 — 단계 — Этап" in poster


def test_a_small_map_is_drawn_larger_than_its_natural_size(rich_map):
    page = poster_page(grid_content(map_document(rich_map.pk)), font_metrics())
    assert (page.paper, page.orientation) == ("A3", "L") and page.scale > 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", ("보드 포스터", "감정 곡선", "페인 포인트")),
        ("pl", ("Plakat tablicy", "Krzywa emocji", "Problemy")),
        ("ru", ("Плакат доски", "Кривая эмоций", "Болевые точки")),
    ],
)
def test_the_poster_speaks_the_language_of_its_export(rich_map, language, expected):
    with translation.override(language):
        poster = poster_text(pdf_of(rich_map))
    for text in expected:
        assert text in poster, text
    assert "카카오톡 광고 메시지" in poster and "Консультация в магазине" in poster
