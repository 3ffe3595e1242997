"""Each format's file opens and holds what the map holds (rendered in-process; the worker tests
run the same through Celery)."""

import csv
import io
import json

import pytest

from exports.formats import FORMATS
from exports.formats.csv_format import undefuse
from exports.formats.rows import COLUMNS
from exports.models import ExportFormat
from exports.selectors import FORMAT_NAME, FORMAT_VERSION, map_document

from .helpers import pdf_text, xlsx_rows

pytestmark = pytest.mark.django_db


def render(journey, format):
    return FORMATS[format].render(map_document(journey.pk), progress=None)


def test_map_document_is_read_with_a_fixed_number_of_queries(rich_map, django_assert_num_queries):
    # journey; its personas; their preferred channels; stages; touchpoints with channel and owner;
    # the touchpoints' personas.
    with django_assert_num_queries(6):
        map_document(rich_map.pk)


def test_json_export_holds_the_whole_map(rich_map):
    document = json.loads(render(rich_map, ExportFormat.JSON))
    assert document["format"] == FORMAT_NAME
    assert document["format_version"] == FORMAT_VERSION
    assert document["journey"]["title"] == "Ścieżka klienta — 고객 여정 — Путь клиента"
    assert [stage["name"] for stage in document["stages"]] == [
        "Awareness",
        "Consideration",
        "Purchase",
        "Post-purchase",
        "Loyalty",
        "재구매 단계",
    ]
    assert {persona["name"] for persona in document["personas"]} == {"박지우", "Zofia Wójcik", "Анна Смирнова"}
    first = document["stages"][0]["touchpoints"]
    assert [card["title"] for card in first] == ["카카오톡 광고 메시지", "Newsletter z rabatem"]
    assert first[0]["channel"] == "카카오톡"
    assert first[1]["owner"] == "eddie"
    assert "카카오톡" in {channel["name"] for channel in document["channels"]}
    assert "strategies" not in document  # no strategy model yet: the optional section is left out


def test_csv_export_has_one_row_per_touchpoint(rich_map):
    data = render(rich_map, ExportFormat.CSV)
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 5
    assert [row["title"] for row in rows[:3]] == [
        "카카오톡 광고 메시지",
        "Newsletter z rabatem",
        "Консультация в магазине",
    ]
    assert rows[2]["stage"] == "Consideration"
    assert set(rows[2]["personas"].split("; ")) == {"Анна Смирнова", "Zofia Wójcik"}
    assert rows[2]["emotion"] == "2"
    formula = rows[3]["title"]
    assert formula == "'=1+2 formula-looking title"  # defused for spreadsheets
    assert undefuse(formula) == "=1+2 formula-looking title"


def test_xlsx_export_has_a_board_sheet_and_an_empty_strategies_sheet(rich_map):
    data = render(rich_map, ExportFormat.XLSX)
    board = xlsx_rows(data, 0)
    assert board[0][:4] == ("Stage", "Position", "Title", "Channel")
    assert len(board) == 1 + 5
    titles = [row[2] for row in board[1:]]
    assert titles == [
        "카카오톡 광고 메시지",
        "Newsletter z rabatem",
        "Консультация в магазине",
        "=1+2 formula-looking title",  # stored as text, not as a formula
        "Zwrot towaru — 반품",
    ]
    assert board[5][0] == "재구매 단계"
    strategies = xlsx_rows(data, 1)
    assert strategies == [("Title", "Status", "Stage", "Touchpoint", "Persona", "Owner", "Body", "Revisions")]


def test_pdf_export_renders_korean_polish_and_russian_text(rich_map):
    data = render(rich_map, ExportFormat.PDF)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in (
        "Board poster",
        "Onboarding handbook",
        "Ścieżka klienta — 고객 여정 — Путь клиента",
        "재구매 단계",
        "카카오톡 광고 메시지",
        "Newsletter z rabatem",
        "Консультация в магазине",
        "Zwrot towaru — 반품",
        "Обучить продавцов",
        "Za dużo wiadomości",
        "Zofia Wójcik",
    ):
        assert expected in text, expected
    for stage in rich_map.stages.all():
        assert stage.name in text


def test_pdf_export_of_an_empty_map_still_opens(team):
    from journeys.services import journey_create

    journey = journey_create(workspace=team.workspace, title="Пусто", template="blank")
    text = pdf_text(render(journey, ExportFormat.PDF))
    assert "Пусто" in text


def with_strategies(document: dict) -> dict:
    """The optional section as the app writes it once strategies exist (docs/export-format.md)."""
    first_card = document["stages"][1]["touchpoints"][0]["ref"]
    document["strategies"] = [
        {
            "title": "Odpowiadać w ciągu godziny",
            "status": "active",
            "stage": 0,
            "touchpoint": None,
            "body": "Каждый вопрос — ответ за час.",
            "owner": "olivia",
            "revisions": [{"number": 1}, {"number": 2}],
        },
        {
            "title": "매장 직원 교육",
            "status": "active",
            "stage": None,
            "touchpoint": first_card,
            "body": "",
            "revisions": [],
        },
        {"title": "Stara strategia", "status": "retired", "stage": 0, "touchpoint": None, "body": "", "revisions": []},
        {
            "title": "Strategia całej mapy",
            "status": "active",
            "stage": None,
            "touchpoint": None,
            "body": "",
            "revisions": [],
        },
    ]
    return document


def test_pdf_handbook_shows_the_active_strategies_of_each_stage(rich_map):
    text = pdf_text(FORMATS["pdf"].render(with_strategies(map_document(rich_map.pk))))
    assert "Odpowiadać w ciągu godziny" in text
    assert "Каждый вопрос — ответ за час." in text
    assert "매장 직원 교육" in text  # attached to a card: shown with the card's stage
    assert "Strategia całej mapy" in text
    assert "Stara strategia" not in text  # retired


def test_xlsx_strategies_sheet_lists_every_strategy(rich_map):
    rows = xlsx_rows(FORMATS["xlsx"].render(with_strategies(map_document(rich_map.pk))), 1)
    assert [row[:3] for row in rows[1:]] == [
        ("Odpowiadać w ciągu godziny", "active", "Awareness"),
        ("매장 직원 교육", "active", None),
        ("Stara strategia", "retired", "Awareness"),
        ("Strategia całej mapy", "active", None),
    ]
    assert rows[2][3] == "Консультация в магазине"
    assert rows[1][7] == 2  # revisions
