"""Reads for the board: each returns everything a page needs in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from channels.models import Channel
from comments.selectors import comment_count_for_touchpoint, touchpoint_comment_count
from core.users import display_name, display_name_of
from guide.selectors import with_stale_flag
from personas.models import Persona
from strategies.selectors import current_strategy_count, with_stage_strategy_count, with_touchpoint_strategy_count
from touchpoints.models import Touchpoint
from workspaces.access import with_user_role
from workspaces.models import Workspace

from .curve import EmotionCurve, emotion_curve
from .models import Journey, Stage


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


@dataclass(slots=True)
class Card:
    """What a board card shows of one touchpoint, read as a row: a board of 500 cards
    is built without 500 model instances."""

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
    comment_count: int = 0
    persona_list: list = field(default_factory=list)
    strategy_count: int = 0

    @classmethod
    def from_touchpoint(cls, touchpoint: Touchpoint) -> "Card":
        owner = touchpoint.owner
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
            owner_name=display_name(owner),
            comment_count=comment_count_for_touchpoint(touchpoint.pk),
            persona_list=list(touchpoint.personas.order_by("name", "id")),
            strategy_count=current_strategy_count(touchpoint),
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
    "strategy_count",
    "comment_count",
)


def _cards(stage_ids: list[int], filters: BoardFilters) -> list[Card]:
    queryset = with_touchpoint_strategy_count(Touchpoint.objects.filter(stage__in=stage_ids))
    if filters.persona_ids:
        queryset = queryset.filter(personas__in=filters.persona_ids).distinct()
    if filters.channel_ids:
        queryset = queryset.filter(channel__in=filters.channel_ids)
    # The comment count is a subquery of this same query, not one query per card.
    queryset = queryset.annotate(comment_count=touchpoint_comment_count())
    return [
        Card(*row[:11], display_name_of(*row[11:14]), strategy_count=row[14], comment_count=row[15])
        for row in queryset.order_by("position", "id").values_list(*CARD_COLUMNS)
    ]


def _attach_personas(cards: list[Card], stage_ids: list[int], personas: list[Persona]) -> None:
    """One query on the link table, mapped onto the map's personas already loaded."""
    if not cards or not personas:
        return
    by_card = {card.pk: card for card in cards}
    by_id = {persona.pk: persona for persona in personas}
    links = Touchpoint.personas.through.objects.filter(touchpoint__stage__in=stage_ids)
    for touchpoint_id, persona_id in links.order_by("persona__name", "persona_id").values_list(
        "touchpoint_id", "persona_id"
    ):
        if touchpoint_id in by_card and persona_id in by_id:
            by_card[touchpoint_id].persona_list.append(by_id[persona_id])


def stages_with_cards(
    journey: Journey, filters: BoardFilters | None = None, stage_ids=None, personas=None
) -> list[Stage]:
    """The map's stages in order, each with `.cards`: its touchpoints in order (filtered) as `Card`s;
    stages and cards carry `strategy_count`, stages `is_stale` (annotations, no extra query).

    Queries: stages, cards (+ channel and owner names, comment counts), card-persona links; and the
    map's personas unless given.
    """
    filters = filters or BoardFilters()
    stages = with_stale_flag(with_stage_strategy_count(journey.stages.order_by("position", "id")), journey=journey)
    if stage_ids is not None:
        stages = stages.filter(pk__in=stage_ids)
    stages = list(stages)
    if personas is None:
        personas = list(journey.personas.order_by("name", "id"))
    ids = [stage.pk for stage in stages]
    cards = _cards(ids, filters) if ids else []
    _attach_personas(cards, ids, personas)
    by_stage = {stage.pk: stage for stage in stages}
    for stage in stages:
        stage.cards = []
    for card in cards:
        by_stage[card.stage_id].cards.append(card)
    return stages


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


def journeys_for_dashboard(user):
    """The user's workspaces with their maps and the user's role, in two queries."""
    journeys = Journey.objects.annotate(
        stage_count=Count("stages", distinct=True), touchpoint_count=Count("stages__touchpoints", distinct=True)
    ).order_by("-updated_at", "id")
    return list(
        with_user_role(Workspace.objects.all(), user, workspace_field="pk")
        .order_by("name", "id")
        .prefetch_related(Prefetch("journeys", queryset=journeys, to_attr="maps"))
    )
