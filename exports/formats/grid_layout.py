"""The map's grid laid out once for every drawn format: the poster (PDF), the SVG and the PNG.

`grid_content` reads the map document into what the grid shows, as the board shows it: the map's
title and personas, the stages across, and a row per visible lane in the map's order (the cards,
split by channel or persona like the board; a text lane's Markdown as lines; what a roll-up
gathers; the emotion curve; what the strategies, opportunities, evidence and metrics lanes list).
`layout` places it at a given width: stage columns, row heights, card boxes, wrapped lines and the
curve's points, as a list of shapes (rectangles, lines of text, polylines, dots) in points. A
renderer only draws those shapes, scaled to its page or image, so the three formats cannot drift
apart.

Every text is drawn as text (never read as markup), wrapped with the fonts' real widths
(formats.fonts) and cut to a few lines; a cell shows a bounded number of cards and items, so the
layout of any map has a bounded size.
"""

import re
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boards.extensions import board_extensions
from boards.grid import ALL_COLOR, NO_PERSONA_COLOR
from boards.partials import ROLLUP_SHOWN
from journeys.models import CardSplit, Lane, LaneKind
from touchpoints.models import Emotion

from .fonts import BOLD, FontMetrics, font_metrics
from .map_digest import prepare
from .markdown_text import markdown_lines
from .rows import LIST_SEPARATOR, emotion_label

Color = tuple[int, int, int]
Point = tuple[float, float]

INK: Color = (30, 41, 59)
MUTED: Color = (100, 116, 139)
ACCENT: Color = (49, 46, 129)
WHITE: Color = (255, 255, 255)
RULE: Color = (203, 213, 225)
LABEL_FILL: Color = (241, 245, 249)
BAND_FILL: Color = (248, 250, 252)
EMOTION_BARS: dict[int, Color] = {
    -2: (185, 28, 28),
    -1: (249, 115, 22),
    0: (148, 163, 184),
    1: (34, 197, 94),
    2: (21, 128, 61),
}
EMOTION_FILLS: dict[int, Color] = {
    -2: (254, 226, 226),
    -1: (255, 237, 213),
    0: (241, 245, 249),
    1: (220, 252, 231),
    2: (187, 247, 208),
}

# Sizes in points (1/72 inch), at scale 1.
LINE_HEIGHT = 1.22  # times the font size
TITLE_SIZE = 18.0
SUBTITLE_SIZE = 9.0
HEAD_SIZE = 9.0
LABEL_SIZE = 8.0
SUBLABEL_SIZE = 7.0
CARD_TITLE_SIZE = 7.5
CARD_META_SIZE = 6.5
TEXT_SIZE = 7.0
LABEL_WIDTH = 92.0
GAP = 3.0  # between columns, and between rows
PAD = 4.0  # inside a cell
CARD_BAR = 2.5
CARD_GAP = 3.0
MIN_COLUMN = 100.0
MAX_COLUMN = 300.0
IMAGE_COLUMN = 180.0  # a stage's column in an image of the whole map
CURVE_HEIGHT = 84.0
CURVE_PAD = 14.0
CHIP_WIDTH = 190.0
AVATAR = 16.0

# Bounds: what one cell shows at most (a poster of a huge map stays one legible page).
CARDS_SHOWN = 60
ITEMS_SHOWN = 6  # of a lane that lists items (strategies, opportunities, evidence, metrics)
TEXT_LINES = 14  # of a text lane's cell
CARD_TITLE_LINES = 3
# A compact layout (a poster of a big map) draws cards' titles in fewer lines, without their channel
# and emotion (their colour tells it), and items in two lines each.
COMPACT_TITLE_LINES = 2
COMPACT_ITEM_LINES = 2
ITEM_LINES = 3
MAX_TEXT = 1200  # characters of any one text read before wrapping (more never fits its lines)

