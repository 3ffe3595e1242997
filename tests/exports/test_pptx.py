"""The slide deck (PPTX): read back with python-pptx, opened in LibreOffice, and within PowerPoint's
rules (every shape inside its slide, a title per slide, fonts for Korean named)."""

import datetime
import os
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn

from exports import services
from exports.formats import FORMATS
from exports.formats.pptx_layout import EAST_ASIAN_FONT, ELLIPSIS, LATIN_FONT
from exports.models import ExportJob, JobStatus
from exports.selectors import map_document
from journeys.models import LaneKind
from journeys.selectors import emotion_curves
from journeys.services import lane_cell_set, stage_create
from metrics.models import Metric
from metrics.services import metric_create, reading_record
from opportunities.services import opportunity_create
from personas.services import persona_update
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create

from .helpers import pdf_text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@pytest.fixture
def presented_map(strategic_map, team):
    """strategic_map with what the deck shows beyond the board: personas' goals and frustrations,
    a text lane's texts, stage readings against targets, open and closed opportunities."""
    stages = list(strategic_map.stages.order_by("position"))
    anna = strategic_map.personas.get(name="Анна Смирнова")
    persona_update(persona=anna, goals="Быстро найти подарок", frustrations="Długie kolejki\n줄이 길다")
    actions = strategic_map.lanes.get(kind=LaneKind.TEXT)
    lane_cell_set(lane=actions, stage=stages[0], body="Szuka opinii w sieci\n\n- 블로그 후기 읽기", actor=team.owner)
    csat = Metric.objects.get(workspace=team.workspace, name="CSAT")
    metric_create(
        workspace=team.workspace,
        name="Czas odpowiedzi",
        kind="duration",
        unit="h",
        target=Decimal(2),
        higher_is_better=False,
    )
    wait = Metric.objects.get(workspace=team.workspace, name="Czas odpowiedzi")
    for month, value in ((9, "3.2"), (10, "3.8")):
        reading_record(
            metric=csat, journey=strategic_map, value=Decimal(value), period_start=datetime.date(2026, month, 1)
        )
        reading_record(
            metric=csat,
            journey=strategic_map,
            value=Decimal(value),
            period_start=datetime.date(2026, month, 1),
            stage=stages[0],
        )
    reading_record(
        metric=wait,
        journey=strategic_map,
        value=Decimal("1.5"),
        period_start=datetime.date(2026, 10, 1),
        stage=stages[1],
    )
    consultation = Touchpoint.objects.get(title="Консультация в магазине")
    opportunity_create(journey=strategic_map, title="메시지 발송 시간 조정", impact=4, effort=2, confidence=80)
    opportunity_create(
        journey=strategic_map,
        title="Szkolenie sprzedawców",
        impact=5,
        effort=4,
        confidence=100,
        touchpoints=[consultation],
    )
    opportunity_create(journey=strategic_map, title="Старая идея", impact=1, effort=5, confidence=50, status="dropped")
    return strategic_map


def deck_of(journey, language="en"):
    with translation.override(language):
        return Presentation(BytesIO(FORMATS["pptx"].render(map_document(journey.pk), progress=None)))


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text


