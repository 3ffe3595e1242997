"""Each format's file opens and holds what the map holds (rendered in-process; the worker tests
run the same through Celery)."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from exports.formats import FORMATS
from exports.formats.csv_format import undefuse
from exports.formats.rows import COLUMNS
from exports.models import ExportFormat
from exports.selectors import FORMAT_NAME, FORMAT_VERSION, map_document
from strategies.models import StrategyRevision
from strategies.services import strategy_create, strategy_update

from .helpers import pdf_text, xlsx_rows

pytestmark = pytest.mark.django_db


def render(journey, format):
    return FORMATS[format].render(map_document(journey.pk), progress=None)


def test_map_document_is_read_with_a_fixed_number_of_queries(strategic_map, team, django_assert_num_queries):
    # journey; its personas; their preferred channels; stages; touchpoints with channel and owner;
    # the touchpoints' personas; strategies with their owners; their revisions with their authors.
    with django_assert_num_queries(8):
        map_document(strategic_map.pk)
    stage = strategic_map.stages.get(position=4)
    for number in range(5):
        strategy = strategy_create(journey=strategic_map, stage=stage, title=f"More {number}", author=team.owner)
        strategy_update(strategy=strategy, author=team.editor, body="Więcej")
    with django_assert_num_queries(8):
        map_document(strategic_map.pk)


def test_map_without_strategies_skips_the_revisions_query(rich_map, django_assert_num_queries):
    with django_assert_num_queries(7):
        assert map_document(rich_map.pk)["strategies"] == []


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
    assert document["strategies"] == []


def test_json_export_holds_every_strategy_with_all_its_revisions(strategic_map):
    document = json.loads(render(strategic_map, ExportFormat.JSON))
    persona_refs = {persona["name"]: persona["ref"] for persona in document["personas"]}
    strategies = {strategy["title"]: strategy for strategy in document["strategies"]}
    assert list(strategies) == [
        "Jeden głos marki",
        "Odpowiadać w ciągu godziny",
        "매장 직원 교육",
        "Stara strategia",
        "Szkic: program lojalnościowy",
    ]  # oldest first
    # Targets by position: the whole map, a stage (its index), a touchpoint (its stage and its place there).
    assert [(s["stage"], s["touchpoint"]) for s in strategies.values()] == [
        (None, None),
        (0, None),
        (1, 0),
        (0, None),
        (1, None),
    ]
    assert document["stages"][1]["touchpoints"][0]["title"] == "Консультация в магазине"
    card = strategies["매장 직원 교육"]
    assert card["persona"] == persona_refs["Анна Смирнова"]
    assert card["owner"] == "eddie"
    assert card["last_reviewed"] == timezone.localdate().isoformat()

    restored = strategies["Odpowiadać w ciągu godziny"]
    assert (restored["status"], restored["owner"], restored["body"]) == (
        "active",
        "eddie",
        "1. Czat\n2. E-mail: [szablony](https://example.org/szablony)",
    )
    revisions = restored["revisions"]
    assert [(r["number"], r["kind"], r["status"], r["author"], r["restored_from"]) for r in revisions] == [
        (1, "created", "draft", "eddie", None),
        (2, "edited", "active", "tomasz", None),
        (3, "edited", "active", "olivia", None),
        (4, "restored", "active", "eddie", 2),
    ]
    assert revisions[1]["author_name"] == "Tomasz Nowak"
    assert [r["change_note"] for r in revisions] == ["", "", "Za wolno?", "Wracamy do godziny"]
    assert revisions[2]["body"] == "Do końca dnia."
    stored = StrategyRevision.objects.get(strategy__title="Odpowiadać w ciągu godziny", number=3)
    assert datetime.datetime.fromisoformat(revisions[2]["created_at"]) == stored.created_at


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


def test_xlsx_export_of_a_map_without_strategies_has_a_board_sheet_and_empty_strategy_sheets(rich_map):
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
    assert strategies == [
        ("Title", "Status", "Stage", "Touchpoint", "Persona", "Owner", "Last reviewed", "Body", "Revisions")
    ]
    assert len(xlsx_rows(data, 2)) == 1  # history: the header only
    assert xlsx_rows(data, 3)[0][0] == "Name"  # personas


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


def test_pdf_handbook_shows_the_active_strategies_of_each_stage_with_their_markdown_as_text(strategic_map):
    text = pdf_text(render(strategic_map, ExportFormat.PDF))
    handbook = text[text.index("Onboarding handbook") :]
    whole_map = handbook[handbook.index("Strategies for the whole map") : handbook.index("Stage 1 of 6")]
    assert "Jeden głos marki" in whole_map
    assert "Piszemy prosto i ciepło." in whole_map  # Markdown emphasis drawn as plain words
    assert "• Bez żargonu" in whole_map  # a list item with its bullet
    assert "**" not in handbook and "_ciepło_" not in handbook

    awareness = handbook[handbook.index("Stage 1 of 6") : handbook.index("Stage 2 of 6")]
    assert "Odpowiadać w ciągu godziny" in awareness
    assert "1. Czat" in awareness and "2. E-mail: szablony (https://example.org/szablony)" in awareness
    assert "Stara strategia" not in handbook  # retired

    consideration = handbook[handbook.index("Stage 2 of 6") : handbook.index("Stage 3 of 6")]
    assert "매장 직원 교육" in consideration  # a card's strategy, in the card's stage
    assert "Touchpoint: Консультация в магазине" in consideration
    assert "For Анна Смирнова" in consideration
    assert "목표" in consideration and "##" not in consideration
    assert "Szkic: program lojalnościowy" not in handbook  # a draft
    assert "No active strategy for this stage yet." in handbook[handbook.index("Stage 3 of 6") :]


def test_xlsx_lists_every_strategy_and_every_revision(strategic_map):
    data = render(strategic_map, ExportFormat.XLSX)
    rows = xlsx_rows(data, 1)
    assert [row[:6] for row in rows[1:]] == [
        ("Jeden głos marki", "Active", None, None, None, "olivia"),
        ("Odpowiadać w ciągu godziny", "Active", "Awareness", None, None, "eddie"),
        ("매장 직원 교육", "Active", "Consideration", "Консультация в магазине", "Анна Смирнова", "eddie"),
        ("Stara strategia", "Retired", "Awareness", None, None, "olivia"),
        ("Szkic: program lojalnościowy", "Draft", "Consideration", None, None, "eddie"),
    ]
    assert rows[1][6].date() == timezone.localdate()  # last reviewed, a date cell
    assert rows[2][7:] == ("1. Czat\n2. E-mail: [szablony](https://example.org/szablony)", 4)

    history = xlsx_rows(data, 2)
    assert history[0] == (
        "Strategy", "Revision", "Change", "Time", "Author", "Change note", "Title", "Status", "Body"
    )  # fmt: skip
    assert len(history) == 1 + 3 + 4 + 1 + 2 + 1
    restore = history[7]
    assert restore[:3] == ("Odpowiadać w ciągu godziny", 4, "Restored")
    assert restore[4:6] == ("Eddie", "Wracamy do godziny")
    assert isinstance(restore[3], datetime.datetime)