ELLIPSIS = "…"
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text as drawn: bounded, without control characters (which no font draws and XML refuses)."""
    return _UNPRINTABLE.sub(" ", str(text)[:MAX_TEXT])


def _rgb(color: str, default: str = ALL_COLOR) -> Color:
    value = color if re.fullmatch(r"#[0-9a-fA-F]{6}", color or "") else default
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


# --- What the grid shows -----------------------------------------------------------------------


@dataclass(frozen=True)
class CardContent:
    title: str
    meta: str
    emotion: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    muted: bool = False
    max_lines: int = ITEM_LINES
    indent: float = 0.0


@dataclass(frozen=True)
class CurveCell:
    """A stage's point of the curve (the average emotion of its cards), and its neighbours' values."""

    value: float | None
    before: float | None
    after: float | None


@dataclass
class RowContent:
    label: str
    kind: str  # "cards" (CardContent and Paragraph items), "text" (Paragraph items) or "curve"
    cells: list = field(default_factory=list)  # one per stage shown
    sublabel: str = ""
    color: Color | None = None
    line_budget: int = 0  # lines a cell shows at most (0: as many as its items have)


@dataclass(frozen=True)
class PersonaChip:
    name: str
    initials: str
    color: Color
    details: str
    quote: str


@dataclass(frozen=True)
class StageHead:
    number: int
    name: str


@dataclass
class GridContent:
    title: str
    subtitle: str
    personas: list[PersonaChip]
    stages: list[StageHead]
    rows: list[RowContent]


def _more(count: int) -> Paragraph:
    return Paragraph(ngettext("and %(count)d more", "and %(count)d more", count) % {"count": count}, muted=True)


def _bounded(items: list[Paragraph], shown: int = ITEMS_SHOWN) -> list[Paragraph]:
    return items[:shown] + ([_more(len(items) - shown)] if len(items) > shown else [])


def _card_items(cards: list[dict], split_by: str) -> list:
    items: list = []
    for card in cards[:CARDS_SHOWN]:
        meta = [card["channel"], card["emotion_label"]]
        if card["persona_names"] and split_by != CardSplit.PERSONA:
            meta.append(card["persona_names"].replace(LIST_SEPARATOR, ", "))
        items.append(CardContent(_clean(card["title"]), _clean(" · ".join(meta)), card["emotion"]))
    if len(cards) > CARDS_SHOWN:
        items.append(_more(len(cards) - CARDS_SHOWN))
    return items


def _card_rows(lane: dict, label: str, document: dict, stages: list[dict]) -> list[RowContent]:
    split_by = lane["split_by"]
    if split_by == CardSplit.CHANNEL:
        # A row per channel the map's cards use, whichever stages are shown (as the board).
        used = {card["channel"] for stage in document["stages"] for card in stage["touchpoints"]}
        channels = [channel["name"] for channel in document["channels"] if channel["name"] in used]
        rows = [
            RowContent(
                label,
                "cards",
                [
                    _card_items([card for card in stage["touchpoints"] if card["channel"] == name], split_by)
                    for stage in stages
                ],
                sublabel=_clean(name),
            )
            for name in channels
        ]
        return rows or [RowContent(label, "cards", [[] for _stage in stages])]
    if split_by == CardSplit.PERSONA:
        rows = [
            RowContent(
                label,
                "cards",
                [
                    _card_items([card for card in stage["touchpoints"] if persona["ref"] in card["personas"]], split_by)
                    for stage in stages
                ],
                sublabel=_clean(persona["name"]),
                color=_rgb(persona["color"]),
            )
            for persona in document["personas"]
        ]
        rows.append(
            RowContent(
                label,
                "cards",
                [
                    _card_items([card for card in stage["touchpoints"] if not card["personas"]], split_by)
                    for stage in stages
                ],
                sublabel=_("No persona"),
                color=_rgb(NO_PERSONA_COLOR),
            )
        )
        return rows
    return [RowContent(label, "cards", [_card_items(stage["touchpoints"], split_by) for stage in stages])]


def _text_cell(body: str) -> list[Paragraph]:
    """A text lane's Markdown as the board shows it, flattened to lines (drawn up to TEXT_LINES)."""
    return [
        Paragraph(_clean(line.text), bold=line.bold, max_lines=TEXT_LINES, indent=6.0 * line.level)
        for line in markdown_lines(body[: MAX_TEXT * 4])
    ]


