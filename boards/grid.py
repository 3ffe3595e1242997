"""The map as a grid: stages across, lanes down. Built from what `boards.selectors` read, in Python and
with no query of its own (but for the lanes other apps draw, one query each at most).

Each visible lane gives one row, or several for a cards lane split by channel or persona. A row has
a cell per stage; what a cell holds depends on its lane's kind:

- cards: the stage's cards (of the row's channel or persona when split);
- text: the team's Markdown for the stage, sanitised;
- rollup: the stage's cards that have text in one field (the lane's), in order: the cell lists the
  first few texts, each naming its card;
- curve: the stage's point of the emotion curve, drawn so that it sits at the centre of its
  column whatever the column's width, with half-segments to the neighbouring stages' points;
- app: what the app that registered the lane (boards.extensions) draws for the stage.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.markdown import render_markdown
from journeys.models import CardSplit, Lane, LaneKind

from .extensions import board_extensions

# What a change to cards redraws: the cards, what the roll-ups gather from them, the curve.
CARD_LANE_KINDS = frozenset({LaneKind.CARDS, LaneKind.ROLLUP, LaneKind.CURVE})

CURVE_HEIGHT = 96
CURVE_PADDING = 12
ALL_COLOR = "#4f46e5"
NO_PERSONA_COLOR = "#667085"


@dataclass
class CurveLine:
    label: str
    color: str
    key: str = "all"  # "all", or the persona's id: its values in `stage.curve_values`


@dataclass
class CurvePoint:
    """One line's point in one stage: `y` its height, `left` and `right` where its half-segments meet the
    neighbouring stages' half-segments (None: no neighbour point there, the line breaks)."""

    line: CurveLine
    value: float
    y: float
    left: float | None
    right: float | None

    @property
    def label(self) -> str:
        """The value as the reader writes numbers ("+1,5" in Polish and Russian)."""
        if self.value == 0:
            return "0"
        return ("+" if self.value > 0 else "") + number_format(self.value, decimal_pos=1)


@dataclass
class RollupItem:
    text: str
    card_pk: int
    card_title: str


@dataclass
class Row:
    """One row of the grid: `key` makes its element ids, `cells` maps a stage id to what the cell holds."""

    key: str
    lane: Lane
    label: str
    kind: str
    cells: dict[int, Any] = field(default_factory=dict)
    sublabel: str = ""
    color: str = ""
    split_value: str = ""
    # By stage: cards already drawn in an earlier row of the lane (a card of two personas on a board
    # split by persona); their copies here take ids of this row's own.
    repeated: dict[int, set[int]] = field(default_factory=dict)

    @property
    def dom_id(self) -> str:
        return f"row-{self.key}"

    def cell_id(self, stage_id: int) -> str:
        return f"cell-{self.key}-{stage_id}"


@dataclass
class Grid:
    stages: list
    rows: list[Row]
    hidden_lanes: list[Lane]
    curve_lines: list[CurveLine]
    curve_height: int = CURVE_HEIGHT

    @property
    def zero_y(self) -> float:
        return _y(0)


def _y(value: float) -> float:
    usable = CURVE_HEIGHT - 2 * CURVE_PADDING
    return round(CURVE_PADDING + (2 - value) / 4 * usable, 1)


def _curve_cells(stages: list, lines: list[tuple[CurveLine, Any]]) -> dict[int, list[CurvePoint]]:
    """Each stage's points, one per line with cards there; `cards_of(stage)` picks a line's cards."""
    cells: dict[int, list[CurvePoint]] = {stage.pk: [] for stage in stages}
    for line, cards_of in lines:
        values: list[float | None] = []
        for stage in stages:
            if getattr(stage, "cards_read", True):
                emotions = [card.emotion for card in cards_of(stage)]
                values.append(sum(emotions) / len(emotions) if emotions else None)
            else:  # a stage beyond a redrawn one: only its value counts, read with the stages
                value = stage.curve_values.get(line.key)
                values.append(float(value) if value is not None else None)
        for index, stage in enumerate(stages):
            value = values[index]
            if value is None:
                continue
            y = _y(value)
            before = values[index - 1] if index > 0 else None
            after = values[index + 1] if index + 1 < len(values) else None
            cells[stage.pk].append(
                CurvePoint(
                    line=line,
                    value=round(value, 1),
                    y=y,
                    left=round((y + _y(before)) / 2, 1) if before is not None else None,
                    right=round((y + _y(after)) / 2, 1) if after is not None else None,
                )
            )
    return cells


