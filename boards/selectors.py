"""Reads for the board: each returns everything a page needs in a fixed number of queries."""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db.models import Avg, Exists, OuterRef, QuerySet, Subquery

from channels.models import Channel
from core.aggregates import JoinedText, split_joined
from core.expressions import KeyIn
from core.forms import id_from_text
from core.precompiled import precompiled
from journeys.models import CardSplit, Journey, Lane, LaneCell, LaneKind, Stage
from personas.models import AvatarColor, Persona
from touchpoints.models import Touchpoint

from .extensions import BadgeTarget, board_extensions
from .grid import Grid, RollupItem, build_grid


@dataclass
class BoardFilters:
    persona_ids: list[int] = field(default_factory=list)
    channel_ids: list[int] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.persona_ids or self.channel_ids)

    @property
    def query_string(self) -> str:
        pairs = [("persona", pk) for pk in self.persona_ids] + [("channel", pk) for pk in self.channel_ids]
        return "&".join(f"{name}={pk}" for name, pk in pairs)

    @classmethod
    def from_query(cls, query) -> "BoardFilters":
        def ids(name):
            # A filter from an address or a header: what is not an id is ignored, and 100 are plenty.
            return sorted({number for value in query.getlist(name)[:100] if (number := id_from_text(value))})

        return cls(persona_ids=ids("persona"), channel_ids=ids("channel"))


@dataclass(frozen=True)
class GuestView:
    """The board as a share link's guest reads it (sharing/): read only, with no link into the app's
    member-only pages, at the link's own addresses (`urls`: "board", "parts", "events", and "card",
    a pattern with `{pk}`), and without the lanes and badges of other apps keyed in `hidden`."""

    urls: Mapping[str, str]
    hidden: frozenset[str] = frozenset()


@dataclass
class Board:
    journey: Journey
    stages: list[Stage]
    personas: list[Persona]
    channels: list[Channel]
    filters: BoardFilters
    lanes: list[Lane]
    grid: Grid


AVATAR_CLASSES = {color.value: color.name.lower() for color in AvatarColor}


@dataclass(frozen=True, slots=True)
class PersonaMark:
    """A persona as a card shows it: its avatar."""

    pk: int
    name: str
    color: str
    initials: str

    @property
    def color_name(self) -> str:
        """The colour's name, the avatar's class on a card ("indigo" for a colour no longer offered)."""
        return AVATAR_CLASSES.get(self.color, "indigo")

    @classmethod
    def of(cls, persona: Persona) -> "PersonaMark":
        return cls(persona.pk, persona.name, persona.color, persona.initials)

    def __repr__(self) -> str:  # part of every card's cache key: kept short and quick
        return f"P({self.pk},{self.name!r},{self.color},{self.initials!r})"


@dataclass(slots=True)
class Card:
    """What a board card shows of one touchpoint, read as a row: a board of 500 cards is built
    without 500 model instances. Of its texts (`TEXT_FIELDS`), only those a roll-up lane shown
    gathers are read; the others are "". `badges` holds the values of the badges other apps register
    (boards.extensions), by key: the kept ones' as stored (`kept`, JSON, parsed when the card is drawn),
    the others' read with the card. The row it was read from is its cache key (boards.partials)."""

    pk: int
    stage_id: int
    title: str
    emotion: int
    version: int
    channel_id: int
    channel_name: str
    does: str = ""
    thinks: str = ""
    feels: str = ""
    pain_points: str = ""
    opportunities: str = ""
    persona_list: tuple[PersonaMark, ...] = ()
    live_badges: dict[str, Any] = field(default_factory=dict)
    kept: str | None = None  # the kept badges' values as stored (boards.models.CardBadges), None if none are
    # The row the card was read from: every column it shows, its personas' ids, its badges' values.
    row: tuple = field(default=(), repr=False, compare=False)

    @property
    def persona_ids(self) -> set[int]:
        return {mark.pk for mark in self.persona_list}

    @property
    def badges(self) -> dict[str, Any]:
        """Every badge's value, by key (a kept badge with no stored value is left out: it shows None)."""
        if not self.kept:
            return self.live_badges
        return {**json.loads(self.kept), **self.live_badges}

    @classmethod
    def from_row(cls, row: tuple, texts: tuple[str, ...], badge_keys: list[str], personas: "PersonaMarks") -> "Card":
        """A card from a row of CARD_COLUMNS, then the `texts` read (of TEXT_FIELDS), its personas' ids
        (joined), its kept badges' values (JSON), then its other badges' values."""
        end = len(CARD_COLUMNS) + len(texts)
        card = cls(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row=row)  # CARD_COLUMNS come first
        for name, value in zip(texts, row[len(CARD_COLUMNS) : end], strict=True):
            setattr(card, name, value)
        card.persona_list = personas.of(row[end])
        card.kept = row[end + 1]
        if badge_keys:
            card.live_badges = dict(zip(badge_keys, row[end + 2 :], strict=True))
        return card