def _rollup_cell(stage: dict, name: str) -> list[Paragraph]:
    cards = [card for card in stage["touchpoints"] if card[name]]
    items = []
    for card in cards[:ROLLUP_SHOWN]:
        items.append(Paragraph("• " + _clean(card[name])))
        items.append(Paragraph(_clean(card["title"]), muted=True, max_lines=1, indent=6.0))
    if len(cards) > ROLLUP_SHOWN:
        items.append(_more(len(cards) - ROLLUP_SHOWN))
    return items


def _strategy_cells(document: dict, stages: list[dict]) -> list[list[Paragraph]]:
    """As the board's Strategies lane: each stage's own strategies that are not retired, by title."""
    by_stage: dict[int, list[str]] = {}
    for strategy in document.get("strategies") or []:
        if strategy["status"] != "retired" and strategy.get("stage") is not None and strategy.get("touchpoint") is None:
            by_stage.setdefault(strategy["stage"], []).append(strategy["title"])
    return [
        _bounded([Paragraph("• " + _clean(title)) for title in sorted(by_stage.get(stage["index"], []), key=str.lower)])
        for stage in stages
    ]


# The app lanes drawn from the document: what each lists for a stage (map_digest.prepare's stage).
APP_LANE_ITEMS = {
    "opportunities": lambda stage: [
        Paragraph(f"{score} · {_clean(title)}") for title, score, _s in stage["opportunities"]
    ],
    "evidence": lambda stage: [Paragraph(f"“{_clean(quote)[:240]}”") for quote in stage["quotes"]],
    "metrics": lambda stage: [
        Paragraph(_clean(f"{name}: {value} ({period})"), max_lines=2) for name, value, period in stage["metrics"]
    ],
}


def _curve_cells(all_stages: list[dict], stages: list[dict]) -> list[CurveCell]:
    values: list[float | None] = []
    for stage in all_stages:
        emotions = [card["emotion"] for card in stage["touchpoints"]]
        values.append(sum(emotions) / len(emotions) if emotions else None)
    cells = []
    for stage in stages:
        index = stage["index"]
        cells.append(
            CurveCell(
                values[index],
                values[index - 1] if index > 0 else None,
                values[index + 1] if index + 1 < len(values) else None,
            )
        )
    return cells


def lane_label(lane: dict) -> str:
    """A lane's name as the board shows it (its own, else what it shows, in the reader's language)."""
    unsaved = Lane(kind=lane["kind"], title=lane["title"], rollup_field=lane["rollup_field"], source=lane["source"])
    return _clean(board_extensions.lane_name(unsaved))


