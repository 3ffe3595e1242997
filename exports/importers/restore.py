"""A snapshot restored into its own map, in place (issue 12): the same map, at the same address, gets back
what the snapshot keeps. The snapshot's document is checked as an import's file is (json_importer.validate),
then written over the map in one transaction, under the map's lock:

- the map's title, description, state, review interval and featured personas;
- stages, cards and lanes matched by id: what the map still has is updated in place and keeps its id,
  so comment threads, guide reviews, evidence links and open panels stay with their card or stage; what
  it no longer has is created again, with its old id when free; what the snapshot does not have is
  deleted, the comments on those cards with them (the safety snapshot keeps the cards, not their
  comments: the restore's page says how many go before it starts);
- strategies keep their history: one the map still has gets a new revision of kind "restored" (naming
  the snapshot, and the revision number that held that state) when it differs; one deleted since is
  created again with its history, and that restore recorded; one made since is retired, not deleted;
- readings, the card metric, evidence, card confidences and opportunities are the snapshot's again
  (written anew, as an import writes them);
- one entry in the map's activity, and one event that makes every open board read itself again.

Channels and personas are the workspace's: found by id, else by name, and created when missing, never
changed. People are members by username, as in an import.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from channels.models import Channel
from channels.services import channel_create
from comments.models import Comment
from evidence.models import CardConfidence, Evidence
from journeys.models import Journey
from journeys.services import (
    STAGE_FIELDS,
    journey_lock,
    journey_update,
    lanes_restore,
    stages_remove_others,
    stages_restore,
)
from journeys.signals import Change, announce_change
from journeys.stage_templates import TEMPLATES_BY_KEY
from live.events import publish_board_event
from metrics.models import CardMetric, Reading
from opportunities.models import Opportunity
from personas.models import Persona
from personas.services import PERSONA_FIELDS, persona_create
from strategies.models import Strategy, StrategyStatus
from strategies.services import strategy_restore_state, strategy_update
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoints_restore

from ..models import Snapshot
from ..selectors import id_of_ref
from . import insights as insight_section
from . import json_importer
from . import strategies as strategy_section

# The board event of a restore: every browser with the map open reads all of it again.
MAP_RESTORED = "map.restored"
JOURNEY_RESTORED_FIELDS = ("title", "description", "state", "state_name", "review_interval_days")


def _id(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


@dataclass
class RestorePlan:
    """A snapshot's document, checked, with the ids of its rows in the document's order."""

    map: json_importer.MapPlan
    stage_ids: list[int | None]
    card_ids: list[list[int | None]]  # per stage
    lane_ids: list[int | None]
    strategy_ids: list[int | None]
    channel_ids: dict[str, int | None]  # by name
    persona_ids: dict[str, int | None]  # by ref

    @property
    def all_card_ids(self) -> set[int]:
        return {pk for stage in self.card_ids for pk in stage if pk is not None}


def validate(content: dict) -> RestorePlan:
    """The snapshot's document checked as an import's file (ImportInvalid lists every problem)."""
    plan = json_importer.validate(content)
    stages = content["stages"]
    return RestorePlan(
        map=plan,
        stage_ids=[_id(stage.get("id")) for stage in stages],
        card_ids=[[id_of_ref(card.get("ref")) for card in stage.get("touchpoints") or []] for stage in stages],
        lane_ids=[_id(lane.get("id")) for lane in content.get("lanes") or []],
        strategy_ids=[_id(strategy.get("id")) for strategy in content.get("strategies") or []],
        channel_ids={
            channel["name"].strip(): _id(channel.get("id"))
            for channel in content.get("channels") or []
            if isinstance(channel.get("name"), str)
        },
        persona_ids={persona["ref"]: id_of_ref(persona["ref"]) for persona in plan.personas},
    )


@dataclass(frozen=True)
class Losses:
    """What a restore deletes for good: the cards made since the snapshot, with their comments."""

    cards: int
    comments: int


def restore_losses(journey: Journey, snapshot: Snapshot) -> Losses:
    """What restoring `snapshot` would delete from the map now (its page says so before anyone starts it).
    Two queries."""
    kept = {
        id_of_ref(card.get("ref"))
        for stage in snapshot.content.get("stages") or []
        for card in stage.get("touchpoints") or []
    }
    doomed = Touchpoint.objects.filter(stage__journey=journey).exclude(pk__in=kept - {None})
    return Losses(
        cards=doomed.count(),
        comments=Comment.objects.filter(thread__touchpoint__in=doomed.values("pk")).count(),
    )


@dataclass(frozen=True)
class RestoreReport:
    cards: int
    removed_cards: int
    removed_comments: int
    strategies_restored: int
    strategies_recreated: int
    strategies_retired: int


def _channels(plan: RestorePlan, workspace) -> dict[str, Channel]:
    existing = {channel.pk: channel for channel in Channel.objects.filter(workspace=workspace)}
    by_name = {channel.name: channel for channel in existing.values()}
    channels = {}
    for name in plan.map.channels:
        channel = existing.get(plan.channel_ids.get(name) or 0) or by_name.get(name)
        if channel is None:
            channel = by_name[name] = channel_create(workspace=workspace, name=name)
        channels[name] = channel
    return channels


def _personas(plan: RestorePlan, workspace, channels: dict[str, Channel], actor) -> dict[str, Persona]:
    existing = {persona.pk: persona for persona in Persona.objects.filter(workspace=workspace).order_by("id")}
    by_name: dict[str, Persona] = {}
    for known in existing.values():
        by_name.setdefault(known.name, known)
    personas = {}
    for data in plan.map.personas:
        persona = existing.get(plan.persona_ids.get(data["ref"]) or 0) or by_name.get(data["name"])
        if persona is None:
            persona = by_name[data["name"]] = persona_create(
                workspace=workspace,
                created_by=actor,
                preferred_channels=[channels[name] for name in data["preferred_channels"]],
                **{name: data[name] for name in PERSONA_FIELDS if name in data},
            )
        personas[data["ref"]] = persona
    return personas


@transaction.atomic
def write(
    plan: RestorePlan, *, journey: Journey, snapshot: Snapshot, actor, progress: Callable[[int], None] | None = None
) -> RestoreReport:
    """Put the snapshot's content back into `journey` (its map). All of it or nothing."""
    report = progress or (lambda _percent: None)
    journey_lock(journey.pk)
    workspace = journey.workspace
    data = plan.map
    losses = restore_losses(journey, snapshot)
    channels = _channels(plan, workspace)
    personas = _personas(plan, workspace, channels, actor)
    User = get_user_model()
    members = {
        user.get_username(): user
        for user in User.objects.filter(memberships__workspace=workspace, **{f"{User.USERNAME_FIELD}__in": data.owners})
    }
    journey = journey_update(
        journey=journey,
        personas=list({persona.pk: persona for persona in personas.values()}.values()),
        **{name: data.journey[name] for name in JOURNEY_RESTORED_FIELDS},
    )
    if data.journey["template"] in TEMPLATES_BY_KEY:
        Journey.objects.filter(pk=journey.pk).update(template=data.journey["template"])
    report(50)

    stages = stages_restore(
        journey=journey,
        stages=[
            {"id": pk, **{name: stage[name] for name in STAGE_FIELDS}}
            for pk, stage in zip(plan.stage_ids, data.stages, strict=True)
        ],
    )
    stage_cards = [
        (
            stages[index],
            {
                "id": pk,
                **{name: card[name] for name in ("title", *json_importer.TOUCHPOINT_TEXT, "emotion")},
                "channel": channels[card["channel"]],
                "owner": members.get(card["owner"]) if card["owner"] else None,
                "personas": [personas[ref] for ref in dict.fromkeys(card["personas"])],
            },
        )
        for index, stage in enumerate(data.stages)
        for pk, card in zip(plan.card_ids[index], stage["touchpoints"], strict=True)
    ]
    restored, removed = touchpoints_restore(journey=journey, stage_cards=stage_cards)
    restored_cards = iter(restored)
    cards = [[next(restored_cards) for _card in stage["touchpoints"]] for stage in data.stages]
    stages_remove_others(journey=journey, keep=stages)
    if data.lanes is not None:
        lanes_restore(
            journey=journey,
            lanes=[{**lane, "id": pk} for pk, lane in zip(plan.lane_ids, data.lanes, strict=True)],
            stages=stages,
            actor=actor,
        )
    report(65)

    counts = _strategies_restore(plan, journey, snapshot, stages, cards, personas, members, actor)
    report(80)

    # What says how the map performs and what to do, as the snapshot has it.
    Reading.objects.filter(journey=journey).delete()
    CardMetric.objects.filter(journey=journey).delete()
    Opportunity.objects.filter(journey=journey).delete()
    Evidence.objects.filter(journey=journey).delete()
    CardConfidence.objects.filter(touchpoint__stage__journey=journey).delete()
    insight_section.write(
        data.insights, journey=journey, stages=stages, cards=cards, personas=personas, members=members, created_by=actor
    )
    report(95)

    announce_change(
        journey_id=journey.pk,
        actor=actor,
        action=Change.RESTORED,
        target=snapshot,
        subject="snapshot",
        count=len(restored),
        label=snapshot.name,
    )
    publish_board_event(journey.pk, kind=MAP_RESTORED, whole_board=True)
    return RestoreReport(
        cards=len(restored),
        removed_cards=removed,
        removed_comments=losses.comments,
        strategies_restored=counts[0],
        strategies_recreated=counts[1],
        strategies_retired=counts[2],
    )