class PersonaMarks:
    """The marks of the map's personas in the order cards show them, by the joined ids a card's row
    holds: cards mostly share a few sets of personas, each looked up once."""

    def __init__(self, personas: Iterable[Persona]):
        ordered = sorted(personas, key=lambda persona: (persona.name, persona.pk))
        self._marks = {str(persona.pk): PersonaMark.of(persona) for persona in ordered}
        self._sets: dict[str | None, tuple[PersonaMark, ...]] = {}

    def of(self, joined: str | None) -> tuple[PersonaMark, ...]:
        found = self._sets.get(joined)
        if found is None:
            ids = set(split_joined(joined))
            found = self._sets[joined] = tuple(mark for key, mark in self._marks.items() if key in ids)
        return found


CARD_COLUMNS = ("id", "stage_id", "title", "emotion", "version", "channel_id", "channel__name")
# A card's texts, which the board shows only gathered in roll-up lanes: each is read when one is shown.
TEXT_FIELDS = ("does", "thinks", "feels", "pain_points", "opportunities")


def _cards(
    journey: Journey, stage_ids: list[int], filters: BoardFilters, personas: list[Persona], texts=TEXT_FIELDS
) -> list[Card]:
    """The cards of these stages in one query, with the `texts` asked for: their personas' ids joined into
    one column, their badges as subqueries, mapped onto the map's personas already loaded."""
    texts = tuple(name for name in TEXT_FIELDS if name in texts)
    queryset: QuerySet = Touchpoint.objects.filter(stage__in=stage_ids)
    if filters.persona_ids:
        # A subquery, not a join: the join would also narrow the personas read for each card.
        tagged = Touchpoint.personas.through.objects.filter(persona__in=filters.persona_ids)
        queryset = queryset.filter(pk__in=tagged.values("touchpoint_id"))
    if filters.channel_ids:
        queryset = queryset.filter(channel__in=filters.channel_ids)
    annotations = board_extensions.annotations(BadgeTarget.CARD, journey)
    keys = list(annotations)
    rows = (
        queryset.annotate(persona_ids=precompiled(Touchpoint, "board:card:persona_ids", _persona_ids))
        .annotate(**annotations)
        .order_by("position", "id")
        .values_list(*CARD_COLUMNS, *texts, "persona_ids", "kept_badges__values", *keys)
    )
    marks = PersonaMarks(personas)
    return [Card.from_row(row, texts, keys, marks) for row in rows]


def _persona_ids():
    """For a touchpoint queryset: its personas' ids, joined (core.aggregates)."""
    links = Touchpoint.personas.through.objects.filter(touchpoint=OuterRef("pk")).order_by().values("touchpoint")
    joined: Any = links.annotate(ids=JoinedText("persona_id"))  # the stubs cannot follow an annotation of values()
    return Subquery(joined.values("ids"))


def with_neighbours(stage_ids: Iterable[int], order: list[int]) -> set[int]:
    """These stages and those beside them (the emotion curve joins a stage's point to theirs)."""
    wanted = set(stage_ids)
    out = set(wanted)
    for index, pk in enumerate(order):
        if pk in wanted:
            out.update(order[max(index - 1, 0) : index + 2])
    return out


