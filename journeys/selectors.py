"""Reads for the board: each returns everything a page needs in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from personas.models import Persona
from touchpoints.models import Channel, Touchpoint
from workspaces.access import with_user_role
from workspaces.models import Workspace

from .curve import EmotionCurve, emotion_curve
from .models import Journey, Stage
from .strategies.guide import with_stage_strategy_info, with_touchpoint_strategy_count


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


CARD_FIELDS = (
    "id", "stage_id", "channel_id", "owner_id", "title", "does", "thinks", "feels", "emotion",
    "pain_points", "opportunities", "position", "version",
    "channel__id", "channel__name",
    "owner__id", "owner__username", "owner__first_name", "owner__last_name",
)


def _touchpoints(filters: BoardFilters):
    queryset = with_touchpoint_strategy_count(Touchpoint.objects.select_related("channel", "owner").only(*CARD_FIELDS))
    if filters.persona_ids:
        queryset = queryset.filter(personas__in=filters.persona_ids).distinct()
    if filters.channel_ids:
        queryset = queryset.filter(channel__in=filters.channel_ids)
    return queryset.order_by("position", "id")


def attach_personas(stages: list[Stage], personas: list[Persona]) -> None:
    """Give each card `.persona_list` from the map's personas, with one query on the link table
    (cheaper than a prefetch that builds a Persona object per tag)."""
    cards = {card.pk: card for stage in stages for card in stage.cards}
    for card in cards.values():
        card.persona_list = []
    if not cards or not personas:
        return
    by_id = {persona.pk: persona for persona in personas}
    links = Touchpoint.personas.through.objects.filter(touchpoint__stage__in=[stage.pk for stage in stages])
    for touchpoint_id, persona_id in links.order_by("persona__name", "persona_id").values_list("touchpoint_id", "persona_id"):
        if touchpoint_id in cards and persona_id in by_id:
            cards[touchpoint_id].persona_list.append(by_id[persona_id])


def stages_with_cards(journey: Journey, filters: BoardFilters | None = None, stage_ids=None, personas=None) -> list[Stage]:
    """The map's stages in order, each with `.cards`: its touchpoints in order (filtered),
    each card with `.persona_list`; stages and cards carry `strategy_count`, stages `is_stale`."""
    filters = filters or BoardFilters()
    stages = with_stage_strategy_info(journey.stages.order_by("position", "id"), journey=journey)
    if stage_ids is not None:
        stages = stages.filter(pk__in=stage_ids)
    stages = list(stages.prefetch_related(Prefetch("touchpoints", queryset=_touchpoints(filters), to_attr="cards")))
    if personas is None:
        personas = list(journey.personas.order_by("name", "id"))
    attach_personas(stages, personas)
    return stages


def board_for(journey: Journey, filters: BoardFilters | None = None) -> Board:
    # Queries: the map's personas, its stages, their touchpoints (+ channel, owner),
    # the touchpoint-persona links, the workspace's channels.
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


def editable_workspaces(user):
    return Workspace.objects.filter(memberships__user=user, memberships__role__in=["owner", "editor"]).order_by("name")


