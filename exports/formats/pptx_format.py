"""PPTX: a slide deck of the map, for the people a map is presented to.

A title slide (the map's title, state, workspace and the date, in the requester's language), a
slide per persona, a slide per stage with what its lanes hold (the touchpoints by channel or
persona, the text lanes, the cards' pain points and opportunities...) and its active strategies,
the emotion curve as a native line chart, each stage's key metrics as a table, and the open
opportunities on an impact/effort scatter chart.

Made with python-pptx on a 16:9 slide. Nothing overflows a slide: text is laid out here, in
columns, with widths estimated from the characters (on the wide side: DejaVu Sans, what LibreOffice
falls back to, is wider than Arial); what does not fit moves to a continuation slide, and an item
too long for a few lines is cut with an ellipsis. Every run names a Latin font and an East Asian
one (`a:ea`), so Korean is drawn with a Korean font; Polish and Russian letters are in the Latin one.
"""

import datetime
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from journeys.models import CardSplit, Lane, LaneKind, MapState
from metrics.models import Metric, Status
from opportunities.models import OPEN_STATUSES, score_of
from opportunities.selectors import BIG_BETS, FILL_INS, MONEY_PITS, QUICK_WINS, quadrant_of

from .markdown_text import markdown_lines
from .pdf_format import active_strategies
from .rows import emotion_label

LATIN_FONT = "Arial"
EAST_ASIAN_FONT = "Noto Sans CJK KR"

SLIDE_WIDTH = Inches(40 / 3)  # 16:9
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.5)
GUTTER = Inches(0.3)
TITLE_TOP, TITLE_HEIGHT = Inches(0.35), Inches(0.8)
KICKER_TOP, KICKER_HEIGHT = Inches(1.15), Inches(0.4)
BODY_TOP = Inches(1.7)
BODY_BOTTOM = SLIDE_HEIGHT - Inches(0.45)
INSET = Inches(0.05)  # a text box's inner margin, on each side

INK = RGBColor(0x1E, 0x29, 0x3B)
MUTED = RGBColor(0x64, 0x74, 0x8B)
ACCENT = RGBColor(0x31, 0x2E, 0x81)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
STRIPE = RGBColor(0xF1, 0xF5, 0xF9)
QUADRANT_COLORS = {
    QUICK_WINS: RGBColor(0x15, 0x80, 0x3D),
    BIG_BETS: RGBColor(0x03, 0x69, 0xA1),
    FILL_INS: RGBColor(0x94, 0xA3, 0xB8),
    MONEY_PITS: RGBColor(0xB9, 0x1C, 0x1C),
}

# Lines are spaced exactly (not by each font's own height: Noto Sans CJK's is half as tall again as
# Arial's), so a paragraph's height is known before it is drawn.
LINE_SPACING = 1.45
ELLIPSIS = "…"
MAX_SLIDES_PER_PART = 12  # continuation slides of one stage or persona, at most
TABLE_ROWS_PER_SLIDE = 12
MATRIX_POINTS = 20  # the open opportunities with the best scores; the others are counted
# Where the 1st, 2nd... opportunity on the same impact and effort is drawn, around the spot.
SPREAD = [
    (0, 0),
    (0.25, 0),
    (-0.25, 0),
    (0, 0.25),
    (0, -0.25),
    (0.25, 0.25),
    (-0.25, -0.25),
    (0.25, -0.25),
    (-0.25, 0.25),
]


@dataclass(frozen=True)
class Style:
    size: float  # points
    bold: bool = False
    color: RGBColor = INK
    space_before: float = 0  # points, except at the top of a column
    max_lines: int = 6  # an item longer than this is cut with an ellipsis


HEADING = Style(15, bold=True, color=ACCENT, space_before=10, max_lines=2)
SUBHEADING = Style(12, bold=True, space_before=5, max_lines=2)
ITEM = Style(11, space_before=2)
NOTE = Style(10, color=MUTED, space_before=1, max_lines=3)


@dataclass(frozen=True)
class Para:
    text: str
    style: Style = ITEM
    level: int = 0  # indent steps (list nesting)


INDENT = Inches(0.22)