def _strategies_restore(
    plan: RestorePlan, journey: Journey, snapshot: Snapshot, stages, cards, personas, members, actor
) -> tuple[int, int, int]:
    """The snapshot's strategies back in their state, history kept; those made since retired. How many were
    restored (changed back), created again, and retired."""
    current = {strategy.pk: strategy for strategy in Strategy.objects.filter(journey=journey)}
    note = _("Restored from the snapshot “%(name)s”.") % {"name": snapshot.name}
    listed = set()
    restored = recreated = retired = 0
    for data, pk in zip(plan.map.strategies, plan.strategy_ids, strict=True):
        stage = card = None
        if data["touchpoint"] is not None:
            card = cards[data["stage"]][data["touchpoint"]]
        elif data["stage"] is not None:
            stage = stages[data["stage"]]
        persona = personas.get(data["persona"]) if data["persona"] else None
        strategy = current.get(pk or 0)
        if strategy is None:  # deleted since: back with its history, and this restore recorded
            strategy = strategy_section.write_one(
                data, journey=journey, stage=stage, touchpoint=card, persona=persona, members=members, importer=actor
            )
            recreated += 1
        version = strategy.version
        strategy = strategy_restore_state(
            strategy=strategy,
            title=data["title"],
            body=data["body"],
            status=data["status"],
            stage=stage,
            touchpoint=card,
            persona=persona,
            owner=members.get(data["owner"]) if data["owner"] else None,
            restored_from=data["revisions"][-1]["number"] if data["revisions"] else None,
            author=actor,
            change_note=note,
            always=pk not in current,
        )
        restored += pk in current and strategy.version != version
        listed.add(strategy.pk)
    for strategy in current.values():
        if strategy.pk not in listed and strategy.status != StrategyStatus.RETIRED:
            strategy_update(
                strategy=strategy,
                author=actor,
                change_note=_("Retired: the map had no such strategy in the snapshot “%(name)s”.")
                % {"name": snapshot.name},
                status=StrategyStatus.RETIRED,
            )
            retired += 1
    return restored, recreated, retired