def stages_with_cards(
    journey: Journey,
    filters: BoardFilters | None = None,
    stage_ids=None,
    personas=None,
    texts=TEXT_FIELDS,
    lanes: Iterable[str] | None = None,
) -> list[Stage]:
    """The map's stages in order, each with `.cards`: its touchpoints in order (filtered) as `Card`s.
    Stages carry their badges' values as annotations, cards in `Card.badges` (no extra query).
    With `stage_ids`, only those stages get their cards (the others' `.cards` stay empty,
    `.cards_read` tells): what a change to those stages needs to redraw them. Every stage then also
    carries its curve values (`curve_values`, read with the stages), for the curve cells of their
    neighbours, which join their points to the stages around them. Cards carry the `texts` asked for;
    stages what the lanes other apps draw read with them, of the lanes keyed in `lanes` (all by default).

    Queries: stages, cards (+ channel names, personas, badges); and the map's personas
    unless given.
    """
    filters = filters or BoardFilters()
    if personas is None:
        personas = list(journey.personas.order_by("name", "id"))
    curve_keys = _curve_keys(filters, personas)
    annotations = board_extensions.annotations(BadgeTarget.STAGE, journey, lanes=lanes)
    if stage_ids is not None:
        annotations.update(_curve_averages(filters, curve_keys))
    stage_list: list[Any] = list(journey.stages.order_by("position", "id").annotate(**annotations))
    ids = [stage.pk for stage in stage_list]
    if stage_ids is not None:
        wanted = set(stage_ids)
        ids = [pk for pk in ids if pk in wanted]
    read = set(ids)
    cards = _cards(journey, ids, filters, personas, texts) if ids else []
    by_stage = {stage.pk: stage for stage in stage_list}
    for stage in stage_list:
        stage.cards = []
        stage.cards_read = stage.pk in read
        if stage_ids is not None:
            stage.curve_values = {key: getattr(stage, f"curve_{key}") for key in curve_keys}
    for card in cards:
        by_stage[card.stage_id].cards.append(card)
    return stage_list


def _curve_keys(filters: BoardFilters, personas: list[Persona]) -> list[str]:
    """The curve's lines: "all", or one per persona of the map the board is filtered by (grid.curve_lines)."""
    if not filters.persona_ids:
        return ["all"]
    return [str(persona.pk) for persona in personas if persona.pk in filters.persona_ids]


def _curve_averages(filters: BoardFilters, keys: list[str]) -> dict[str, Any]:
    """Each curve line's value in a stage (the average emotion of its cards shown), as subqueries of the
    stages' own query."""
    cards = Touchpoint.objects.filter(stage=OuterRef("pk"))
    if filters.channel_ids:
        cards = cards.filter(channel__in=filters.channel_ids)

    def average(queryset):
        return Subquery(queryset.order_by().values("stage").annotate(value=Avg("emotion")).values("value"))

    def line(key: str):
        if key == "all":
            return average(cards)
        return average(cards.filter(personas=int(key)))

    if filters.channel_ids:
        return {f"curve_{key}": line(key) for key in keys}
    # Without a channel filter, each line's subquery is the same on every request: compiled once.
    return {f"curve_{key}": precompiled(Stage, f"board:curve:{key}", partial(line, key)) for key in keys}


def text_cells(lanes: list[Lane], stage_ids) -> dict[tuple[int, int], LaneCell]:
    """The written cells of the text lanes among `lanes`, by (lane id, stage id): one query, none without
    a text lane."""
    text_lanes = [lane.pk for lane in lanes if lane.kind == LaneKind.TEXT and not lane.hidden]
    if not text_lanes:
        return {}
    cells = LaneCell.objects.filter(lane__in=text_lanes, stage__in=stage_ids)
    return {(cell.lane_id, cell.stage_id): cell for cell in cells}