def grid_content(document: dict, *, stage_index: int | None = None, kind_label: str = "") -> GridContent:
    """What the grid of the map (or of its stage `stage_index`) shows."""
    all_stages, _map_strategies = prepare(document)
    for index, stage in enumerate(all_stages):
        stage["index"] = index
    stages = all_stages if stage_index is None else [all_stages[stage_index]]
    card_count = sum(len(stage["touchpoints"]) for stage in stages)
    subtitle = [kind_label] if kind_label else []
    if stage_index is None:
        subtitle.append(ngettext("%(count)d stage", "%(count)d stages", len(stages)) % {"count": len(stages)})
    else:
        subtitle.append(_("Stage %(number)d of %(total)d") % {"number": stage_index + 1, "total": len(all_stages)})
    subtitle.append(ngettext("%(count)d touchpoint", "%(count)d touchpoints", card_count) % {"count": card_count})

    registered = {lane.key for lane in board_extensions.lanes()}
    rows: list[RowContent] = []
    for lane in document.get("lanes") or []:
        if lane["hidden"]:
            continue
        kind = lane["kind"]
        if kind == LaneKind.APP and (lane["source"] not in registered):
            continue  # its app is not installed here: the board does not show it either
        label = lane_label(lane)
        if kind == LaneKind.CARDS:
            rows.extend(_card_rows(lane, label, document, stages))
        elif kind == LaneKind.TEXT:
            bodies = {cell["stage"]: cell["body"] for cell in lane["cells"]}
            cells = [_text_cell(bodies.get(stage["index"], "")) for stage in stages]
            rows.append(RowContent(label, "text", cells, line_budget=TEXT_LINES))
        elif kind == LaneKind.ROLLUP:
            rows.append(RowContent(label, "text", [_rollup_cell(stage, lane["rollup_field"]) for stage in stages]))
        elif kind == LaneKind.CURVE:
            rows.append(RowContent(label, "curve", _curve_cells(all_stages, stages)))
        elif kind == LaneKind.APP and lane["source"] == "strategies":
            rows.append(RowContent(label, "text", _strategy_cells(document, stages)))
        elif kind == LaneKind.APP and lane["source"] in APP_LANE_ITEMS:
            items = APP_LANE_ITEMS[lane["source"]]
            rows.append(RowContent(label, "text", [_bounded(items(stage)) for stage in stages]))

    personas = [
        PersonaChip(
            name=_clean(persona["name"]),
            initials=("".join(part[0] for part in persona["name"].split()[:2]) or "?").upper(),
            color=_rgb(persona["color"]),
            details=_clean(" · ".join(persona[key] for key in ("occupation", "age_range", "segment") if persona[key])),
            quote=_clean(f"“{persona['quote']}”") if persona["quote"] else "",
        )
        for persona in document["personas"]
    ]
    return GridContent(
        title=_clean(document["journey"]["title"]),
        subtitle=" · ".join(subtitle),
        personas=personas,
        stages=[StageHead(stage["index"] + 1, _clean(stage["name"])) for stage in stages],
        rows=rows,
    )


# --- Where it goes -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: Color | None
    stroke: Color | None = None


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text: `x` its left edge, `y` its baseline."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    color: Color = INK


@dataclass(frozen=True, slots=True)
class Polyline:
    points: tuple[Point, ...]
    color: Color
    width: float
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    r: float
    fill: Color
    stroke: Color | None = None


Shape = Rect | Text | Polyline | Dot


@dataclass(frozen=True)
class Column:
    name: str
    x: float
    w: float


@dataclass(frozen=True)
class RowBox:
    label: str
    sublabel: str
    y: float
    h: float


@dataclass
class Layout:
    """Shapes in points from (0, 0) to (width, height), in drawing order."""

    width: float
    height: float
    title: str
    shapes: list[Shape]
    columns: list[Column]
    rows: list[RowBox]


