from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changes import readable_values
from core.ordering import close_gap, make_room, place_at
from core.restored_ids import free_ids
from core.versioning import changed_fields, check_version, reject_unknown_fields, versioned_update
from journeys.models import Journey, Stage
from journeys.services import journey_lock
from journeys.signals import Change, announce_change
from live.events import publish_board_event
from trash.cascade import root_of, rows_restore
from trash.kinds import Restored
from trash.models import TrashEntry, TrashKind
from trash.services import trash_move
from workspaces.models import Membership

from .events import CardEvent
from .models import Touchpoint

TOUCHPOINT_FIELDS = ("channel", "title", "does", "thinks", "feels", "emotion", "pain_points", "opportunities", "owner")


def _check_links(*, journey: Journey, channel, personas, owner) -> None:
    """A touchpoint may only point at things of its own map and workspace."""
    errors = {}
    if channel is not None and channel.workspace_id != journey.workspace_id:
        errors["channel"] = _("Choose a channel of this workspace.")
    if personas is not None:
        allowed = set(journey.personas.values_list("pk", flat=True))
        if any(persona.pk not in allowed for persona in personas):
            errors["personas"] = _("Tag only personas featured on this map.")
    if owner is not None and not owner.memberships.filter(workspace_id=journey.workspace_id).exists():
        errors["owner"] = _("The owner must be a member of the workspace.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def touchpoint_create(*, stage: Stage, personas=(), position: int | None = None, actor=None, **fields) -> Touchpoint:
    reject_unknown_fields(fields, TOUCHPOINT_FIELDS, where="touchpoint_create")
    journey_lock(stage.journey_id)
    journey = stage.journey
    personas = list(personas)
    _check_links(journey=journey, channel=fields.get("channel"), personas=personas, owner=fields.get("owner"))
    touchpoint = Touchpoint(stage=stage, **fields)
    touchpoint.full_clean(exclude=["position"])
    place_at(Touchpoint.objects.filter(stage=stage), touchpoint, position)
    touchpoint.save()
    touchpoint.personas.set(personas)
    announce_change(journey_id=journey.pk, actor=actor, action=Change.CREATED, target=touchpoint)
    publish_board_event(
        journey.pk, kind=CardEvent.TOUCHPOINT_CREATED, stage_ids=[stage.pk], touchpoint_id=touchpoint.pk
    )
    return touchpoint


@transaction.atomic
def touchpoints_bulk_create(*, journey: Journey, stage_cards: Sequence[tuple[Stage, dict]]) -> list[Touchpoint]:
    """Append many cards to the end of their stages in a few queries (imports of thousands of cards).

    `stage_cards` is `[(stage, fields)]` in the order the cards should take; `fields` holds
    touchpoint fields (TOUCHPOINT_FIELDS) and optionally `personas`. The rules are those of
    `touchpoint_create`, checked for all cards before anything is written: every stage of
    `journey`, channels of its workspace, personas featured on the map, owners who are members,
    each card's own fields (title, emotion from -2 to 2...) through `full_clean`. Any card breaking
    one raises a ValidationError keyed `cards[<index>].<field>`, and nothing is written.
    Positions stay dense: the new cards follow the stage's existing ones. No activity is
    recorded (an import is not a board edit). Returns the new cards, with their ids, in order.
    """
    journey_lock(journey.pk)
    errors: dict[str, list] = {}  # "cards[<index>].<field>": messages
    allowed_personas = set(journey.personas.values_list("pk", flat=True))
    owner_ids = {fields["owner"].pk for _stage, fields in stage_cards if fields.get("owner") is not None}
    members = set(
        Membership.objects.filter(workspace_id=journey.workspace_id, user_id__in=owner_ids).values_list(
            "user_id", flat=True
        )
    )
    cards, persona_lists = [], []
    for index, (stage, fields) in enumerate(stage_cards):
        fields = dict(fields)
        personas = list(fields.pop("personas", ()))
        reject_unknown_fields(fields, TOUCHPOINT_FIELDS, where="touchpoints_bulk_create")
        problems: dict[str, Any] = {}
        if stage.journey_id != journey.pk:
            problems["stage"] = _("Choose a stage of this map.")
        channel, owner = fields.get("channel"), fields.get("owner")
        if channel is None or channel.workspace_id != journey.workspace_id:
            problems["channel"] = _("Choose a channel of this workspace.")
        if any(persona.pk not in allowed_personas for persona in personas):
            problems["personas"] = _("Tag only personas featured on this map.")
        if owner is not None and owner.pk not in members:
            problems["owner"] = _("The owner must be a member of the workspace.")
        card = Touchpoint(stage=stage, **fields)
        try:
            # The links were checked above, for all cards at once; unique and check constraints
            # would cost a query per card (the emotion range is checked by its field's choices).
            card.full_clean(exclude=["stage", "channel", "owner", "position"], validate_constraints=False)
        except ValidationError as error:
            problems = {**error.message_dict, **problems}
        for name, messages in problems.items():
            errors[f"cards[{index}].{name}"] = messages if isinstance(messages, list) else [messages]
        cards.append(card)
        persona_lists.append(personas)
    if errors:
        raise ValidationError(errors)
    if not cards:
        return []

    stage_ids = {card.stage_id for card in cards}
    next_position = dict.fromkeys(stage_ids, 0)
    next_position.update(
        Touchpoint.objects.filter(stage_id__in=stage_ids)
        .values("stage_id")
        .annotate(count=Count("id"))
        .values_list("stage_id", "count")
    )
    for card in cards:
        card.position = next_position[card.stage_id]
        next_position[card.stage_id] += 1
    Touchpoint.objects.bulk_create(cards, batch_size=1000)
    Through = Touchpoint.personas.through
    links = [
        Through(touchpoint_id=card.pk, persona_id=persona.pk)
        for card, personas in zip(cards, persona_lists, strict=True)
        for persona in {persona.pk: persona for persona in personas}.values()
    ]
    Through.objects.bulk_create(links, batch_size=2000)
    publish_board_event(journey.pk, kind=CardEvent.TOUCHPOINT_CREATED, stage_ids=stage_ids)
    return cards


@transaction.atomic
def touchpoint_update(
    *,
    touchpoint: Touchpoint,
    personas=None,
    stage: Stage | None = None,
    expected_version: int | None = None,
    actor=None,
    **fields,
) -> Touchpoint:
    """Edit a card's fields (and its personas, unless `personas` is None); a different `stage` moves
    it to the end of that stage. Only what changes is checked again and recorded."""
    reject_unknown_fields(fields, TOUCHPOINT_FIELDS, where="touchpoint_update")
    # The map first, as moves do: locking the card and then the map would deadlock with a move.
    journey_lock(touchpoint.stage.journey_id)
    personas = list(personas) if personas is not None else None
    before = {}
    new_personas = False

    def check(current: Touchpoint) -> None:
        nonlocal new_personas
        changed = changed_fields(current, fields)
        if personas is not None:
            new_personas = {persona.pk for persona in personas} != set(current.personas.values_list("pk", flat=True))
        _check_links(
            journey=current.stage.journey,
            channel=fields["channel"] if "channel" in changed else None,
            personas=personas if new_personas else None,
            owner=fields["owner"] if "owner" in changed else None,
        )
        before.update(readable_values(current, [*changed, *(["personas"] if new_personas else [])]))

    current = versioned_update(
        Touchpoint.objects.select_related("stage__journey"),
        touchpoint.pk,
        expected_version=expected_version,
        fields=fields,
        on_locked=check,
    )
    if new_personas:
        current.personas.set(personas)
    announce_change(
        journey_id=current.stage.journey_id, actor=actor, action=Change.EDITED, target=current, before=before
    )
    publish_board_event(
        current.stage.journey_id,
        kind=CardEvent.TOUCHPOINT_UPDATED,
        stage_ids=[current.stage_id],
        touchpoint_id=current.pk,
    )
    if stage is not None and stage.pk != current.stage_id:
        current = touchpoint_move(touchpoint=current, stage=stage, actor=actor)
    return current


@transaction.atomic
def touchpoint_move(
    *,
    touchpoint: Touchpoint,
    stage: Stage,
    position: int | None = None,
    after_id: int | None = None,
    channel=None,
    expected_version: int | None = None,
    actor=None,
) -> Touchpoint:
    """Move a card within its stage or to another stage of the same map, and, dropped into another
    channel's row of a board split by channel, to that `channel`.

    The place is either a `position` (None: last) or `after_id`, the card it should
    follow: a filtered board knows its neighbours, not real positions.
    """
    if stage.journey_id != touchpoint.stage.journey_id:
        raise ValidationError({"stage": _("A card can only move to a stage of the same map.")})
    journey_lock(stage.journey_id)
    current = Touchpoint.objects.select_related("stage").get(pk=touchpoint.pk)
    check_version(current, expected_version)
    return _move(current, stage=stage, position=position, after_id=after_id, channel=channel, actor=actor)


def _move(
    current: Touchpoint,
    *,
    stage: Stage,
    position=None,
    after_id=None,
    channel=None,
    actor=None,
    cards_in_stage: int | None = None,
) -> Touchpoint:
    """The move itself, the map locked and `current` (with its stage) read under the lock. A card that
    goes to the end of another stage whose number of cards is known (`cards_in_stage`) takes that
    place without the stage's cards being read."""
    siblings = Touchpoint.objects.filter(stage=stage)
    if after_id is not None:
        order = list(siblings.exclude(pk=current.pk).order_by("position", "id").values_list("pk", flat=True))
        if after_id not in order:
            raise ValidationError({"after": _("That card is not in the target stage any more.")})
        position = order.index(after_id) + 1
    changes_channel = channel is not None and channel.pk != current.channel_id
    if changes_channel:
        _check_links(journey=stage.journey, channel=channel, personas=None, owner=None)
    source_stage_id, source_position = current.stage_id, current.position
    before = readable_values(current, ["stage", "position", *(["channel"] if changes_channel else [])])
    if source_stage_id != stage.pk:
        # Close the gap it leaves: its stage's positions stay dense (0..n-1) under the map's lock.
        Touchpoint.objects.filter(stage_id=source_stage_id, position__gt=source_position).update(
            position=F("position") - 1
        )
    if position is None and cards_in_stage is not None and source_stage_id != stage.pk:
        current.position = cards_in_stage
    else:
        place_at(siblings, current, position)
    moved = {"stage": stage, "position": current.position, "version": F("version") + 1}
    if changes_channel:
        moved["channel"] = channel
    Touchpoint.objects.filter(pk=current.pk).update(**moved)
    current.stage, current.version = stage, current.version + 1
    if changes_channel:
        current.channel = channel
    announce_change(journey_id=stage.journey_id, actor=actor, action=Change.MOVED, target=current, before=before)
    publish_board_event(
        stage.journey_id,
        kind=CardEvent.TOUCHPOINT_MOVED,
        stage_ids=[source_stage_id, stage.pk],
        touchpoint_id=current.pk,
    )
    return current


class Step:
    UP = "up"
    DOWN = "down"
    PREVIOUS = "previous"
    NEXT = "next"


@transaction.atomic
def touchpoint_step(*, touchpoint: Touchpoint, direction: str, actor=None) -> Touchpoint:
    """The keyboard's move: one place up or down, or to the end of the neighbouring stage."""
    if direction not in (Step.UP, Step.DOWN, Step.PREVIOUS, Step.NEXT):
        raise ValidationError({"direction": _("Unknown direction.")})
    journey_lock(touchpoint.stage.journey_id)
    current = Touchpoint.objects.select_related("stage__journey").get(pk=touchpoint.pk)
    if direction in (Step.UP, Step.DOWN):
        offset = -1 if direction == Step.UP else 1
        return _move(current, stage=current.stage, position=max(current.position + offset, 0), actor=actor)
    cards_in_stage = (
        Touchpoint.objects.filter(stage=OuterRef("pk")).order_by().values("stage").annotate(n=Count("pk")).values("n")
    )
    stages = (
        Stage.objects.filter(journey_id=current.stage.journey_id)
        .select_related("journey")
        # A subquery, not a join: counted for the one stage returned only.
        .annotate(card_count=Coalesce(Subquery(cards_in_stage), 0))
    )
    if direction == Step.PREVIOUS:
        target = stages.filter(position__lt=current.stage.position).order_by("-position", "-id").first()
    else:
        target = stages.filter(position__gt=current.stage.position).order_by("position", "id").first()
    if target is None:
        return current
    return _move(current, stage=target, actor=actor, cards_in_stage=target.card_count)


@transaction.atomic
def touchpoint_delete(*, touchpoint: Touchpoint, actor=None) -> TrashEntry | None:
    """Move the card, with its comments, links and readings, to the workspace's trash; the cards after
    it in its stage move up. (None: it was deleted meanwhile.)"""
    journey_id = touchpoint.stage.journey_id
    journey_lock(journey_id)
    current = Touchpoint.objects.select_related("stage__journey").filter(pk=touchpoint.pk).first()
    if current is None:
        return None
    announce_change(journey_id=journey_id, actor=actor, action=Change.DELETED, target=current)
    stage = current.stage
    entry = trash_move(
        obj=current,
        kind=TrashKind.CARD,
        workspace_id=stage.journey.workspace_id,
        label=current.title,
        journey_id=journey_id,
        journey_title=stage.journey.title,
        place=stage.name,
        actor=actor,
    )
    close_gap(Touchpoint.objects.filter(stage_id=stage.pk))
    publish_board_event(
        journey_id, kind=CardEvent.TOUCHPOINT_DELETED, stage_ids=[stage.pk], touchpoint_id=touchpoint.pk
    )
    return entry


@transaction.atomic
def touchpoint_restore(*, entry: TrashEntry, actor=None) -> Restored:
    """Put a card back from the trash, with its comments, links and readings, at the place it had in
    its stage (the trash's restorer of cards); the cards from there on move down. Refused while its
    stage is gone (restore the stage first). An owner who has left the workspace, and personas taken
    off the map meanwhile, are not put back on it."""
    card = root_of(entry.rows, Touchpoint)
    gone = ValidationError(
        _("Its stage “%(stage)s” has been deleted: restore the stage first, if it is still in the trash.")
        % {"stage": entry.place}
    )
    journey_id = (
        Stage.objects.filter(pk=card.stage_id, journey__workspace_id=entry.workspace_id)
        .values_list("journey_id", flat=True)
        .first()
    )
    if journey_id is None:
        raise gone
    journey_lock(journey_id)
    stage = Stage.objects.select_related("journey").filter(pk=card.stage_id).first()
    if stage is None:
        raise gone
    fields: dict[str, Any] = {"position": make_room(Touchpoint.objects.filter(stage=stage), card.position)}
    if card.owner_id and not Membership.objects.filter(workspace_id=entry.workspace_id, user_id=card.owner_id).exists():
        fields["owner_id"] = None
    card = rows_restore(entry.rows, entry.links, model=Touchpoint, root_fields=fields)
    off_the_map = card.personas.exclude(pk__in=stage.journey.personas.values("pk"))
    if off_the_map.exists():
        card.personas.remove(*off_the_map)
    announce_change(journey_id=journey_id, actor=actor, action=Change.RESTORED, target=card)
    publish_board_event(journey_id, kind=CardEvent.TOUCHPOINT_RESTORED, stage_ids=[stage.pk], touchpoint_id=card.pk)
    return Restored(obj=card, journey_id=journey_id, stage_ids=(stage.pk,), touchpoint_ids=(card.pk,))


def touchpoint_origins_set(*, journey_id: int, origin_ids: list[int | None]) -> None:
    """Mark the cards of a map just copied with the cards they were copied from, given in board order
    (stages, then cards): comparing the two maps pairs them even after either is edited."""
    cards = list(
        Touchpoint.objects.filter(stage__journey_id=journey_id).order_by("stage__position", "position", "id").only("id")
    )
    existing = set(Touchpoint.objects.filter(pk__in=[pk for pk in origin_ids if pk]).values_list("pk", flat=True))
    for card, origin_id in zip(cards, origin_ids, strict=False):
        card.origin_id = origin_id if origin_id in existing else None  # (deleted since the export)
    Touchpoint.objects.bulk_update(cards, ["origin"], batch_size=500)


@transaction.atomic
def touchpoints_restore(*, journey: Journey, stage_cards: Sequence[tuple[Stage, dict]]) -> tuple[list[Touchpoint], int]:
    """Give the map exactly these cards, in this order (a snapshot restored): `[(stage, fields)]` as for
    `touchpoints_bulk_create`, each `fields` with the `id` the card had. A card the map still has keeps its
    id (and so its comments, evidence links and history) and is updated and moved in place, its version
    moving on; a card the map no longer has is created, with its old id when free; the map's other cards
    are deleted (with their comment threads). The rules are those of `touchpoints_bulk_create`, checked for
    every card before anything is written. No activity and no event: the restore announces itself once.
    Returns the cards in order, and how many were deleted."""
    journey_lock(journey.pk)
    allowed_personas = set(journey.personas.values_list("pk", flat=True))
    owner_ids = {fields["owner"].pk for _stage, fields in stage_cards if fields.get("owner") is not None}
    members = set(
        Membership.objects.filter(workspace_id=journey.workspace_id, user_id__in=owner_ids).values_list(
            "user_id", flat=True
        )
    )
    current = {card.pk: card for card in Touchpoint.objects.filter(stage__journey=journey)}
    links = Touchpoint.personas.through.objects.filter(touchpoint__stage__journey=journey)
    current_personas: dict[int, set[int]] = {}
    for touchpoint_id, persona_id in links.values_list("touchpoint_id", "persona_id"):
        current_personas.setdefault(touchpoint_id, set()).add(persona_id)
    free = free_ids(Touchpoint, [fields.get("id") for _stage, fields in stage_cards if fields.get("id") not in current])
    errors: dict[str, list] = {}
    next_position: dict[int, int] = {}
    now = timezone.now()
    cards, created, changed, persona_lists = [], [], [], []
    changed_names: set[str] = set()
    for index, (stage, given) in enumerate(stage_cards):
        fields = dict(given)
        pk = fields.pop("id", None)
        personas = list({persona.pk: persona for persona in fields.pop("personas", ())}.values())
        reject_unknown_fields(fields, TOUCHPOINT_FIELDS, where="touchpoints_restore")
        problems: dict[str, Any] = {}
        if stage.journey_id != journey.pk:
            problems["stage"] = _("Choose a stage of this map.")
        channel, owner = fields.get("channel"), fields.get("owner")
        if channel is None or channel.workspace_id != journey.workspace_id:
            problems["channel"] = _("Choose a channel of this workspace.")
        if any(persona.pk not in allowed_personas for persona in personas):
            problems["personas"] = _("Tag only personas featured on this map.")
        if owner is not None and owner.pk not in members:
            problems["owner"] = _("The owner must be a member of the workspace.")
        position = next_position.get(stage.pk, 0)
        next_position[stage.pk] = position + 1
        card = current.pop(pk, None)
        if card is None:
            card = Touchpoint(stage=stage, position=position, **fields)
            if pk in free:
                card.pk = pk
            created.append(card)
        else:
            names = changed_fields(card, fields)
            if card.stage_id != stage.pk:
                names.add("stage")
            if card.position != position:
                names.add("position")
            if names or current_personas.get(card.pk, set()) != {persona.pk for persona in personas}:
                for name, value in fields.items():
                    setattr(card, name, value)
                card.stage, card.position, card.version, card.updated_at = stage, position, card.version + 1, now
                changed.append(card)
                changed_names |= names
        try:
            card.full_clean(exclude=["stage", "channel", "owner", "position", "origin"], validate_constraints=False)
        except ValidationError as error:
            problems = {**error.message_dict, **problems}
        for name, messages in problems.items():
            errors[f"cards[{index}].{name}"] = messages if isinstance(messages, list) else [messages]
        cards.append(card)
        persona_lists.append(personas)
    if errors:
        raise ValidationError(errors)
    removed = len(current)
    if current:
        Touchpoint.objects.filter(pk__in=list(current)).delete()
    # Only the columns that changed somewhere: each is a CASE over every card written.
    Touchpoint.objects.bulk_update(changed, ["version", "updated_at", *sorted(changed_names)], batch_size=500)
    Touchpoint.objects.bulk_create(created, batch_size=1000)
    Through = Touchpoint.personas.through
    relinked = [
        (card, personas)
        for card, personas in zip(cards, persona_lists, strict=True)
        if current_personas.get(card.pk, set()) != {persona.pk for persona in personas}
    ]
    Through.objects.filter(touchpoint_id__in=[card.pk for card, _personas in relinked]).delete()
    Through.objects.bulk_create(
        [Through(touchpoint_id=card.pk, persona_id=persona.pk) for card, personas in relinked for persona in personas],
        batch_size=2000,
    )
    return cards, removed
