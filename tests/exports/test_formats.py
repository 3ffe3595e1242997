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
from exports.formats.rows import COLUMNS, SUMMARY_COLUMNS
from exports.models import ExportFormat
from exports.selectors import FORMAT_NAME, FORMAT_VERSION, map_document
from journeys.models import LaneKind
from journeys.services import lane_cell_set, lane_create
from strategies.models import StrategyRevision
from strategies.services import strategy_create, strategy_update

from .helpers import pdf_text, xlsx_rows

pytestmark = pytest.mark.django_db


def render(journey, format):
    return FORMATS[format].render(map_document(journey.pk), progress=None)


def test_map_document_is_read_with_a_fixed_number_of_queries(strategic_map, laned_map, team, django_assert_num_queries):
    # journey; its personas; their preferred channels; stages; touchpoints with channel and owner;
    # the touchpoints' personas; lanes; their cells; strategies with their owners; their revisions
    # with their authors; readings with their metrics; the card metric; evidence; card confidences;
    # opportunities (and the links of evidence and opportunities, when there are some).
    with django_assert_num_queries(15):
        map_document(strategic_map.pk)
    stages = list(strategic_map.stages.order_by("position"))
    for number in range(5):
        strategy = strategy_create(journey=strategic_map, stage=stages[4], title=f"More {number}", author=team.owner)
        strategy_update(strategy=strategy, author=team.editor, body="Więcej")
        lane = lane_create(journey=strategic_map, kind=LaneKind.TEXT, title=f"Linia {number}")
        for stage in stages:
            lane_cell_set(lane=lane, stage=stage, body=f"Tekst {number} — 텍스트 — текст")
    document = map_document(strategic_map.pk)
    assert len(document["lanes"]) == 6 + 5
    assert sum(len(lane["cells"]) for lane in document["lanes"]) == 3 + 5 * 6
    with django_assert_num_queries(15):
        map_document(strategic_map.pk)


def test_map_without_strategies_skips_the_revisions_query(rich_map, django_assert_num_queries):
    with django_assert_num_queries(14):
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


def test_json_export_holds_the_lanes_in_board_order_with_the_texts_of_text_lanes(laned_map):
    document = json.loads(render(laned_map, ExportFormat.JSON))
    assert document["format_version"] == 3
    empty = {"title": "", "rollup_field": "", "split_by": "", "source": "", "hidden": False, "cells": []}
    assert document["lanes"] == [
        {
            **empty,
            "kind": "text",
            "title": "Zaplecze — 백오피스",
            "hidden": True,
            "cells": [{"stage": 1, "body": "Magazyn sprawdza stany"}],
        },
        {
            **empty,
            "kind": "text",
            "title": "Customer actions",
            # Only the stages with a text (the second stage's was emptied), each by its index in `stages`.
            "cells": [
                {"stage": 0, "body": "Szuka opinii w sieci\n\n- 블로그 후기 읽기"},
                {"stage": 5, "body": "Возвращается за **новой** покупкой"},
            ],
        },
        {**empty, "kind": "cards", "split_by": "persona"},
        {**empty, "kind": "rollup", "rollup_field": "pain_points"},
        {**empty, "kind": "app", "source": "strategies"},
        {**empty, "kind": "curve"},
    ]
    assert document["stages"][5]["name"] == "재구매 단계"


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
    assert list(rows[0]) == [*COLUMNS, *SUMMARY_COLUMNS]
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


def test_pdf_handbook_shows_what_the_visible_text_lanes_say_of_each_stage(laned_map):
    text = pdf_text(render(laned_map, ExportFormat.PDF))
    handbook = text[text.index("Onboarding handbook") :]
    awareness = handbook[handbook.index("Stage 1 of 6") : handbook.index("Stage 2 of 6")]
    assert "Customer actions" in awareness
    assert "Szuka opinii w sieci" in awareness
    assert "• 블로그 후기 읽기" in awareness  # Markdown drawn as text
    consideration = handbook[handbook.index("Stage 2 of 6") : handbook.index("Stage 3 of 6")]
    assert "Customer actions" not in consideration  # no text for this stage
    assert "Magazyn sprawdza stany" not in text and "Zaplecze" not in text  # a hidden lane
    last = handbook[handbook.index("Stage 6 of 6") :]
    assert "Возвращается за новой покупкой" in last and "**" not in last


def test_xlsx_has_a_sheet_of_the_text_lanes_texts(laned_map):
    rows = xlsx_rows(render(laned_map, ExportFormat.XLSX), 4)
    assert rows == [
        ("Lane", "Stage", "Text"),
        ("Zaplecze — 백오피스", "Consideration", "Magazyn sprawdza stany"),
        ("Customer actions", "Awareness", "Szuka opinii w sieci\n\n- 블로그 후기 읽기"),
        ("Customer actions", "재구매 단계", "Возвращается за **новой** покупкой"),
    ]


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
