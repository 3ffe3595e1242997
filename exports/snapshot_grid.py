"""A snapshot's map drawn read-only, as the board drew it then: stages across, its lanes down (the cards,
split by channel or persona as they were; the texts; what the cards' fields gathered; the emotion curve;
the strategies, evidence and opportunities of the other apps' lanes).

The board's own grid (boards.grid.build_grid) lays the rows out from the snapshot's document instead of
the database: the same splits, roll-ups and curve. Nothing here reads the database; nothing links to the
map's live cards, which may have changed or gone since.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boards.extensions import board_extensions
from boards.grid import CURVE_HEIGHT, Row, build_grid
from boards.selectors import Card, PersonaMark
from core.fast_html import format_html, format_html_join
from journeys.models import Lane, LaneKind
from personas.models import AvatarColor, Persona
from strategies.models import StrategyStatus
from touchpoints.models import Emotion

from .models import Snapshot
from .selectors import id_of_ref

TEXT_FIELDS = ("does", "thinks", "feels", "pain_points", "opportunities")


@dataclass
class SnapshotRow:
    """One row as the page draws it: `cells` in the stages' order."""

    kind: str
    label: str
    sublabel: str = ""
    color: str = ""
    cells: list[Any] = field(default_factory=list)


@dataclass
class SnapshotGrid:
    stages: list
    rows: list[SnapshotRow]
    personas: list[PersonaMark]
    hidden_lanes: list[str]
    curve_height: int = CURVE_HEIGHT
    zero_y: float = 0.0


def _place(index: int, value) -> int:
    """A row's id in the document, or a negative stand-in for one it does not carry."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else -(index + 1)


def _app_cells(source: str, content: dict, stages: list) -> list[list[str]]:
    """What another app's lane showed for each stage, from the snapshot's sections: the stage's current
    strategies, the opportunities that name it or its cards, its evidence (how many items, its highlighted
    quotes), its metrics' readings (how many)."""
    per_stage: list[list[str]] = [[] for _stage in stages]

    def of_stage(entry: dict) -> set[int]:
        places = set(entry.get("stages") or [])
        places |= {card[0] for card in entry.get("touchpoints") or [] if isinstance(card, list) and card}
        return {index for index in places if isinstance(index, int) and 0 <= index < len(stages)}

    if source == "strategies":
        for strategy in content.get("strategies") or []:
            index = strategy.get("stage")
            current = strategy.get("status") != StrategyStatus.RETIRED and strategy.get("touchpoint") is None
            if current and isinstance(index, int) and 0 <= index < len(stages):
                per_stage[index].append(strategy["title"])
        return [sorted(titles, key=str.lower) for titles in per_stage]
    if source == "opportunities":
        for item in content.get("opportunities") or []:
            for index in of_stage(item):
                per_stage[index].append(item["title"])
        return per_stage
    if source == "evidence":
        counts = [0] * len(stages)
        for item in content.get("evidence") or []:
            for index in of_stage(item):
                counts[index] += 1
                if item.get("highlighted"):
                    per_stage[index].append(f"“{item['text'][:240]}”")
        return [
            (
                [ngettext("%(count)d item of evidence", "%(count)d items of evidence", count) % {"count": count}]
                if count
                else []
            )
            + quotes
            for count, quotes in zip(counts, per_stage, strict=True)
        ]
    if source == "metrics":
        counts = [0] * len(stages)
        for reading in content.get("readings") or []:
            place = reading.get("touchpoint") or []
            index = reading.get("stage") if reading.get("stage") is not None else (place[0] if place else None)
            if isinstance(index, int) and 0 <= index < len(stages):
                counts[index] += 1
        return [
            [ngettext("%(count)d reading", "%(count)d readings", count) % {"count": count}] if count else []
            for count in counts
        ]
    return per_stage