def text_of(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text_frame.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def slides_titled(deck, title: str) -> list:
    return [slide for slide in deck.slides if title_of(slide) in (title, f"{title} (continued)")]


def chart_of(slide):
    charts = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1
    return charts[0]


def test_the_deck_has_a_title_slide_then_a_slide_per_persona_and_per_stage_then_curve_metrics_and_matrix(
    presented_map, team
):
    document = map_document(presented_map.pk)
    deck = deck_of(presented_map)
    assert [title_of(slide) for slide in deck.slides] == [
        "Ścieżka klienta — 고객 여정 — Путь клиента",
        *(persona["name"] for persona in document["personas"]),
        "Awareness",
        "Consideration",
        "Purchase",
        "Post-purchase",
        "Loyalty",
        "재구매 단계",
        "Emotion curve",
        "Key metrics",
        "Impact / effort matrix",
    ]
    assert {persona["name"] for persona in document["personas"]} == {"박지우", "Zofia Wójcik", "Анна Смирнова"}
    assert deck.slide_width * 9 == deck.slide_height * 16


@pytest.mark.parametrize(
    ("language", "state", "date"),
    [
        ("en", "Current state", "22 November 2026"),
        ("ko", "현재 상태", "2026년 11월 22일"),
        ("pl", "Stan obecny", "22 listopada 2026"),
        ("ru", "Текущее состояние", "22 ноября 2026 г."),
    ],
)
def test_the_title_slide_names_the_state_the_workspace_and_the_date_in_the_requesters_language(
    rich_map, language, state, date
):
    document = map_document(rich_map.pk)
    document["exported_at"] = "2026-11-22T12:00:00+00:00"
    with translation.override(language):
        deck = Presentation(BytesIO(FORMATS["pptx"].render(document)))
    text = text_of(deck.slides[0])
    assert "Ścieżka klienta — 고객 여정 — Путь клиента" in text
    assert f"{state} · Retail team · {date}" in text
    assert "Mapa dla zespołu sprzedaży. Для новых сотрудников." in text


def test_a_persona_slide_has_what_the_persona_page_has(presented_map):
    deck = deck_of(presented_map)
    (slide,) = slides_titled(deck, "Анна Смирнова")
    text = text_of(slide)
    for expected in ("Persona · Учитель", "Story", "Покупает онлайн", "Goals", "Быстро найти подарок"):
        assert expected in text
    assert "Frustrations\nDługie kolejki\n줄이 길다" in text
    (slide,) = slides_titled(deck, "박지우")
    assert "“빠른 배송이 중요해요”" in text_of(slide)


def test_a_stage_slide_shows_its_lanes_and_its_active_strategies(presented_map):
    deck = deck_of(presented_map)
    (awareness,) = slides_titled(deck, "Awareness")
    text = text_of(awareness)
    assert "Stage 1 of 6 · 2 touchpoints · Average emotion +0.5 (Positive)" in text
    # Cards by channel, the text lane, the pain points gathered from the cards.
    assert "카카오톡\n• 카카오톡 광고 메시지 · Positive" in text
    assert "E-mail\n• Newsletter z rabatem · Neutral" in text
    assert "Customer actions\nSzuka opinii w sieci\n• 블로그 후기 읽기" in text
    assert "Pain points\n• Za dużo wiadomości" in text
    # Active strategies only: not the retired one, not a draft.
    assert "Active strategies" in text
    assert "Odpowiadać w ciągu godziny" in text
    assert "Stara strategia" not in text
    (consideration,) = slides_titled(deck, "Consideration")
    text = text_of(consideration)
    assert "매장 직원 교육\nTouchpoint: Консультация в магазине · For Анна Смирнова" in text
    assert "Szkic: program lojalnościowy" not in text
    assert "Opportunities\n• Обучить продавцов" in text
    (purchase,) = slides_titled(deck, "Post-purchase")
    assert "No touchpoints in this stage yet." in text_of(purchase)


def test_the_emotion_curve_is_a_native_line_chart_of_each_stages_average_emotion(presented_map):
    deck = deck_of(presented_map)
    (slide,) = slides_titled(deck, "Emotion curve")
    chart = chart_of(slide)
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    curve = emotion_curves([presented_map.pk])[presented_map.pk]
    assert list(chart.plots[0].categories) == [point.stage for point in curve]
    (series,) = chart.plots[0].series
    assert list(series.values) == [None if point.mood is None else pytest.approx(point.mood) for point in curve]
    assert list(series.values) == [0.5, 2.0, -2.0, None, None, -1.0]
    assert (chart.value_axis.minimum_scale, chart.value_axis.maximum_scale) == (-2, 2)


def test_the_key_metrics_table_holds_each_stages_latest_value_against_its_target(presented_map):
    deck = deck_of(presented_map, "pl")
    (slide,) = slides_titled(deck, "Kluczowe wskaźniki")
    (table,) = [shape.table for shape in slide.shapes if shape.has_table]
    rows = [[cell.text_frame.text for cell in row.cells] for row in table.rows]
    assert rows[1:] == [
        ["Awareness", "CSAT", "3,8", "Październik 2026", "4", "Blisko celu"],
        ["Consideration", "Czas odpowiedzi", "1,5 h", "Październik 2026", "2 h", "Cel osiągnięty"],
    ]


def test_the_opportunity_matrix_is_a_scatter_chart_of_the_open_opportunities_numbered_by_score(presented_map):
    deck = deck_of(presented_map)
    (slide,) = slides_titled(deck, "Impact / effort matrix")
    chart = chart_of(slide)
    assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER
    points = {}
    for series in chart.plots[0].series:
        efforts = [float(value) for value in series._element.xpath("./c:xVal//c:v/text()")]
        labels = [point.data_label.text_frame.text for point in series.points]
        points[series.name] = list(zip(labels, efforts, series.values, strict=True))
    # Effort across, impact up; the dropped opportunity is not open, so not there.
    assert points == {"Quick wins": [("1", 2.0, 4.0)], "Big bets": [("2", 4.0, 5.0)]}
    text = text_of(slide)
    assert "1. 메시지 발송 시간 조정 — impact 4, effort 2, score 1.60" in text
    assert "2. Szkolenie sprzedawców — impact 5, effort 4, score 1.25" in text
    assert "Старая идея" not in text


def test_every_shape_stays_inside_its_slide_and_every_slide_has_a_title(presented_map):
    deck = deck_of(presented_map, "ko")
    for slide in deck.slides:
        assert title_of(slide)
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (title_of(slide), shape.name)
            assert shape.left + shape.width <= deck.slide_width, (title_of(slide), shape.name)
            assert shape.top + shape.height <= deck.slide_height, (title_of(slide), shape.name)


def test_every_run_names_a_latin_and_an_east_asian_font(presented_map):
    deck = deck_of(presented_map)
    runs = 0
    for slide in deck.slides:
        for properties in slide.shapes._spTree.iter(qn("a:rPr")):
            runs += 1
            assert properties.find(qn("a:latin")).get("typeface") == LATIN_FONT
            assert properties.find(qn("a:ea")).get("typeface") == EAST_ASIAN_FONT
    assert runs > 50


@pytest.fixture
def crowded_map(rich_map, team):
    """A stage with 120 cards, long pain points and a long text: more than a slide holds."""
    stage = rich_map.stages.get(position=0)
    channel = Touchpoint.objects.filter(stage__journey=rich_map).first().channel
    for number in range(120):
        touchpoint_create(
            stage=stage,
            channel=channel,
            title=f"Punkt styku {number} — 접점 {number} — Точка {number}",
            pain_points=("Długo czekam na odpowiedź. 답변이 늦다. Долго жду ответа. " * 20) if number % 10 == 0 else "",
            emotion=number % 5 - 2,
        )
    actions = rich_map.lanes.get(kind=LaneKind.TEXT)
    lane_cell_set(lane=actions, stage=stage, body="Bardzo " * 500, actor=team.owner)
    stage_create(journey=rich_map, name="Etap o bardzo długiej nazwie, " * 4)
    return rich_map


def test_what_does_not_fit_goes_on_continuation_slides_and_overlong_items_are_cut(crowded_map):
    deck = deck_of(crowded_map)
    awareness = slides_titled(deck, "Awareness")
    assert len(awareness) > 1
    assert [title_of(slide) for slide in awareness[1:]] == ["Awareness (continued)"] * (len(awareness) - 1)
    text = "\n".join(text_of(slide) for slide in awareness)
    for number in range(120):  # every card is on one of them
        assert f"• Punkt styku {number} — 접점 {number} — Точка {number} · " in text
    paragraphs = [
        paragraph.text
        for slide in awareness
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    ]
    long_ones = [text for text in paragraphs if text.startswith("• Długo czekam")]
    assert len(long_ones) == 12
    assert all(text.endswith(ELLIPSIS) and len(text) < 500 for text in long_ones)
    assert any(text.startswith("Bardzo Bardzo") and text.endswith(ELLIPSIS) for text in paragraphs)
    for slide in deck.slides:
        assert title_of(slide).endswith(ELLIPSIS) or len(title_of(slide)) < 90


def libreoffice() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: .ci/run installs libreoffice-impress")
        pytest.skip("LibreOffice is not installed (apt-get install --no-install-recommends libreoffice-impress)")
    return found


def as_pdf(data: bytes, folder) -> bytes:
    """The deck converted to PDF by LibreOffice, headless, with a profile of its own (runs in parallel)."""
    (folder / "deck.pptx").write_bytes(data)
    command = [
        libreoffice(),
        f"-env:UserInstallation=file://{folder}/profile",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(folder / "deck.pptx"),
    ]
    subprocess.run(command, capture_output=True, check=True, timeout=180)
    return (folder / "deck.pdf").read_bytes()


def pdf_pages(data: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_the_deck_opens_in_libreoffice_with_its_korean_polish_and_russian_text(presented_map, tmp_path):
    libreoffice()
    data = FORMATS["pptx"].render(map_document(presented_map.pk))
    pdf = as_pdf(data, tmp_path)
    assert pdf_pages(pdf) == len(Presentation(BytesIO(data)).slides)
    text = pdf_text(pdf)
    for expected in (
        "카카오톡 광고 메시지",
        "재구매 단계",
        "Za dużo wiadomości",
        "Zofia Wójcik",
        "Консультация в магазине",
        "Быстро найти подарок",
        "Szkolenie sprzedawców",
        "Czas odpowiedzi",
    ):
        assert expected in text


def test_a_crowded_deck_opens_in_libreoffice_with_every_card_on_a_page(crowded_map, tmp_path):
    libreoffice()
    with translation.override("ru"):
        data = FORMATS["pptx"].render(map_document(crowded_map.pk))
    pdf = as_pdf(data, tmp_path)
    assert pdf_pages(pdf) == len(Presentation(BytesIO(data)).slides)
    text = " ".join(pdf_text(pdf).split())
    for number in range(0, 120, 7):
        assert f"Punkt styku {number} — 접점 {number} — Точка {number}" in text
    assert "(продолжение)" in text


# --- The export job, from the menu and the API ------------------------------------------------


def test_the_export_menu_has_a_named_pptx_button(client_for, team, rich_map):
    content = client_for(team.viewer).get(reverse("exports:map", args=[rich_map.pk])).content.decode()
    assert '<button type="submit" name="format" value="pptx">Export PPTX</button>' in content


@pytest.mark.parametrize(("role", "status"), [("owner", 201), ("editor", 201), ("viewer", 201), ("outsider", 404)])
def test_members_may_start_a_pptx_export_and_outsiders_get_404(client_for, team, rich_map, role, status):
    response = client_for(team.users[role]).post(
        reverse("exports:create", args=[rich_map.pk]), {"format": "pptx"}, **HTMX
    )
    assert response.status_code == status
    if status == 201:
        job = ExportJob.objects.get()
        assert (job.format, job.status) == ("pptx", JobStatus.QUEUED)
        assert 'aria-label="PPTX export progress"' in response.content.decode()
    else:
        assert not ExportJob.objects.exists()


def test_a_pptx_export_job_ends_with_a_file_members_download_and_outsiders_do_not(client_for, team, rich_map):
    job = services.export_job_create(journey=rich_map, format="pptx", created_by=team.viewer)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (JobStatus.SUCCEEDED, 100, "")
    assert job.filename.endswith(".pptx")
    response = client_for(team.viewer).get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == PPTX_TYPE
    deck = Presentation(BytesIO(b"".join(response.streaming_content)))
    assert title_of(deck.slides[0]) == rich_map.title
    assert client_for(team.outsider).get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_the_api_exports_a_pptx(client_for, team, rich_map):
    client = client_for(team.viewer)
    response = client.post(
        "/api/v1/exports/", {"journey": rich_map.pk, "format": "pptx"}, content_type="application/json"
    )
    assert response.status_code == 202
    assert response.json()["format"] == "pptx"
    services.export_job_run(job_id=response.json()["id"])
    data = client.get(f"/api/v1/exports/{response.json()['id']}/").json()
    assert data["status"] == "succeeded"
    download = client.get(data["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == PPTX_TYPE
    outsider = client_for(team.outsider).post(
        "/api/v1/exports/", {"journey": rich_map.pk, "format": "pptx"}, content_type="application/json"
    )
    assert outsider.status_code == 400 and "journey" in outsider.json()


def test_a_part_longer_than_its_slides_allow_ends_saying_how_much_is_left_out():
    from exports.formats.pptx_layout import BODY_BOTTOM, BODY_TOP, MAX_SLIDES_PER_PART, Para, paginate

    paras = [Para(f"Punkt {number} — 접점 — Точка") for number in range(2000)]
    pages = paginate(paras, 3, 3_500_000, BODY_BOTTOM - BODY_TOP)
    assert len(pages) == MAX_SLIDES_PER_PART
    shown = [para.text for page in pages for column in page for para in column]
    assert shown[:-1] == [para.text for para in paras[: len(shown) - 1]]
    assert shown[-1] == f"{2000 - (len(shown) - 1)} more paragraphs are not shown."