# --- Measuring text ------------------------------------------------------------------------------


def _char_em(char: str) -> float:
    """A character's advance in ems, estimated on the wide side."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in "•·“”‘’…—–№":  # drawn with the East Asian font when it follows Korean: full width
        return 1.0
    if char == " ":
        return 0.32
    if char in "iljtfrI.,;:!|'()[]-":
        return 0.42
    if char in "MWmwШЩЖЮшщжюЫы@%":
        return 1.0
    if char.isupper() or char.isdigit():
        return 0.75
    if unicodedata.combining(char):
        return 0.0
    return 0.64


def _width_pt(text: str, size: float) -> float:
    return sum(_char_em(char) for char in text) * size


def _wrap(text: str, width: float, size: float) -> list[str]:
    """The lines `text` (one paragraph) takes in `width` points: at spaces, or inside a word too long."""
    lines: list[str] = []
    line, line_width = "", 0.0
    space = _width_pt(" ", size)
    for word in text.split(" "):
        word_width = _width_pt(word, size)
        needed = word_width if not line else line_width + space + word_width
        if needed <= width:
            line, line_width = (f"{line} {word}" if line else word), needed
            continue
        if line:
            lines.append(line)
        line, line_width = word, word_width
        while line_width > width and len(line) > 1:
            cut, cut_width = 0, 0.0
            while cut < len(line) - 1 and cut_width + _width_pt(line[cut], size) <= width:
                cut_width += _width_pt(line[cut], size)
                cut += 1
            cut = max(cut, 1)
            lines.append(line[:cut])
            line = line[cut:]
            line_width = _width_pt(line, size)
    lines.append(line)
    return lines


def _clip(text: str, width: float, size: float, max_lines: int) -> tuple[str, int]:
    """`text` cut with an ellipsis to at most `max_lines` lines of `width` points, and its line count."""
    lines = _wrap(text, width, size)
    if len(lines) <= max_lines:
        return text, len(lines)
    last = lines[max_lines - 1]
    while last and _width_pt(last + ELLIPSIS, size) > width:
        last = last[:-1]
    kept = " ".join([*lines[: max_lines - 1], last.rstrip()]) if max_lines > 1 else last.rstrip()
    return kept + ELLIPSIS, max_lines


def _line_height(style: Style) -> float:
    return style.size * LINE_SPACING


def _one_line(text: str, size: float, width: int) -> str:
    """`text` on one line of `width` EMU at `size` points, cut with an ellipsis if it is longer."""
    flat = " ".join(text.split())
    return _clip(flat, Emu(width - 2 * INSET).pt, size, 1)[0]


# --- Writing text --------------------------------------------------------------------------------


def _style_run(run, style: Style, *, size: float | None = None, bold: bool | None = None, color=None) -> None:
    font = run.font
    font.size = Pt(size or style.size)
    font.bold = style.bold if bold is None else bold
    font.color.rgb = color or style.color
    _set_fonts(run._r.get_or_add_rPr())


def _set_fonts(properties) -> None:
    """Name the Latin font and, in `a:ea`, the East Asian one (python-pptx sets only `a:latin`)."""
    latin = properties.get_or_add_latin()
    latin.set("typeface", LATIN_FONT)
    east_asian = properties.find(qn("a:ea"))
    if east_asian is None:
        east_asian = properties.makeelement(qn("a:ea"), {})
        latin.addnext(east_asian)
    east_asian.set("typeface", EAST_ASIAN_FONT)


def _text_frame(shape, *, anchor=MSO_ANCHOR.TOP):
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = INSET
    frame.vertical_anchor = anchor
    return frame


def _write(frame, paras: list[Para], *, align=None) -> None:
    """The paragraphs into a text frame, each one run with its style, lines spaced exactly."""
    for index, para in enumerate(paras):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.line_spacing = Pt(_line_height(para.style))
        paragraph.space_before = Pt(para.style.space_before if index else 0)
        if align is not None:
            paragraph.alignment = align
        if para.level:
            paragraph._pPr.set("marL", str(int(INDENT * para.level)))
        run = paragraph.add_run()
        run.text = para.text
        _style_run(run, para.style)


# --- Slides ---------------------------------------------------------------------------------------


class Deck:
    def __init__(self, title: str):
        self.presentation = Presentation()
        self.presentation.slide_width = SLIDE_WIDTH
        self.presentation.slide_height = SLIDE_HEIGHT
        properties = self.presentation.core_properties
        properties.title = title[:255]
        properties.author = "Journey board"
        self.title_layout = self.presentation.slide_layouts[0]
        self.titled_layout = self.presentation.slide_layouts[5]  # "Title Only"

    def save(self) -> bytes:
        buffer = BytesIO()
        self.presentation.save(buffer)
        return buffer.getvalue()

    def slide(self, title: str, kicker: str = "", *, title_left=MARGIN):
        """A slide with `title` in its title placeholder (what outlines and screen readers list), cut
        to one line, and a muted line under it."""
        slide = self.presentation.slides.add_slide(self.titled_layout)
        placeholder = slide.shapes.title
        width = SLIDE_WIDTH - title_left - MARGIN
        placeholder.left, placeholder.top, placeholder.width, placeholder.height = (
            title_left,
            TITLE_TOP,
            width,
            TITLE_HEIGHT,
        )
        frame = _text_frame(placeholder, anchor=MSO_ANCHOR.MIDDLE)
        _write(frame, [Para(_one_line(title, 28, width), Style(28, bold=True, color=ACCENT))], align=PP_ALIGN.LEFT)
        if kicker:
            self.text_box(slide, MARGIN, KICKER_TOP, SLIDE_WIDTH - 2 * MARGIN, KICKER_HEIGHT, [Para(kicker, NOTE)])
        return slide

    def text_box(self, slide, left, top, width, height, paras: list[Para], *, one_line=True, align=None):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = _text_frame(box)
        if one_line:
            paras = [Para(_one_line(para.text, para.style.size, width), para.style, para.level) for para in paras]
        _write(frame, paras, align=align)
        return box

    def flowed(
        self, title: str, paras: list[Para], *, kicker: str = "", columns: int = 3, title_left=MARGIN, decorate=None
    ) -> list:
        """Slides titled `title` with `paras` flowed down `columns` columns, then onto continuation
        slides, MAX_SLIDES_PER_PART at most (the last one then says how much was left out)."""
        column_width = (SLIDE_WIDTH - 2 * MARGIN - GUTTER * (columns - 1)) // columns
        pages = _paginate(paras, columns, column_width, BODY_BOTTOM - BODY_TOP)
        slides = []
        for number, page in enumerate(pages):
            heading = title if number == 0 else _("%(title)s (continued)") % {"title": title}
            slide = self.slide(heading, kicker, title_left=title_left)
            if decorate is not None:
                decorate(slide)
            for index, column in enumerate(page):
                if column:
                    left = MARGIN + index * (column_width + GUTTER)
                    self.text_box(slide, left, BODY_TOP, column_width, BODY_BOTTOM - BODY_TOP, column, one_line=False)
            slides.append(slide)
        return slides


def _paginate(paras: list[Para], columns: int, column_width: int, column_height: int) -> list[list[list[Para]]]:
    """Lay paragraphs out into pages of columns: each cut to its style's line limit, a heading kept
    with what follows it, a column that goes on with a section named "(continued)"."""
    height_pt = Emu(column_height - 2 * INSET).pt
    pages: list[list[list[Para]]] = [[[]]]
    used = 0.0
    heading: Para | None = None
    left_out = 0

    def fits(para_height: float) -> bool:
        return used + para_height <= height_pt

    def measured(para: Para, *, first: bool) -> tuple[Para, float]:
        width = Emu(column_width - 2 * INSET - INDENT * para.level).pt
        text, lines = _clip(para.text, width, para.style.size, para.style.max_lines)
        return Para(text, para.style, para.level), lines * _line_height(para.style) + (
            0 if first else para.style.space_before
        )

    def next_column() -> bool:
        nonlocal used
        page = pages[-1]
        if len(page) < columns:
            page.append([])
        elif len(pages) < MAX_SLIDES_PER_PART:
            pages.append([[]])
        else:
            return False
        used = 0.0
        return True

    for index, para in enumerate(paras):
        if para.style is HEADING:
            heading = para
        column = pages[-1][-1]
        para, height = measured(para, first=not column)
        # A heading stays with what follows it: the headings under it and the first line after them.
        needed, following = height, index + 1
        while para.style in (HEADING, SUBHEADING) and following < len(paras):
            needed += measured(paras[following], first=False)[1]
            if paras[following].style not in (HEADING, SUBHEADING):
                break
            following += 1
        if column and not fits(needed):
            if not next_column():
                left_out = len(paras) - index
                break
            column = pages[-1][-1]
            if para.style is not HEADING and heading is not None:
                carried, carried_height = measured(
                    Para(_("%(title)s (continued)") % {"title": heading.text}, HEADING), first=True
                )
                column.append(carried)
                used += carried_height
            para, height = measured(para, first=not column)
        column.append(para)
        used += height
    if left_out:
        note = Para(
            ngettext("%(count)d more paragraph is not shown.", "%(count)d more paragraphs are not shown.", left_out)
            % {"count": left_out},
            NOTE,
        )
        column = pages[-1][-1]
        note, note_height = measured(note, first=not column)
        while column and not fits(note_height):
            removed = column.pop()
            used -= measured(removed, first=not column)[1]
        column.append(note)
    return pages


# --- What the slides say --------------------------------------------------------------------------


def _mood(stage: dict) -> float | None:
    """The average emotion of a stage's cards (what the board's curve draws), None without cards."""
    emotions = [card["emotion"] for card in stage["touchpoints"]]
    return round(sum(emotions) / len(emotions), 2) if emotions else None


def emotion_curve(document: dict) -> list[float | None]:
    return [_mood(stage) for stage in document["stages"]]


def _signed(value: float) -> str:
    return (
        formats.number_format(value, decimal_pos=1, force_grouping=False)
        if value <= 0
        else "+" + (formats.number_format(value, decimal_pos=1, force_grouping=False))
    )


def _number(text: str, unit: str = "") -> str:
    try:
        value = Decimal(text)
    except (InvalidOperation, TypeError):
        return text
    return f"{formats.number_format(value, use_l10n=True)} {unit}".strip()


def _state(journey: dict) -> str:
    if journey.get("state") == MapState.NAMED and journey.get("state_name"):
        return journey["state_name"]
    try:
        return str(MapState(journey.get("state") or MapState.CURRENT).label)
    except ValueError:
        return ""


def _export_date(document: dict) -> str:
    try:
        moment = datetime.datetime.fromisoformat(document["exported_at"])
    except (KeyError, ValueError):
        moment = timezone.now()
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment.date(), "DATE_FORMAT")


def _text_paras(text: str, style: Style = ITEM) -> list[Para]:
    return [Para(line.strip(), style) for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _markdown_paras(body: str) -> list[Para]:
    return [
        Para(line.text, SUBHEADING if line.bold else ITEM, min(line.level, 4))
        for line in markdown_lines(body)
        if line.text.strip()
    ]


def _lane_title(lane: dict) -> str:
    if lane["title"]:
        return lane["title"]
    return Lane(kind=lane["kind"], rollup_field=lane["rollup_field"]).default_title


def _card_groups(stage: dict, split_by: str, persona_names: dict[str, str]) -> list[tuple[str, list[dict]]]:
    """The stage's cards in rows as the board splits them: by persona when the lane says so, by
    channel otherwise; each group in the order its first card comes."""
    groups: dict[str, list[dict]] = {}
    for card in stage["touchpoints"]:
        if split_by == CardSplit.PERSONA:
            keys = [persona_names[ref] for ref in card["personas"] if ref in persona_names] or [_("No persona")]
        else:
            keys = [card["channel"]]
        for key in keys:
            groups.setdefault(key, []).append(card)
    return list(groups.items())


def _stage_paras(document: dict, index: int, strategies: list[dict], persona_names: dict[str, str]) -> list[Para]:
    stage = document["stages"][index]
    paras: list[Para] = []
    if stage["description"]:
        paras += _text_paras(stage["description"], NOTE)
    if stage["customer_goal"]:
        paras += [Para(_("Customer goal"), HEADING), *_text_paras(stage["customer_goal"])]
    lanes = [lane for lane in document.get("lanes") or [] if not lane["hidden"]]
    if not any(lane["kind"] == LaneKind.CARDS for lane in lanes):
        lanes.insert(0, {"kind": LaneKind.CARDS, "title": "", "rollup_field": "", "split_by": CardSplit.CHANNEL})
    for lane in lanes:
        kind = lane["kind"]
        if kind == LaneKind.CARDS:
            paras.append(Para(_lane_title(lane), HEADING))
            if not stage["touchpoints"]:
                paras.append(Para(_("No touchpoints in this stage yet."), NOTE))
            for name, cards in _card_groups(stage, lane["split_by"], persona_names):
                paras.append(Para(name, SUBHEADING))
                paras += [Para(f"• {card['title']} · {emotion_label(card['emotion'])}", ITEM) for card in cards]
        elif kind == LaneKind.TEXT:
            body = next((cell["body"] for cell in lane["cells"] if cell["stage"] == index), "")
            if body.strip():
                paras += [Para(_lane_title(lane), HEADING), *_markdown_paras(body)]
        elif kind == LaneKind.ROLLUP:
            values = [card[lane["rollup_field"]] for card in stage["touchpoints"] if card[lane["rollup_field"]].strip()]
            if values:
                paras.append(Para(_lane_title(lane), HEADING))
                paras += [Para("• " + " ".join(value.split()), ITEM) for value in values]
    paras.append(Para(_("Active strategies"), HEADING))
    if not strategies:
        paras.append(Para(_("No active strategy for this stage yet."), NOTE))
    for strategy in strategies:
        paras.append(Para(strategy["title"], SUBHEADING))
        if strategy["about"]:
            paras.append(Para(" · ".join(strategy["about"]), NOTE))
        paras += _markdown_paras(strategy["body"])
    return paras


def _persona_paras(persona: dict) -> list[Para]:
    paras: list[Para] = []
    if persona.get("quote"):
        paras.append(Para(f"“{persona['quote']}”", SUBHEADING))
    for field, label in (
        ("story", _("Story")),
        ("characteristics", _("Characteristics")),
        ("goals", _("Goals")),
        ("frustrations", _("Frustrations")),
        ("needs", _("Needs")),
    ):
        if (persona.get(field) or "").strip():
            paras += [Para(label, HEADING), *_text_paras(persona[field])]
    if persona.get("preferred_channels"):
        paras += [Para(_("Preferred channels"), HEADING), Para(", ".join(persona["preferred_channels"]))]
    return paras


def stage_metrics(document: dict) -> list[tuple[str, str, str, str, str, str]]:
    """Per stage, in board order: the latest reading of each metric recorded for the stage, as
    (stage, metric, value, period, target, status)."""
    library = {metric["name"]: metric for metric in (document.get("metrics") or {}).get("library") or []}
    latest: dict[tuple[int, str], dict] = {}
    for reading in document.get("readings") or []:
        if reading.get("stage") is None:
            continue
        key = (reading["stage"], reading["metric"])
        known = latest.get(key)
        if known is None or known["period_start"] <= reading["period_start"]:
            latest[key] = reading
    rows = []
    for (index, name), reading in sorted(latest.items()):
        metric = library.get(name) or {}
        unit = metric.get("unit") or ""
        target = metric.get("target")
        status = Metric(
            target=Decimal(target) if target else None,
            warning=Decimal(metric["warning"]) if metric.get("warning") else None,
            higher_is_better=metric.get("higher_is_better", True),
        ).status_of(reading["value"])
        rows.append(
            (
                document["stages"][index]["name"],
                name,
                _number(reading["value"], unit),
                formats.date_format(datetime.date.fromisoformat(reading["period_start"]), "YEAR_MONTH_FORMAT"),
                _number(target, unit) if target else "—",
                str(Status(status).label),
            )
        )
    return rows


def quadrant_label(quadrant: str) -> str:
    return {
        QUICK_WINS: _("Quick wins"),
        BIG_BETS: _("Big bets"),
        FILL_INS: _("Fill-ins"),
        MONEY_PITS: _("Money pits"),
    }[quadrant]


def open_opportunities(document: dict) -> list[dict]:
    """The open opportunities, best score first."""
    return sorted(
        (item for item in document.get("opportunities") or [] if item["status"] in OPEN_STATUSES),
        key=lambda item: (-score_of(item["impact"], item["effort"], item["confidence"]), item["title"]),
    )


# --- The slides -----------------------------------------------------------------------------------


def _title_slide(deck: Deck, document: dict) -> None:
    journey = document["journey"]
    slide = deck.presentation.slides.add_slide(deck.title_layout)
    width = SLIDE_WIDTH - 2 * Inches(0.9)
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.left, title.top, title.width, title.height = Inches(0.9), Inches(1.9), width, Inches(1.9)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Inches(0.9), Inches(3.9), width, Inches(0.6)
    heading = Style(36, bold=True, color=ACCENT)
    text, _lines = _clip(" ".join(journey["title"].split()), Emu(width - 2 * INSET).pt, heading.size, 2)
    _write(_text_frame(title, anchor=MSO_ANCHOR.BOTTOM), [Para(text, heading)], align=PP_ALIGN.LEFT)
    facts = [_state(journey)]
    if (document.get("workspace") or {}).get("name"):
        facts.append(document["workspace"]["name"])
    facts.append(_export_date(document))
    line = Style(16, color=INK)
    _write(
        _text_frame(subtitle),
        [Para(_one_line(" · ".join(fact for fact in facts if fact), line.size, width), line)],
        align=PP_ALIGN.LEFT,
    )
    if journey.get("description"):
        description = " ".join(journey["description"].split())
        text, _lines = _clip(description, Emu(width - 2 * INSET).pt, ITEM.size + 1, 5)
        deck.text_box(
            slide, Inches(0.9), Inches(4.7), width, Inches(2.0), [Para(text, Style(12, color=MUTED))], one_line=False
        )


def _persona_slides(deck: Deck, persona: dict) -> None:
    avatar = Inches(0.8)
    facts = " · ".join(value for value in (persona["occupation"], persona["age_range"], persona["segment"]) if value)

    def draw_avatar(slide) -> None:
        circle = slide.shapes.add_shape(MSO_SHAPE.OVAL, MARGIN, TITLE_TOP, avatar, avatar)
        circle.fill.solid()
        try:
            circle.fill.fore_color.rgb = RGBColor.from_string(persona["color"].lstrip("#").upper())
        except (ValueError, AttributeError):
            circle.fill.fore_color.rgb = ACCENT
        circle.line.fill.background()
        frame = _text_frame(circle, anchor=MSO_ANCHOR.MIDDLE)
        initial = (persona["name"].strip() or "?")[0].upper()
        _write(frame, [Para(initial, Style(24, bold=True, color=WHITE))], align=PP_ALIGN.CENTER)

    deck.flowed(
        persona["name"],
        _persona_paras(persona) or [Para(_("Nothing is written about this persona yet."), NOTE)],
        kicker=_("Persona") + (f" · {facts}" if facts else ""),
        title_left=MARGIN + avatar + Inches(0.2),
        decorate=draw_avatar,
    )


def _curve_slide(deck: Deck, document: dict) -> None:
    stages = document["stages"]
    slide = deck.slide(_("Emotion curve"), _("The average emotion of each stage's touchpoints, from −2 to +2."))
    data = CategoryChartData(number_format="0.0")
    data.categories = [_one_line(stage["name"], 10, Inches(1.6)) for stage in stages]
    data.add_series(_("Average emotion"), emotion_curve(document))
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, MARGIN, BODY_TOP, SLIDE_WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP, data
    )
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    _chart_fonts(chart)
    # A stage without cards has no point: the line goes on to the next one, as on the board.
    blanks = chart._chartSpace.chart.find(qn("c:dispBlanksAs"))
    if blanks is not None:
        blanks.set("val", "span")
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = -2, 2, 1
    axis.has_major_gridlines = True
    axis.tick_labels.number_format = "+0;-0;0"
    axis.tick_labels.number_format_is_linked = False
    series = chart.plots[0].series[0]
    series.smooth = False
    series.format.line.color.rgb = ACCENT
    series.format.line.width = Pt(2.5)
    series.marker.style = XL_MARKER_STYLE.CIRCLE
    series.marker.size = 9
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = ACCENT
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = "+0.0;-0.0;0.0", False
    labels.position = XL_LABEL_POSITION.ABOVE
    labels.font.size = Pt(10)


def _chart_fonts(chart) -> None:
    chart.font.size = Pt(11)
    chart.font.color.rgb = INK
    _set_fonts(chart.font._rPr)


def _metrics_slides(deck: Deck, rows: list[tuple]) -> None:
    headings = (_("Stage"), _("Metric"), _("Latest value"), _("Period"), _("Target"), _("Status"))
    shares = (0.24, 0.24, 0.14, 0.14, 0.12, 0.12)
    width = SLIDE_WIDTH - 2 * MARGIN
    row_height = Inches(0.38)
    pages = [rows[start : start + TABLE_ROWS_PER_SLIDE] for start in range(0, len(rows), TABLE_ROWS_PER_SLIDE)]
    for number, page in enumerate(pages):
        title = _("Key metrics") if number == 0 else _("%(title)s (continued)") % {"title": _("Key metrics")}
        slide = deck.slide(title, _("The latest value of each metric recorded for a stage, against its target."))
        shape = slide.shapes.add_table(len(page) + 1, len(headings), MARGIN, BODY_TOP, width, row_height)
        table = shape.table
        widths = [int(width * share) for share in shares]
        widths[-1] = width - sum(widths[:-1])
        for index, column_width in enumerate(widths):
            table.columns[index].width = column_width
        for row_index, values in enumerate([headings, *page]):
            table.rows[row_index].height = row_height
            for column_index, value in enumerate(values):
                cell = table.cell(row_index, column_index)
                cell.margin_left = cell.margin_right = INSET * 2
                cell.margin_top = cell.margin_bottom = INSET
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                cell.fill.solid()
                cell.fill.fore_color.rgb = ACCENT if row_index == 0 else (STRIPE if row_index % 2 == 0 else WHITE)
                style = Style(11, bold=row_index == 0, color=WHITE if row_index == 0 else INK)
                text = _one_line(str(value), style.size, widths[column_index] - 2 * INSET)
                cell.text_frame.word_wrap = True
                _write(cell.text_frame, [Para(text, style)])


def _matrix_slide(deck: Deck, opportunities: list[dict]) -> None:
    shown = opportunities[:MATRIX_POINTS]
    kicker = _("Open opportunities by impact (up) and effort (right), numbered by score.")
    if len(opportunities) > len(shown):
        kicker += " " + _("The %(shown)d best of %(count)d are shown.") % {
            "shown": len(shown),
            "count": len(opportunities),
        }
    slide = deck.slide(_("Impact / effort matrix"), kicker)
    chart_width = Inches(7.6)
    data = XyChartData()
    by_quadrant: dict[str, list[tuple[int, dict, float, float]]] = {}
    seen: dict[tuple[int, int], int] = {}
    for number, item in enumerate(shown, start=1):
        spot = (item["effort"], item["impact"])
        nth = seen.get(spot, 0)
        seen[spot] = nth + 1
        # Items on one spot are spread around it, so each stays visible.
        dx, dy = SPREAD[nth % len(SPREAD)]
        by_quadrant.setdefault(quadrant_of(item["impact"], item["effort"]), []).append(
            (number, item, item["effort"] + dx, item["impact"] + dy)
        )
    quadrants = [quadrant for quadrant in QUADRANT_COLORS if quadrant in by_quadrant]
    for quadrant in quadrants:
        series = data.add_series(quadrant_label(quadrant))
        for _number, _item, x, y in by_quadrant[quadrant]:
            series.add_data_point(round(x, 2), round(y, 2))
    if not quadrants:
        data.add_series(_("Opportunities"))
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER, MARGIN, BODY_TOP, chart_width, BODY_BOTTOM - BODY_TOP, data
    )
    chart = frame.chart
    chart.has_title = False
    _chart_fonts(chart)
    chart.has_legend = bool(quadrants)
    if quadrants:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    for axis, label in ((chart.category_axis, _("Effort →")), (chart.value_axis, _("Impact →"))):
        # 1 to 5, with room around: the 0 and 6 the axis needs for it are not labelled.
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 6, 1
        axis.has_major_gridlines = False
        axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = '[<0.5]"";[>5.5]"";0', False
        # The axes cross in the middle, as the lines between the four quadrants; their numbers stay
        # at the edges.
        axis.crosses_at = 2.5  # impact and effort of 3 and more are high
        axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        axis.has_title = True
        axis.axis_title.text_frame.text = label
        for paragraph in axis.axis_title.text_frame.paragraphs:
            for run in paragraph.runs:
                _style_run(run, NOTE, size=12, bold=True, color=INK)
    for series, quadrant in zip(chart.plots[0].series, quadrants, strict=False):
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 11
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = QUADRANT_COLORS[quadrant]
        series.format.line.fill.background()  # points, no line between them
        for index, (number, _item, _x, _y) in enumerate(by_quadrant[quadrant]):
            label = series.points[index].data_label
            label.position = XL_LABEL_POSITION.RIGHT
            frame_text = label.text_frame
            frame_text.text = str(number)
            for run in frame_text.paragraphs[0].runs:
                _style_run(run, NOTE, size=10, bold=True, color=INK)
    # The numbered list beside the chart.
    left = MARGIN + chart_width + GUTTER
    paras = [
        Para(
            _("%(number)d. %(title)s — impact %(impact)d, effort %(effort)d, score %(score)s")
            % {
                "number": number,
                "title": item["title"],
                "impact": item["impact"],
                "effort": item["effort"],
                "score": formats.number_format(score_of(item["impact"], item["effort"], item["confidence"]), 2),
            },
            Style(10.5, space_before=2, max_lines=2),
        )
        for number, item in enumerate(shown, start=1)
    ] or [Para(_("No open opportunities."), NOTE)]
    pages = _paginate(paras, 1, SLIDE_WIDTH - MARGIN - left, BODY_BOTTOM - BODY_TOP)
    # One column: with 20 items of two lines at most it fits; anything past it is left off, counted.
    deck.text_box(
        slide, left, BODY_TOP, SLIDE_WIDTH - MARGIN - left, BODY_BOTTOM - BODY_TOP, pages[0][0], one_line=False
    )


def render(document: dict, *, progress: Callable[[int], None] | None = None) -> bytes:
    journey = document["journey"]
    deck = Deck(journey["title"])
    _title_slide(deck, document)
    for persona in document["personas"]:
        _persona_slides(deck, persona)
    if progress:
        progress(20)
    persona_names = {persona["ref"]: persona["name"] for persona in document["personas"]}
    strategies_by_stage, _map_wide = active_strategies(document)
    stages = document["stages"]
    for index, stage in enumerate(stages):
        mood = _mood(stage)
        facts = [
            _("Stage %(number)d of %(total)d") % {"number": index + 1, "total": len(stages)},
            ngettext("%(count)d touchpoint", "%(count)d touchpoints", len(stage["touchpoints"]))
            % {"count": len(stage["touchpoints"])},
        ]
        if mood is not None:
            facts.append(
                _("Average emotion %(value)s (%(label)s)")
                % {"value": _signed(mood), "label": emotion_label(round(mood))}
            )
        deck.flowed(
            stage["name"],
            _stage_paras(document, index, strategies_by_stage.get(index, []), persona_names),
            kicker=" · ".join(facts),
        )
        if progress:
            progress(20 + int(60 * (index + 1) / len(stages)))
    if stages:
        _curve_slide(deck, document)
    rows = stage_metrics(document)
    if rows:
        _metrics_slides(deck, rows)
    opportunities = open_opportunities(document)
    if opportunities:
        _matrix_slide(deck, opportunities)
    if progress:
        progress(90)
    return deck.save()