def snapshot_grid(snapshot: Snapshot) -> SnapshotGrid:
    content = snapshot.content
    colors = set(AvatarColor.values)
    persona_marks = {}
    for index, data in enumerate(content.get("personas") or []):
        color = data.get("color") if data.get("color") in colors else AvatarColor.INDIGO
        name = data.get("name", "")
        persona_marks[data.get("ref")] = PersonaMark(
            _place(index, id_of_ref(data.get("ref"))), name, color, Persona(name=name).initials
        )
    personas = [SimpleNamespace(pk=mark.pk, name=mark.name, color=mark.color) for mark in persona_marks.values()]
    channel_ids = {
        channel.get("name"): _place(index, channel.get("id"))
        for index, channel in enumerate(content.get("channels") or [])
    }
    stages = []
    for index, data in enumerate(content.get("stages") or []):
        stage = SimpleNamespace(
            pk=_place(index, data.get("id")),
            name=data.get("name", ""),
            customer_goal=data.get("customer_goal", ""),
            cards=[],
        )
        for position, card in enumerate(data.get("touchpoints") or []):
            channel = card.get("channel", "")
            stage.cards.append(
                Card(
                    pk=_place(position, id_of_ref(card.get("ref"))),
                    stage_id=stage.pk,
                    title=card.get("title", ""),
                    emotion=card.get("emotion", 0),
                    version=0,
                    channel_id=channel_ids.setdefault(channel, -(len(channel_ids) + 1)),
                    channel_name=channel,
                    **{name: card.get(name, "") for name in TEXT_FIELDS},
                    persona_list=tuple(
                        persona_marks[ref] for ref in card.get("personas") or [] if ref in persona_marks
                    ),
                )
            )
        stages.append(stage)
    used = {card.channel_id for stage in stages for card in stage.cards}
    channels = [SimpleNamespace(pk=pk, name=name, on_map=pk in used) for name, pk in channel_ids.items()]

    lanes = [
        Lane(
            pk=_place(index, data.get("id")),
            kind=data.get("kind", ""),
            title=data.get("title", ""),
            rollup_field=data.get("rollup_field", ""),
            split_by=data.get("split_by", ""),
            source=data.get("source", ""),
            hidden=bool(data.get("hidden")),
        )
        for index, data in enumerate(content.get("lanes") or [])
    ]
    cells = {
        (lane.pk, stages[cell["stage"]].pk): SimpleNamespace(body=cell.get("body", ""))
        for lane, data in zip(lanes, content.get("lanes") or [], strict=True)
        for cell in data.get("cells") or []
        if isinstance(cell.get("stage"), int) and 0 <= cell["stage"] < len(stages)
    }
    rows: list[SnapshotRow] = []
    zero_y = 0.0
    for lane in lanes:
        if lane.hidden:
            continue
        if lane.kind == LaneKind.APP:
            rows.append(
                SnapshotRow(
                    kind=LaneKind.APP,
                    label=board_extensions.lane_name(lane),
                    cells=_app_cells(lane.source, content, stages),
                )
            )
            continue
        grid = build_grid(None, stages, [lane], cells, channels, personas, [])
        zero_y = grid.zero_y
        rows.extend(_row(row, stages) for row in grid.rows)
    return SnapshotGrid(
        stages=stages,
        rows=rows,
        personas=list(persona_marks.values()),
        hidden_lanes=[board_extensions.lane_name(lane) for lane in lanes if lane.hidden],
        zero_y=zero_y,
    )


def _cards_html(cards: list[Card], stage, label: str, marks: dict[int, str]) -> SafeString:
    """A cell's cards as the board draws them (boards/grid/_card.html), their titles plain text."""
    items = format_html_join(
        "",
        '<li class="touchpoint emotion-{}"><span class="touchpoint-title">{}</span>{} '
        '<b role="img" aria-label="{}">{}</b>{}</li>',
        (
            (
                card.emotion,
                card.title,
                card.channel_name,
                marks.get(card.emotion, ""),
                f"{card.emotion:+d}" if card.emotion else "0",
                format_html_join(
                    "",
                    ' <i role="img" aria-label="{}" class="{}">{}</i>',
                    ((persona.name, persona.color_name, persona.initials) for persona in card.persona_list),
                ),
            )
            for card in cards
        ),
    )
    name = _("%(lane)s in %(name)s") % {"lane": label, "name": stage.name}
    return format_html('<ol class="cards" aria-label="{}">{}</ol>', name, items)


def _row(row: Row, stages: list) -> SnapshotRow:
    cells = [row.cells.get(stage.pk) for stage in stages]
    if row.kind == LaneKind.CARDS:
        marks = emotion_marks()
        cells = [
            _cards_html(cell or [], stage, row.sublabel or row.label, marks)
            for cell, stage in zip(cells, stages, strict=True)
        ]
    elif row.kind == LaneKind.TEXT:
        cells = [cell[0] if cell else "" for cell in cells]  # (the sanitised HTML of the Markdown)
    elif row.kind == LaneKind.ROLLUP:
        name = row.lane.rollup_field
        cells = [[getattr(card, name) for card in cell or []] for cell in cells]
    return SnapshotRow(kind=row.kind, label=row.label, sublabel=row.sublabel, color=row.color, cells=cells)


def emotion_marks() -> dict[int, str]:
    """Each emotion's words as a card's mark says them ("Emotion: Positive")."""
    return {value: _("Emotion: %(feeling)s") % {"feeling": label} for value, label in Emotion.choices}