class _Painter:
    def __init__(self, metrics: FontMetrics, compact: bool = False):
        self.metrics = metrics
        self.title_lines = COMPACT_TITLE_LINES if compact else CARD_TITLE_LINES
        self.card_meta = not compact
        self.item_lines = COMPACT_ITEM_LINES if compact else TEXT_LINES
        self.back: list[Shape] = []  # cell backgrounds, drawn first
        self.front: list[Shape] = []

    def wrap(self, text: str, width: float, size: float, bold: bool = False, max_lines: int = ITEM_LINES) -> list[str]:
        """The text in lines no wider than `width` (cut at spaces when it can), at most `max_lines`: the
        last one ends with an ellipsis when the text goes on."""
        style = BOLD if bold else ""
        measure = self.metrics.width
        space = measure(" ", size, style)
        lines: list[str] = []
        for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n"):
            line, line_width = "", 0.0
            for word in paragraph.split(" "):
                word_width = measure(word, size, style)
                needed = word_width if not line else line_width + space + word_width
                if needed <= width:
                    line, line_width = (word if not line else f"{line} {word}"), needed
                    continue
                if line:
                    lines.append(line)
                line, line_width = word, word_width
                while line_width > width and len(line) > 1:  # a word longer than the line: cut it
                    cut, cut_width = 0, 0.0
                    while cut < len(line) - 1:
                        next_width = cut_width + measure(line[cut], size, style)
                        if next_width > width and cut:
                            break
                        cut, cut_width = cut + 1, next_width
                    lines.append(line[:cut])
                    line = line[cut:]
                    line_width = measure(line, size, style)
                if len(lines) > max_lines:
                    break
            lines.append(line)
            if len(lines) > max_lines:
                break
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            last = lines[-1]
            while last and measure(last + ELLIPSIS, size, style) > width:
                last = last[:-1]
            lines[-1] = last.rstrip() + ELLIPSIS
        return lines

    def lines(self, x: float, top: float, lines: list[str], size: float, *, bold=False, color=INK) -> float:
        """Draw lines of text from `top`; their height."""
        height = size * LINE_HEIGHT
        for number, line in enumerate(lines):
            if line:
                self.front.append(Text(x, top + number * height + size * 0.95, line, size, bold, color))
        return len(lines) * height

    def paragraphs(self, x: float, top: float, width: float, items: list[Paragraph], budget: int = 0) -> float:
        """Draw the items one under the other, in `budget` lines at most (then an ellipsis); their height."""
        y = top
        left = budget or sum(item.max_lines for item in items)
        for number, item in enumerate(items):
            if left <= 0:
                y += self.lines(x, y, [ELLIPSIS], TEXT_SIZE, color=MUTED)
                break
            most = min(item.max_lines, self.item_lines, left)
            lines = self.wrap(item.text, width - item.indent, TEXT_SIZE, item.bold, most)
            left -= len(lines)
            y += self.lines(x + item.indent, y, lines, TEXT_SIZE, bold=item.bold, color=MUTED if item.muted else INK)
            y += 1.5 if number + 1 < len(items) else 0
        return y - top

    def card(self, x: float, top: float, width: float, card: CardContent) -> float:
        inner = width - CARD_BAR - 6
        title = self.wrap(card.title, inner, CARD_TITLE_SIZE, True, self.title_lines)
        meta = self.wrap(card.meta, inner, CARD_META_SIZE, False, 1) if self.card_meta else []
        height = 6 + len(title) * CARD_TITLE_SIZE * LINE_HEIGHT + len(meta) * CARD_META_SIZE * LINE_HEIGHT
        emotion = card.emotion if card.emotion in EMOTION_BARS else Emotion.NEUTRAL
        self.front.append(Rect(x, top, width, height, EMOTION_FILLS[emotion]))
        self.front.append(Rect(x, top, CARD_BAR, height, EMOTION_BARS[emotion]))
        y = top + 3 + self.lines(x + CARD_BAR + 3, top + 3, title, CARD_TITLE_SIZE, bold=True)
        self.lines(x + CARD_BAR + 3, y, meta, CARD_META_SIZE, color=MUTED)
        return height


def _curve_y(value: float, top: float) -> float:
    return top + CURVE_PAD + (2 - value) / 4 * (CURVE_HEIGHT - 2 * CURVE_PAD)


def _curve_label(value: float) -> str:
    """The value as the reader writes numbers ("+1,5" in Polish and Russian), as the board shows it."""
    value = round(value, 1)
    if value == 0:
        return "0"
    return ("+" if value > 0 else "") + number_format(value, decimal_pos=1)


def _draw_curve_cell(painter: _Painter, x: float, top: float, width: float, cell: CurveCell) -> None:
    color = _rgb(ALL_COLOR)
    zero = _curve_y(0, top)
    painter.front.append(Polyline(((x, zero), (x + width, zero)), RULE, 0.6, dashed=True))
    if cell.value is None:
        return
    y = _curve_y(cell.value, top)
    middle = x + width / 2
    # Half-segments to the neighbours' points meet theirs at the columns' edges, as on the board.
    if cell.before is not None:
        painter.front.append(Polyline(((x - GAP / 2, (y + _curve_y(cell.before, top)) / 2), (middle, y)), color, 1.6))
    if cell.after is not None:
        edge = x + width + GAP / 2
        painter.front.append(Polyline(((middle, y), (edge, (y + _curve_y(cell.after, top)) / 2)), color, 1.6))
    painter.front.append(Dot(middle, y, 3.2, color, WHITE))
    label = _curve_label(cell.value)
    label_width = painter.metrics.width(label, TEXT_SIZE, BOLD)
    baseline = y - 6 if y - 6 - TEXT_SIZE > top else y + 6 + TEXT_SIZE
    painter.front.append(Text(middle - label_width / 2, baseline, label, TEXT_SIZE, True, INK))