def curve_lines(stages: list, personas: Iterable) -> list[tuple[CurveLine, Any]]:
    """One line for all the cards shown, or one per persona the board is filtered by."""
    personas = list(personas)
    if not personas:
        return [(CurveLine(_("All touchpoints"), ALL_COLOR), lambda stage: stage.cards)]
    return [
        (
            CurveLine(persona.name, persona.color, key=str(persona.pk)),
            lambda stage, pk=persona.pk: [card for card in stage.cards if pk in card.persona_ids],
        )
        for persona in personas
    ]


def _card_rows(lane: Lane, label: str, stages: list, channels: list, personas: list) -> list[Row]:
    if lane.split_by == CardSplit.CHANNEL:
        used = {channel.pk for channel in channels if channel.on_map}
        return [
            Row(
                key=f"{lane.pk}-channel-{channel.pk}",
                lane=lane,
                label=label,
                sublabel=channel.name,
                kind=LaneKind.CARDS,
                split_value=str(channel.pk),
                cells={stage.pk: [card for card in stage.cards if card.channel_id == channel.pk] for stage in stages},
            )
            for channel in channels
            if channel.pk in used
        ] or [Row(key=str(lane.pk), lane=lane, label=label, kind=LaneKind.CARDS, cells={s.pk: [] for s in stages})]
    if lane.split_by == CardSplit.PERSONA:
        rows = [
            Row(
                key=f"{lane.pk}-persona-{persona.pk}",
                lane=lane,
                label=label,
                sublabel=persona.name,
                color=persona.color,
                kind=LaneKind.CARDS,
                split_value=str(persona.pk),
                cells={stage.pk: [card for card in stage.cards if persona.pk in card.persona_ids] for stage in stages},
            )
            for persona in personas
        ]
        drawn: dict[int, set[int]] = {stage.pk: set() for stage in stages}
        for row in rows:
            for stage in stages:
                pks = {card.pk for card in row.cells[stage.pk]}
                row.repeated[stage.pk] = pks & drawn[stage.pk]
                drawn[stage.pk] |= pks
        rows.append(
            Row(
                key=f"{lane.pk}-persona-none",
                lane=lane,
                label=label,
                sublabel=_("No persona"),
                color=NO_PERSONA_COLOR,
                kind=LaneKind.CARDS,
                split_value="",
                cells={stage.pk: [card for card in stage.cards if not card.persona_list] for stage in stages},
            )
        )
        return rows
    return [Row(key=str(lane.pk), lane=lane, label=label, kind=LaneKind.CARDS, cells={s.pk: s.cards for s in stages})]


def build_grid(
    journey,
    stages: list,
    lanes: list[Lane],
    cells: dict,
    channels: list,
    personas: list,
    curve_personas: list,
    *,
    guest: bool = False,
) -> Grid:
    """The grid of a map read by `boards.selectors`: `cells` maps (lane id, stage id) to text lane bodies.
    For a share link's `guest`, the lanes of other apps draw their guests' cells (or are left out)."""
    rows: list[Row] = []
    hidden = [lane for lane in lanes if lane.hidden]
    lines = curve_lines(stages, curve_personas)
    registered = {lane.key: lane for lane in board_extensions.lanes()}
    for lane in lanes:
        if lane.hidden:
            continue
        if lane.kind == LaneKind.APP:
            extension = registered.get(lane.source)
            if extension is None:  # its app is not installed here
                continue
            draw = extension.guest_cells if guest else extension.cells
            if draw is None:
                continue
            rows.append(
                Row(
                    key=str(lane.pk),
                    lane=lane,
                    label=board_extensions.lane_name(lane),
                    kind=lane.kind,
                    cells=dict(draw(journey, stages)),
                )
            )
            continue
        label = board_extensions.lane_name(lane)
        if lane.kind == LaneKind.CARDS:
            rows.extend(_card_rows(lane, label, stages, channels, personas))
        elif lane.kind == LaneKind.TEXT:
            texts = {stage.pk: cells.get((lane.pk, stage.pk)) for stage in stages}
            rows.append(
                Row(
                    key=str(lane.pk),
                    lane=lane,
                    label=label,
                    kind=lane.kind,
                    cells={pk: (render_markdown(cell.body) if cell else "", cell) for pk, cell in texts.items()},
                )
            )
        elif lane.kind == LaneKind.ROLLUP:
            name = lane.rollup_field
            rows.append(
                Row(
                    key=str(lane.pk),
                    lane=lane,
                    label=label,
                    kind=lane.kind,
                    cells={stage.pk: [card for card in stage.cards if getattr(card, name)] for stage in stages},
                )
            )
        elif lane.kind == LaneKind.CURVE:
            rows.append(
                Row(key=str(lane.pk), lane=lane, label=label, kind=lane.kind, cells=_curve_cells(stages, lines))
            )
    return Grid(stages=stages, rows=rows, hidden_lanes=hidden, curve_lines=[line for line, _cards in lines])
