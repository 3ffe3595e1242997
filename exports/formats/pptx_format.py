"""PPTX: a slide deck of the map, for the people a map is presented to.

A title slide (the map's title, state, workspace and the date, in the requester's language), a
slide per persona, a slide per stage with what its lanes hold (the touchpoints by channel or
persona, the text lanes, the cards' pain points and opportunities...) and its active strategies,
the emotion curve as a native line chart, each stage's key metrics as a table, and the open
opportunities on an impact/effort scatter chart.

Drawn on 16:9 slides by exports.formats.pptx_layout, which keeps every text inside its slide:
what does not fit goes on to a continuation slide, an item too long for a few lines is cut with an
ellipsis.
"""

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from journeys.models import CardSplit, Lane, LaneKind, MapState
from metrics.models import Metric, Status
from opportunities.models import OPEN_STATUSES, score_of
from opportunities.selectors import BIG_BETS, FILL_INS, MONEY_PITS, QUICK_WINS, quadrant_of

from .map_digest import active_strategies
from .markdown_text import markdown_lines
from .pptx_layout import (
    ACCENT,
    BODY_BOTTOM,
    BODY_TOP,
    GUTTER,
    HEADING,
    INK,
    INSET,
    ITEM,
    MARGIN,
    MUTED,
    NOTE,
    SLIDE_WIDTH,
    STRIPE,
    SUBHEADING,
    TITLE_TOP,
    WHITE,
    Deck,
    Para,
    Style,
    chart_fonts,
    clip,
    one_line,
    paginate,
    style_run,
    text_frame,
    write,
)
from .rows import emotion_label

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


QUADRANT_COLORS = {
    QUICK_WINS: RGBColor(0x15, 0x80, 0x3D),
    BIG_BETS: RGBColor(0x03, 0x69, 0xA1),
    FILL_INS: RGBColor(0x94, 0xA3, 0xB8),
    MONEY_PITS: RGBColor(0xB9, 0x1C, 0x1C),
}


# --- What the slides say --------------------------------------------------------------------------


def _mood(stage: dict) -> float | None:
    """The average emotion of a stage's cards (what the board's curve draws), None without cards."""
    emotions = [card["emotion"] for card in stage["touchpoints"]]
    return round(sum(emotions) / len(emotions), 2) if emotions else None


def emotion_curve(document: dict) -> list[float | None]:
    return [_mood(stage) for stage in document["stages"]]


def _signed(value: float) -> str:
    text = formats.number_format(value, decimal_pos=1)
    return f"+{text}" if value > 0 else text


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
    if not any(lane["kind"] == LaneKind.CARDS for lane in lanes):  # hidden or removed: the deck shows the cards
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
    text, _lines = clip(" ".join(journey["title"].split()), Emu(width - 2 * INSET).pt, heading.size, 2)
    write(text_frame(title, anchor=MSO_ANCHOR.BOTTOM), [Para(text, heading)], align=PP_ALIGN.LEFT)
    facts = [_state(journey)]
    if (document.get("workspace") or {}).get("name"):
        facts.append(document["workspace"]["name"])
    facts.append(_export_date(document))
    line = Style(16, color=INK)
    write(
        text_frame(subtitle),
        [Para(one_line(" · ".join(fact for fact in facts if fact), line.size, width), line)],
        align=PP_ALIGN.LEFT,
    )
    if journey.get("description"):
        description = " ".join(journey["description"].split())
        text, _lines = clip(description, Emu(width - 2 * INSET).pt, ITEM.size + 1, 5)
        deck.text_box(
            slide, Inches(0.9), Inches(4.7), width, Inches(2.0), [Para(text, Style(12, color=MUTED))], single_line=False
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
        frame = text_frame(circle, anchor=MSO_ANCHOR.MIDDLE)
        initial = (persona["name"].strip() or "?")[0].upper()
        write(frame, [Para(initial, Style(24, bold=True, color=WHITE))], align=PP_ALIGN.CENTER)

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
    data.categories = [one_line(stage["name"], 10, Inches(1.6)) for stage in stages]
    data.add_series(_("Average emotion"), emotion_curve(document))
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, MARGIN, BODY_TOP, SLIDE_WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP, data
    )
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    chart_fonts(chart)
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
                text = one_line(str(value), style.size, widths[column_index] - 2 * INSET)
                cell.text_frame.word_wrap = True
                write(cell.text_frame, [Para(text, style)])


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
    chart_fonts(chart)
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
                style_run(run, NOTE, size=12, bold=True, color=INK)
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
                style_run(run, NOTE, size=10, bold=True, color=INK)
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
    pages = paginate(paras, 1, SLIDE_WIDTH - MARGIN - left, BODY_BOTTOM - BODY_TOP)
    # One column: with 20 items of two lines at most it fits; anything past it is left off, counted.
    deck.text_box(
        slide, left, BODY_TOP, SLIDE_WIDTH - MARGIN - left, BODY_BOTTOM - BODY_TOP, pages[0][0], single_line=False
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
                % {"value": _signed(mood), "label": emotion_label(int(Decimal(mood).quantize(1, ROUND_HALF_UP)))}
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