def column_width(stage_count: int, width: float) -> float:
    """How wide each stage's column is when the grid is given `width` points (within bounds: a grid of
    many stages may be wider)."""
    count = max(stage_count, 1)
    return max(MIN_COLUMN, min(MAX_COLUMN, (width - LABEL_WIDTH) / count - GAP))


def layout(content: GridContent, width: float, metrics: FontMetrics, *, compact: bool = False) -> Layout:
    """Place the grid: `width` is the room it has, in points at scale 1 (the page's or the image's);
    `compact` gives cards two lines of title and no channel, and items two lines each."""
    painter = _Painter(metrics, compact)
    column = column_width(len(content.stages), width)
    grid_width = LABEL_WIDTH + max(len(content.stages), 1) * (column + GAP)
    total_width = grid_width
    y = 0.0

    # The map's title, what this is, how to read the cards' colours.
    title = painter.wrap(content.title, total_width, TITLE_SIZE, True, 2)
    y += painter.lines(0, y, title, TITLE_SIZE, bold=True)
    y += painter.lines(
        0, y + 1, painter.wrap(content.subtitle, total_width, SUBTITLE_SIZE, max_lines=2), SUBTITLE_SIZE, color=MUTED
    )
    y += 4
    x = 0.0
    legend = _("Emotion") + ":"
    painter.front.append(Text(x, y + TEXT_SIZE * 0.95, legend, TEXT_SIZE, True, MUTED))
    x += metrics.width(legend, TEXT_SIZE, BOLD) + 4
    for value in sorted(EMOTION_BARS):
        painter.front.append(Rect(x, y + 1, 8, 7, EMOTION_FILLS[value]))
        painter.front.append(Rect(x, y + 1, 2, 7, EMOTION_BARS[value]))
        x += 11
        name = emotion_label(value)
        painter.front.append(Text(x, y + TEXT_SIZE * 0.95, name, TEXT_SIZE, False, MUTED))
        x += metrics.width(name, TEXT_SIZE) + 8
    y += TEXT_SIZE * LINE_HEIGHT + 8

    # The personas, in chips across.
    if content.personas:
        y += painter.lines(0, y, [_("Personas")], LABEL_SIZE, bold=True, color=MUTED) + 2
        per_row = max(1, int((total_width + 6) // (CHIP_WIDTH + 6)))
        chip = (total_width - 6 * (per_row - 1)) / per_row
        for start in range(0, len(content.personas), per_row):
            heights = []
            for offset, persona in enumerate(content.personas[start : start + per_row]):
                left = offset * (chip + 6)
                text_x = left + 4 + AVATAR + 5
                text_width = chip - (text_x - left) - 4
                painter.front.append(Dot(left + 4 + AVATAR / 2, y + 4 + AVATAR / 2, AVATAR / 2, persona.color))
                initials_width = metrics.width(persona.initials, 6.5, BOLD)
                painter.front.append(
                    Text(
                        left + 4 + (AVATAR - initials_width) / 2,
                        y + 4 + AVATAR / 2 + 2.3,
                        persona.initials,
                        6.5,
                        True,
                        WHITE,
                    )
                )
                used = painter.lines(
                    text_x, y + 4, painter.wrap(persona.name, text_width, LABEL_SIZE, True, 1), LABEL_SIZE, bold=True
                )
                if persona.details:
                    used += painter.lines(
                        text_x,
                        y + 4 + used,
                        painter.wrap(persona.details, text_width, TEXT_SIZE, max_lines=1),
                        TEXT_SIZE,
                        color=MUTED,
                    )
                if persona.quote:
                    used += painter.lines(
                        text_x, y + 4 + used, painter.wrap(persona.quote, text_width, TEXT_SIZE, max_lines=2), TEXT_SIZE
                    )
                heights.append((left, max(used, AVATAR) + 8))
            height = max(h for _left, h in heights)
            for left, _h in heights:
                painter.back.append(Rect(left, y, chip, height, BAND_FILL, RULE))
            y += height + 6
        y += 4

    columns = [
        Column(stage.name, LABEL_WIDTH + index * (column + GAP) + GAP, column)
        for index, stage in enumerate(content.stages)
    ]
    rows: list[RowBox] = []
    if not content.stages:
        y += painter.lines(0, y, [_("This map has no stages yet.")], SUBTITLE_SIZE)
        return Layout(total_width, y, content.title, painter.back + painter.front, columns, rows)

    # The stages' heads.
    heads = [
        painter.wrap(f"{stage.number}. {stage.name}", column - 2 * PAD, HEAD_SIZE, True, 3) for stage in content.stages
    ]
    height = max(len(lines) for lines in heads) * HEAD_SIZE * LINE_HEIGHT + 2 * PAD
    for spot, lines in zip(columns, heads, strict=True):
        painter.back.append(Rect(spot.x, y, spot.w, height, ACCENT))
        painter.lines(spot.x + PAD, y + PAD, lines, HEAD_SIZE, bold=True, color=WHITE)
    y += height + GAP

    # A row per lane (several for split cards): its label, then its cells.
    for number, row in enumerate(content.rows):
        top = y
        used = painter.lines(
            PAD, top + PAD, painter.wrap(row.label, LABEL_WIDTH - 2 * PAD, LABEL_SIZE, True, 3), LABEL_SIZE, bold=True
        )
        if row.sublabel:
            indent = 9.0 if row.color else 0.0
            if row.color:
                painter.front.append(Dot(PAD + 3, top + PAD + used + SUBLABEL_SIZE * 0.6, 3, row.color))
            used += painter.lines(
                PAD + indent,
                top + PAD + used,
                painter.wrap(row.sublabel, LABEL_WIDTH - 2 * PAD - indent, SUBLABEL_SIZE, max_lines=2),
                SUBLABEL_SIZE,
                color=MUTED,
            )
        height = used + 2 * PAD
        if row.kind == "curve":
            height = max(height, CURVE_HEIGHT)
            for value, mark in ((2, "+2"), (0, "0"), (-2, "−2")):
                mark_width = metrics.width(mark, 6)
                painter.front.append(
                    Text(LABEL_WIDTH - PAD - mark_width, _curve_y(value, top) + 2, mark, 6, False, MUTED)
                )
            for spot, cell in zip(columns, row.cells, strict=True):
                _draw_curve_cell(painter, spot.x, top, spot.w, cell)
        else:
            for spot, items in zip(columns, row.cells, strict=True):
                cell_y = top + PAD
                if row.kind == "cards":
                    for item in items:
                        if isinstance(item, CardContent):
                            cell_y += painter.card(spot.x + PAD, cell_y, spot.w - 2 * PAD, item) + CARD_GAP
                        else:
                            cell_y += painter.paragraphs(spot.x + PAD, cell_y, spot.w - 2 * PAD, [item])
                else:
                    cell_y += painter.paragraphs(spot.x + PAD, cell_y, spot.w - 2 * PAD, items, row.line_budget)
                height = max(height, cell_y - top + PAD)
        fill = BAND_FILL if number % 2 else WHITE
        painter.back.append(Rect(0, top, LABEL_WIDTH, height, LABEL_FILL, RULE))
        for spot in columns:
            painter.back.append(Rect(spot.x, top, spot.w, height, fill, RULE))
        rows.append(RowBox(row.label, row.sublabel, top, height))
        y += height + GAP
    return Layout(total_width, y - GAP, content.title, painter.back + painter.front, columns, rows)


def image_layout(document: dict, stage_index: int | None = None) -> Layout:
    """The grid as the board images (SVG, PNG) draw it: columns of IMAGE_COLUMN points for a whole map,
    one of MAX_COLUMN for a single stage."""
    content = grid_content(document, stage_index=stage_index)
    column = IMAGE_COLUMN if stage_index is None else MAX_COLUMN
    width = LABEL_WIDTH + max(len(content.stages), 1) * (column + GAP)
    return layout(content, width, font_metrics())
