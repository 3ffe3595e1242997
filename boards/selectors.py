"""Reads for the board: each returns everything a page needs in a fixed number of queries."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from channels.models import Channel
from core.users import display_name, display_name_of
from journeys.models import Journey, Stage
from personas.models import Persona
from touchpoints.models import Touchpoint

from .curve import EmotionCurve, emotion_curve
from .extensions import BadgeTarget, board_extensions


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
            return sorted({int(value) for value in query.getlist(name) if value.isdigit()})

        return cls(persona_ids=ids("persona"), channel_ids=ids("channel"))


@dataclass
class Board:
    journey: Journey
    stages: list[Stage]
    personas: list[Persona]
    channels: list[Channel]
    filters: BoardFilters
    curve: EmotionCurve


@dataclass(frozen=True, slots=True)
class PersonaMark:
    """A persona as a card shows it: its avatar."""

    pk: int
    name: str
    color: str
    initials: str

    @classmethod
    def of(cls, persona: Persona) -> "PersonaMark":
        return cls(persona.pk, persona.name, persona.color, persona.initials)


@dataclass(slots=True)
class Card:
    """What a board card shows of one touchpoint, read as a row: a board of 500 cards is built
    without 500 model instances. `badges` holds the values of the badges other apps register
    (boards.extensions), by key. Every field is part of the card's cache key (boards.partials)."""

    pk: int
    stage_id: int
    title: str
    does: str
    thinks: str
    feels: str
    emotion: int
    pain_points: str
    opportunities: str
    version: int
    channel_name: str
    owner_name: str
    persona_list: list[PersonaMark] = field(default_factory=list)
    badges: dict[str, Any] = field(default_factory=dict)

    @property
    def persona_ids(self) -> set[int]:
        return {mark.pk for mark in self.persona_list}

    @classmethod
    def from_row(cls, row: tuple, badge_keys: list[str]) -> "Card":
        """A card from a row of CARD_COLUMNS followed by its badges' values."""
        owner_name = display_name_of(*row[11:14])
        badges = dict(zip(badge_keys, row[14:], strict=True))
        return cls(*row[:11], owner_name, badges=badges)  # type: ignore[misc, call-arg]  # CARD_COLUMNS are Card's first fields

    @classmethod
    def from_touchpoint(cls, touchpoint: Touchpoint) -> "Card":
        """One card, with its badges read in one query."""
        annotations = board_extensions.annotations(BadgeTarget.CARD, touchpoint.stage.journey)
        values = Touchpoint.objects.filter(pk=touchpoint.pk).annotate(**annotations).values(*annotations)
        badges = dict(values.get()) if annotations else {}
        return cls(
            pk=touchpoint.pk,
            stage_id=touchpoint.stage_id,
            title=touchpoint.title,
            does=touchpoint.does,
            thinks=touchpoint.thinks,
            feels=touchpoint.feels,
            emotion=touchpoint.emotion,
            pain_points=touchpoint.pain_points,
            opportunities=touchpoint.opportunities,
            version=touchpoint.version,
            channel_name=touchpoint.channel.name,
            owner_name=display_name(touchpoint.owner),
            persona_list=[PersonaMark.of(persona) for persona in touchpoint.personas.order_by("name", "id")],
            badges=badges,
        )


CARD_COLUMNS = (
    "id",
    "stage_id",
    "title",
    "does",
    "thinks",
    "feels",
    "emotion",
    "pain_points",
    "opportunities",
    "version",
    "channel__name",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


def _cards(journey: Journey, stage_ids: list[int], filters: BoardFilters) -> list[Card]:
    queryset: QuerySet = Touchpoint.objects.filter(stage__in=stage_ids)
    if filters.persona_ids:
        queryset = queryset.filter(personas__in=filters.persona_ids).distinct()
    if filters.channel_ids:
        queryset = queryset.filter(channel__in=filters.channel_ids)
    # Badges are subqueries of this same query, not one query per card.
    annotations = board_extensions.annotations(BadgeTarget.CARD, journey)
    queryset = queryset.annotate(**annotations)
    keys = list(annotations)
    rows = queryset.order_by("position", "id").values_list(*CARD_COLUMNS, *keys)
    return [Card.from_row(row, keys) for row in rows]


def _attach_personas(cards: list[Card], stage_ids: list[int], personas: list[Persona]) -> None:
    """One query on the link table, mapped onto the map's personas already loaded."""
    if not cards or not personas:
        return
    by_card = {card.pk: card for card in cards}
    marks = {persona.pk: PersonaMark.of(persona) for persona in personas}
    links = Touchpoint.personas.through.objects.filter(touchpoint__stage__in=stage_ids)
    for touchpoint_id, persona_id in links.order_by("persona__name", "persona_id").values_list(
        "touchpoint_id", "persona_id"
    ):
        if touchpoint_id in by_card and persona_id in marks:
            by_card[touchpoint_id].persona_list.append(marks[persona_id])


def stages_with_cards(
    journey: Journey, filters: BoardFilters | None = None, stage_ids=None, personas=None
) -> list[Stage]:
    """The map's stages in order, each with `.cards`: its touchpoints in order (filtered) as `Card`s.
    Stages carry their badges' values as annotations, cards in `Card.badges` (no extra query).

    Queries: stages, cards (+ channel and owner names, badges), card-persona links; and the map's
    personas unless given.
    """
    filters = filters or BoardFilters()
    stages = journey.stages.order_by("position", "id").annotate(
        **board_extensions.annotations(BadgeTarget.STAGE, journey)
    )
    if stage_ids is not None:
        stages = stages.filter(pk__in=stage_ids)
    stage_list: list[Any] = list(stages)  # Stages, each given its `.cards` below
    if personas is None:
        personas = list(journey.personas.order_by("name", "id"))
    ids = [stage.pk for stage in stage_list]
    cards = _cards(journey, ids, filters) if ids else []
    _attach_personas(cards, ids, personas)
    by_stage = {stage.pk: stage for stage in stage_list}
    for stage in stage_list:
        stage.cards = []
    for card in cards:
        by_stage[card.stage_id].cards.append(card)
    return stage_list


def board_for(journey: Journey, filters: BoardFilters | None = None) -> Board:
    # Queries: the map's personas, its stages, their cards, the card-persona links,
    # the workspace's channels.
    filters = filters or BoardFilters()
    personas = list(journey.personas.order_by("name", "id"))
    stages = stages_with_cards(journey, filters, personas=personas)
    channels = list(Channel.objects.filter(workspace_id=journey.workspace_id))
    curve_personas = [persona for persona in personas if persona.pk in filters.persona_ids]
    return Board(
        journey=journey,
        stages=stages,
        personas=personas,
        channels=channels,
        filters=filters,
        curve=emotion_curve(stages, curve_personas),
    )