def board_for(
    journey: Journey,
    filters: BoardFilters | None = None,
    stage_ids=None,
    lane_kinds=None,
    guest: GuestView | None = None,
) -> Board:
    """Everything the board shows; with `stage_ids`, what those columns show (see `stages_with_cards`);
    with `lane_kinds`, only the rows of those kinds of lanes (what a change to cards redraws); to a
    share link's `guest`, what it shows them.

    Queries: the map's personas, its stages, their cards, the map's lanes, the workspace's channels and
    the text lanes' cells (each when a row shown needs them); and one for each lane another app draws
    that reads more than the stages' own badges.
    """
    filters = filters or BoardFilters()
    personas = list(journey.personas.order_by("name", "id"))
    lanes = list(journey.lanes.order_by("position", "id"))
    if lane_kinds is not None:
        lanes = [lane for lane in lanes if lane.kind in lane_kinds]
    if guest is not None:  # the lanes of other apps that guests may see and the link does not hide
        shown = {lane.key for lane in board_extensions.lanes() if lane.guest_cells is not None} - guest.hidden
        lanes = [lane for lane in lanes if lane.kind != LaneKind.APP or lane.source in shown]
    # The cards' texts the roll-up lanes shown gather (the cards themselves show none).
    texts = {lane.rollup_field for lane in lanes if lane.kind == LaneKind.ROLLUP and not lane.hidden}
    # What the lanes of other apps shown read with the stages (none when only the cards' lanes are redrawn).
    drawn = {lane.source for lane in lanes if lane.kind == LaneKind.APP and not lane.hidden}
    stages = stages_with_cards(journey, filters, personas=personas, stage_ids=stage_ids, texts=texts, lanes=drawn)
    channel_rows = any(lane.kind == LaneKind.CARDS and lane.split_by == CardSplit.CHANNEL for lane in lanes)
    channels: list[Any] = []  # Channels (with `on_map` when a cards lane is split by channel)
    if channel_rows:
        # Whether the map has cards in it: a board split by channel shows a row per channel the map
        # uses, whichever stages were read.
        on_map = Touchpoint.objects.filter(channel=OuterRef("pk"), stage__journey=journey)
        channels = list(Channel.objects.filter(workspace_id=journey.workspace_id).annotate(on_map=Exists(on_map)))
    elif lane_kinds is None:  # the filters' list
        channels = list(Channel.objects.filter(workspace_id=journey.workspace_id))
    cells = text_cells(lanes, stage_ids if stage_ids is not None else [stage.pk for stage in stages])
    curve_personas = [persona for persona in personas if persona.pk in filters.persona_ids]
    return Board(
        journey=journey,
        stages=stages,
        personas=personas,
        channels=channels,
        filters=filters,
        lanes=lanes,
        grid=build_grid(journey, stages, lanes, cells, channels, personas, curve_personas, guest=guest is not None),
    )


def rollup_items(lane: Lane, stage: Stage) -> list[RollupItem]:
    """Everything a roll-up lane gathers in one stage (the board shows the first few): each card's text
    of the lane's field, in the cards' order."""
    rows = (
        Touchpoint.objects.filter(stage=stage)
        .exclude(**{lane.rollup_field: ""})
        .order_by("position", "id")
        .values_list("pk", "title", lane.rollup_field)
    )
    return [RollupItem(text=text, card_pk=pk, card_title=title) for pk, title, text in rows]


def attached_to_outer_stage(model) -> KeyIn:
    """For a subquery inside a stage queryset (a lane's annotation): the rows of `model` attached to the
    outer stage itself or to one of its cards, through its `stages` and `touchpoints` relations. Their
    ids are read from the link tables by the stage and by its cards' ids (an index each), in one list
    (`UNION ALL`, and a row attached twice is counted once), and the rows looked up by key, so a stage
    costs what is attached to it, not what the whole map holds. (Two `IN`s joined by OR made the
    database read every row of `model` for every stage; the link table joined to the cards, every link.)"""
    link = f"{model._meta.model_name}_id"
    stage_links = model.stages.through.objects.filter(stage_id=OuterRef(OuterRef("pk"))).values(link)
    cards = Touchpoint.objects.filter(stage_id=OuterRef(OuterRef(OuterRef("pk")))).values("pk")
    card_links = model.touchpoints.through.objects.filter(KeyIn("touchpoint_id", cards)).values(link)
    return KeyIn("pk", stage_links.union(card_links, all=True))
