from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.changes import readable_values
from core.ordering import close_gap, make_room, place_at
from core.restored_ids import free_ids
from core.versioning import check_version, reject_unknown_fields, versioned_update
from live.events import publish_board_event
from trash.cascade import root_of, rows_restore
from trash.kinds import Restored
from trash.models import TrashEntry, TrashKind
from trash.services import trash_move

from .events import MapEvent
from .models import Journey, Lane, LaneCell, LaneKind, Stage
from .signals import Change, announce_change
from .stage_templates import DEFAULT_TEMPLATE, STANDARD_LANES, TEMPLATES_BY_KEY

JOURNEY_FIELDS = ("title", "description", "state", "state_name", "review_interval_days")
STAGE_FIELDS = ("name", "description", "customer_goal", "guiding_questions")
LANE_FIELDS = ("title", "split_by", "hidden")
# What a restore puts back on a lane it keeps (its kind never changes).
LANE_RESTORED_FIELDS = ("title", "rollup_field", "split_by", "source", "hidden")
# A map's size has bounds, so no board, export or request grows without limit.
MAX_STAGES_PER_MAP = 40
MAX_LANES_PER_MAP = 30


def _check_personas(workspace, personas) -> list:
    personas = list(personas)
    foreign = [persona for persona in personas if persona.workspace_id != workspace.pk]
    if foreign:
        raise ValidationError({"personas": _("Personas must belong to the map's workspace.")})
    return personas


def journey_lock(journey_id: int) -> None:
    """Lock the map's row for the rest of the transaction, and date the map's last change now (what
    the dashboard shows as "Updated"; a rolled-back change leaves it as it was). Every change to a
    map's stages, lanes or cards takes this lock first, so concurrent moves are serialised and never
    deadlock."""
    # The UPDATE takes the row lock (and SQLite's write lock) at once: a write never has to upgrade a read lock.
    if not Journey.objects.filter(pk=journey_id).update(updated_at=timezone.now()):
        raise Journey.DoesNotExist(f"No journey map {journey_id}")


@transaction.atomic
def journey_create(
    *,
    workspace,
    title: str,
    description: str = "",
    template: str = DEFAULT_TEMPLATE,
    personas=(),
    created_by=None,
    lanes=None,
) -> Journey:
    """A new map with its template's stages and lanes (`lanes`, TemplateLanes, instead of the
    template's: an import brings its own)."""
    if template not in TEMPLATES_BY_KEY:
        raise ValidationError({"template": _("Unknown stage template.")})
    journey = Journey(
        workspace=workspace, title=title, description=description, template=template, created_by=created_by
    )
    journey.full_clean()
    journey.save()
    journey.personas.set(_check_personas(workspace, personas))
    Stage.objects.bulk_create(
        Stage(
            journey=journey,
            name=str(stage.name),
            description=str(stage.description),
            customer_goal=str(stage.customer_goal),
            guiding_questions=stage.guiding_questions,
            position=index,
        )
        for index, stage in enumerate(TEMPLATES_BY_KEY[template].stages)
    )
    lanes_create_from_template(journey=journey, lanes=TEMPLATES_BY_KEY[template].lanes if lanes is None else lanes)
    return journey


def lanes_create_from_template(*, journey: Journey, lanes=STANDARD_LANES) -> list[Lane]:
    """A new map's lanes, in order (its template's set)."""
    return Lane.objects.bulk_create(
        Lane(
            journey=journey,
            kind=lane.kind,
            title=str(lane.title),
            rollup_field=lane.rollup_field,
            split_by=lane.split_by,
            source=lane.source,
            position=index,
        )
        for index, lane in enumerate(lanes)
    )


@transaction.atomic
def journey_update(*, journey: Journey, personas=None, expected_version: int | None = None, **fields) -> Journey:
    reject_unknown_fields(fields, JOURNEY_FIELDS, where="journey_update")
    current = versioned_update(Journey.objects, journey.pk, expected_version=expected_version, fields=fields)
    if personas is not None:
        current.personas.set(_check_personas(current.workspace, personas))
    publish_board_event(current.pk, kind=MapEvent.JOURNEY_UPDATED, whole_board=True)
    return current


@transaction.atomic
def journey_delete(*, journey: Journey, actor=None) -> TrashEntry | None:
    """Move the map, with everything on it, to its workspace's trash (None: it was deleted meanwhile)."""
    journey_id = journey.pk
    try:
        journey_lock(journey_id)
    except Journey.DoesNotExist:
        return None
    current = Journey.objects.get(pk=journey_id)
    entry = trash_move(
        obj=current,
        kind=TrashKind.MAP,
        workspace_id=current.workspace_id,
        label=current.title,
        journey_id=journey_id,
        journey_title=current.title,
        actor=actor,
    )
    publish_board_event(journey_id, kind=MapEvent.JOURNEY_DELETED, whole_board=True)
    return entry


@transaction.atomic
def journey_restore(*, entry: TrashEntry, actor=None) -> Restored:
    """Put a map back from the trash with everything it had (the trash's restorer of maps)."""
    journey = rows_restore(entry.rows, entry.links, model=Journey)
    journey_lock(journey.pk)  # (dated now: the dashboard shows it as just updated)
    publish_board_event(journey.pk, kind=MapEvent.JOURNEY_RESTORED, whole_board=True)
    return Restored(obj=journey, journey_id=journey.pk, touchpoint_ids=None)


def map_for_restore(entry: TrashEntry) -> Journey:
    """The map a stage, lane or card in the trash comes back to, locked; refused if it is gone."""
    try:
        if entry.journey_id is None:
            raise Journey.DoesNotExist
        journey_lock(entry.journey_id)
    except Journey.DoesNotExist:
        raise ValidationError(
            _("Its map “%(map)s” has been deleted: restore the map first, if it is still in the trash.")
            % {"map": entry.journey_title}
        ) from None
    return Journey.objects.get(pk=entry.journey_id)


def _check_stage_room(journey_id: int) -> None:
    if Stage.objects.filter(journey_id=journey_id).count() >= MAX_STAGES_PER_MAP:
        message = ngettext(
            "A map has at most %(count)d stage; remove one before adding another.",
            "A map has at most %(count)d stages; remove one before adding another.",
            MAX_STAGES_PER_MAP,
        )
        raise ValidationError(message % {"count": MAX_STAGES_PER_MAP})


def _check_lane_room(journey_id: int) -> None:
    if Lane.objects.filter(journey_id=journey_id).count() >= MAX_LANES_PER_MAP:
        message = ngettext(
            "A map has at most %(count)d lane; remove one before adding another.",
            "A map has at most %(count)d lanes; remove one before adding another.",
            MAX_LANES_PER_MAP,
        )
        raise ValidationError(message % {"count": MAX_LANES_PER_MAP})


@transaction.atomic
def stage_create(*, journey: Journey, position: int | None = None, actor=None, **fields) -> Stage:
    journey_lock(journey.pk)
    _check_stage_room(journey.pk)
    stage = Stage(journey=journey, **fields)
    stage.full_clean(exclude=["position"])
    place_at(journey.stages.all(), stage, position)
    stage.save()
    announce_change(journey_id=journey.pk, actor=actor, action=Change.CREATED, target=stage)
    publish_board_event(journey.pk, kind=MapEvent.STAGE_CREATED, stage_ids=[stage.pk], whole_board=True)
    return stage


@transaction.atomic
def stage_update(*, stage: Stage, expected_version: int | None = None, actor=None, **fields) -> Stage:
    reject_unknown_fields(fields, STAGE_FIELDS, where="stage_update")
    before = {}

    def remember(current: Stage) -> None:
        before.update(readable_values(current, fields))

    current = versioned_update(
        Stage.objects, stage.pk, expected_version=expected_version, fields=fields, on_locked=remember
    )
    announce_change(journey_id=current.journey_id, actor=actor, action=Change.EDITED, target=current, before=before)
    publish_board_event(current.journey_id, kind=MapEvent.STAGE_UPDATED, stage_ids=[current.pk])
    return current


@transaction.atomic
def stage_move(*, stage: Stage, position: int, expected_version: int | None = None, actor=None) -> Stage:
    journey_lock(stage.journey_id)
    stage = Stage.objects.get(pk=stage.pk)
    check_version(stage, expected_version)
    before = readable_values(stage, ["position"])
    place_at(Stage.objects.filter(journey_id=stage.journey_id), stage, position)
    Stage.objects.filter(pk=stage.pk).update(position=stage.position, version=F("version") + 1)
    stage.refresh_from_db()
    announce_change(journey_id=stage.journey_id, actor=actor, action=Change.MOVED, target=stage, before=before)
    publish_board_event(stage.journey_id, kind=MapEvent.STAGE_MOVED, stage_ids=[stage.pk], whole_board=True)
    return stage


@transaction.atomic
def stage_delete(*, stage: Stage, actor=None) -> TrashEntry | None:
    """Move the stage, with its cards, to the workspace's trash; the stages after it move up. (None: it
    was deleted meanwhile.)"""
    journey_id, stage_id = stage.journey_id, stage.pk
    journey_lock(journey_id)
    current = Stage.objects.select_related("journey").filter(pk=stage_id).first()
    if current is None:
        return None
    announce_change(journey_id=journey_id, actor=actor, action=Change.DELETED, target=current)
    entry = trash_move(
        obj=current,
        kind=TrashKind.STAGE,
        workspace_id=current.journey.workspace_id,
        label=current.name,
        journey_id=journey_id,
        journey_title=current.journey.title,
        actor=actor,
    )
    close_gap(Stage.objects.filter(journey_id=journey_id))
    publish_board_event(journey_id, kind=MapEvent.STAGE_DELETED, stage_ids=[stage_id], whole_board=True)
    return entry


@transaction.atomic
def stage_restore(*, entry: TrashEntry, actor=None) -> Restored:
    """Put a stage back from the trash, with its cards, at the place it had (the trash's restorer of
    stages); the stages from there on move right."""
    journey = map_for_restore(entry)
    _check_stage_room(journey.pk)
    position = make_room(Stage.objects.filter(journey_id=journey.pk), root_of(entry.rows, Stage).position)
    stage = rows_restore(entry.rows, entry.links, model=Stage, root_fields={"position": position})
    announce_change(journey_id=journey.pk, actor=actor, action=Change.RESTORED, target=stage)
    publish_board_event(journey.pk, kind=MapEvent.STAGE_RESTORED, stage_ids=[stage.pk], whole_board=True)
    # (Its cards, through the reverse relation: journeys does not import touchpoints.)
    cards = tuple(Stage.objects.filter(pk=stage.pk, touchpoints__isnull=False).values_list("touchpoints", flat=True))
    return Restored(obj=stage, journey_id=journey.pk, stage_ids=(stage.pk,), touchpoint_ids=cards)


@transaction.atomic
def stage_step(*, stage: Stage, direction: str, actor=None) -> Stage:
    """The keyboard's move for a column: one place left or right of where it is now (read under the lock)."""
    if direction not in ("left", "right"):
        raise ValidationError({"direction": _("Unknown direction.")})
    journey_lock(stage.journey_id)
    current = Stage.objects.get(pk=stage.pk)
    offset = -1 if direction == "left" else 1
    return stage_move(stage=current, position=max(current.position + offset, 0), actor=actor)


# ---- lanes: the rows of the map --------------------------------------------------------------------------------


def _publish_lanes(journey_id: int) -> None:
    publish_board_event(journey_id, kind=MapEvent.LANES_CHANGED, whole_board=True)


@transaction.atomic
def lane_create(
    *,
    journey: Journey,
    kind: str,
    title: str = "",
    rollup_field: str = "",
    split_by: str = "",
    source: str = "",
    position: int | None = None,
) -> Lane:
    """Add a row to the map (at `position`, else last). A map has one cards lane and one curve, and
    gathers each card field, or shows another app's lane, once."""
    journey_lock(journey.pk)
    _check_lane_room(journey.pk)
    lane = Lane(
        journey=journey,
        kind=kind,
        title=title.strip(),
        rollup_field=rollup_field,
        split_by=split_by,
        source=source,
    )
    lane.full_clean(exclude=["position"])
    place_at(journey.lanes.all(), lane, position)
    lane.save()
    _publish_lanes(journey.pk)
    return lane


@transaction.atomic
def lane_update(*, lane: Lane, expected_version: int | None = None, position: int | None = None, **fields) -> Lane:
    """Rename a lane, split its cards by channel or persona, hide or show it, and move it to `position`
    (0 is the top row): one change, one new version."""
    reject_unknown_fields(fields, LANE_FIELDS, where="lane_update")
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    journey_lock(lane.journey_id)

    def place(current: Lane) -> None:
        if position is not None:
            place_at(Lane.objects.filter(journey_id=current.journey_id), current, position)

    current = versioned_update(Lane.objects, lane.pk, expected_version=expected_version, fields=fields, on_locked=place)
    _publish_lanes(current.journey_id)
    return current


def lane_move(*, lane: Lane, position: int, expected_version: int | None = None) -> Lane:
    return lane_update(lane=lane, position=position, expected_version=expected_version)


@transaction.atomic
def lane_step(*, lane: Lane, direction: str) -> Lane:
    """The keyboard's move for a lane: one row up or down from where it is now (read under the lock)."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Unknown direction.")})
    journey_lock(lane.journey_id)
    current = Lane.objects.get(pk=lane.pk)
    offset = -1 if direction == "up" else 1
    return lane_update(lane=current, position=max(current.position + offset, 0))


@transaction.atomic
def lane_delete(*, lane: Lane, actor=None, name: str = "") -> TrashEntry | None:
    """Move a row to the workspace's trash; a text lane's texts go with it. The cards stay on the map
    whatever happens to their lane (they belong to their stages). `name`: how the board names the lane
    (an app's lane is named by its app), else its title or kind. (None: it was deleted meanwhile.)"""
    journey_id = lane.journey_id
    journey_lock(journey_id)
    current = Lane.objects.select_related("journey").filter(pk=lane.pk).first()
    if current is None:
        return None
    entry = trash_move(
        obj=current,
        kind=TrashKind.LANE,
        workspace_id=current.journey.workspace_id,
        label=name or current.title or current.default_title,
        journey_id=journey_id,
        journey_title=current.journey.title,
        actor=actor,
    )
    close_gap(Lane.objects.filter(journey_id=journey_id))
    _publish_lanes(journey_id)
    return entry


@transaction.atomic
def lane_restore(*, entry: TrashEntry, actor=None) -> Restored:
    """Put a lane back from the trash, with its texts, at the row it had (the trash's restorer of lanes).
    Refused if the map has the one lane of its kind again (a new emotion curve, say)."""
    journey = map_for_restore(entry)
    _check_lane_room(journey.pk)
    position = make_room(Lane.objects.filter(journey_id=journey.pk), root_of(entry.rows, Lane).position)
    lane = rows_restore(entry.rows, entry.links, model=Lane, root_fields={"position": position})
    _publish_lanes(journey.pk)
    return Restored(obj=lane, journey_id=journey.pk)


def _check_cell(lane: Lane, stage: Stage) -> None:
    if lane.kind != LaneKind.TEXT:
        raise ValidationError({"lane": _("Only text lanes have a text per stage.")})
    if stage.journey_id != lane.journey_id:
        raise ValidationError({"stage": _("Choose a stage of this map.")})


def _cell_text(body: str) -> str:
    return body.replace("\r\n", "\n").strip()


def _author(actor):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def lane_cells_create(*, lane: Lane, texts: Mapping[Stage, str], actor=None) -> list[LaneCell]:
    """Write a new text lane's texts for many stages in a few queries (an import's lanes): the rules
    of `lane_cell_set`, checked for every text before any is written."""
    cells = []
    for stage, body in texts.items():
        _check_cell(lane, stage)
        cell = LaneCell(lane=lane, stage=stage, body=_cell_text(body), updated_by=_author(actor))
        cell.full_clean(validate_unique=False, validate_constraints=False)
        cells.append(cell)
    journey_lock(lane.journey_id)
    created = LaneCell.objects.bulk_create(cells)
    publish_board_event(lane.journey_id, kind=MapEvent.CELL_UPDATED, stage_ids=[stage.pk for stage in texts])
    return created


@transaction.atomic
def lane_cell_set(*, lane: Lane, stage: Stage, body: str, expected_version: int | None = None, actor=None) -> LaneCell:
    """Write a text lane's cell for one stage. A cell nobody has written yet is version 0."""
    _check_cell(lane, stage)
    journey_lock(lane.journey_id)
    if not Lane.objects.filter(pk=lane.pk, journey__stages=stage.pk).exists():
        raise ValidationError(_("This lane or this stage has just been deleted."))
    cell = LaneCell.objects.filter(lane=lane, stage=stage).first()
    if cell is None:
        cell = LaneCell(lane=lane, stage=stage, version=0)
    check_version(cell, expected_version)
    cell.body = _cell_text(body)
    cell.updated_by = _author(actor)
    cell.full_clean()
    cell.version += 1
    cell.save()
    publish_board_event(lane.journey_id, kind=MapEvent.CELL_UPDATED, stage_ids=[stage.pk])
    return cell


# ---- a snapshot restored: the map's stages and lanes put back as they were ----------------------------------------


@transaction.atomic
def stages_restore(*, journey: Journey, stages: Sequence[Mapping]) -> list[Stage]:
    """Give the map these stages, in this order (a snapshot restored): each given with the `id` of a stage
    of the map is updated in place (its cards, texts and guide reviews stay with it), the others are
    created (with their old `id` when free). The map's other stages are left after them, for
    `stages_remove_others` once their cards are gone. No event: the restore announces itself once."""
    journey_lock(journey.pk)
    if len(stages) > MAX_STAGES_PER_MAP:
        raise ValidationError(
            ngettext("A map has at most %(count)d stage.", "A map has at most %(count)d stages.", MAX_STAGES_PER_MAP)
            % {"count": MAX_STAGES_PER_MAP}
        )
    current = {stage.pk: stage for stage in Stage.objects.filter(journey=journey)}
    free = free_ids(Stage, [data.get("id") for data in stages if data.get("id") not in current])
    now = timezone.now()
    kept, created, changed = [], [], []
    for position, data in enumerate(stages):
        fields = {name: data[name] for name in STAGE_FIELDS}
        stage = current.get(data.get("id") or 0)
        if stage is None:
            stage = Stage(journey=journey, position=position, **fields)
            if data.get("id") in free:
                stage.pk = data["id"]
            stage.full_clean(exclude=["position"], validate_unique=False)
            created.append(stage)
        elif stage.position != position or any(getattr(stage, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(stage, name, value)
            stage.full_clean(exclude=["position"], validate_unique=False)
            stage.position, stage.version, stage.updated_at = position, stage.version + 1, now
            changed.append(stage)
        kept.append(stage)
    kept_ids = {stage.pk for stage in kept if stage.pk is not None}
    others = sorted((stage for pk, stage in current.items() if pk not in kept_ids), key=lambda s: (s.position, s.pk))
    for offset, stage in enumerate(others):
        stage.position = len(stages) + offset
        changed.append(stage)
    Stage.objects.bulk_update(changed, ["position", "version", "updated_at", *STAGE_FIELDS], batch_size=500)
    Stage.objects.bulk_create(created)
    return kept


@transaction.atomic
def stages_remove_others(*, journey: Journey, keep: Sequence[Stage]) -> int:
    """Delete the map's stages but these (what a restore leaves behind, their cards already gone or
    moved); how many went."""
    journey_lock(journey.pk)
    _total, by_model = Stage.objects.filter(journey=journey).exclude(pk__in=[stage.pk for stage in keep]).delete()
    close_gap(Stage.objects.filter(journey=journey))
    return by_model.get(Stage._meta.label, 0)


@transaction.atomic
def lanes_restore(*, journey: Journey, lanes: Sequence[Mapping], stages: Sequence[Stage], actor=None) -> list[Lane]:
    """Give the map exactly these lanes, in this order, each text lane with its texts (a snapshot
    restored): `lanes` as exports.importers.lanes reads them, with the `id` they had; `stages` are the
    map's stages in the order the texts' `stage` indexes name them. A lane the map still has (same id and
    kind) is updated in place, its cells' versions moving on; the others are created (with their old id
    when free); the map's other lanes are deleted first. No event: the restore announces itself once."""
    journey_lock(journey.pk)
    if len(lanes) > MAX_LANES_PER_MAP:
        raise ValidationError(
            ngettext("A map has at most %(count)d lane.", "A map has at most %(count)d lanes.", MAX_LANES_PER_MAP)
            % {"count": MAX_LANES_PER_MAP}
        )
    current = {lane.pk: lane for lane in Lane.objects.filter(journey=journey)}
    kinds = {data.get("id"): data["kind"] for data in lanes}
    wanted = {pk for pk, lane in current.items() if kinds.get(pk) == lane.kind}
    Lane.objects.filter(journey=journey).exclude(pk__in=wanted).delete()
    free = free_ids(Lane, [data.get("id") for data in lanes if data.get("id") not in wanted])
    now = timezone.now()
    result, created, changed = [], [], []
    for position, data in enumerate(lanes):
        fields = {
            "title": data["title"].strip(),
            "rollup_field": data["rollup_field"],
            "split_by": data["split_by"],
            "source": data["source"],
            "hidden": data["hidden"],
        }
        lane = current[data["id"]] if data.get("id") in wanted else None
        if lane is None:
            lane = Lane(journey=journey, kind=data["kind"], position=position, **fields)
            if data.get("id") in free:
                lane.pk = data["id"]
            lane.full_clean(exclude=["position"], validate_unique=False, validate_constraints=False)
            created.append(lane)
        elif lane.position != position or any(getattr(lane, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(lane, name, value)
            lane.full_clean(exclude=["position"], validate_unique=False, validate_constraints=False)
            lane.position, lane.version, lane.updated_at = position, lane.version + 1, now
            changed.append(lane)
        result.append(lane)
    Lane.objects.bulk_update(changed, ["position", "version", "updated_at", *LANE_RESTORED_FIELDS], batch_size=100)
    Lane.objects.bulk_create(created)
    _cells_restore(result, lanes, stages, actor=actor, now=now)
    return result


def _cells_restore(lanes: list[Lane], data: Sequence[Mapping], stages: Sequence[Stage], *, actor, now) -> None:
    """The text lanes' texts as `data` gives them: a changed cell gets its new text and a new version, a
    cell the snapshot has no text for is emptied, a missing one is created."""
    text_lanes = [(lane, entry) for lane, entry in zip(lanes, data, strict=True) if lane.kind == LaneKind.TEXT]
    if not text_lanes:
        return
    existing = {
        (cell.lane_id, cell.stage_id): cell
        for cell in LaneCell.objects.filter(lane__in=[lane for lane, _entry in text_lanes])
    }
    author = _author(actor)
    created, changed = [], []
    for lane, entry in text_lanes:
        texts = {stages[cell["stage"]].pk: _cell_text(cell["body"]) for cell in entry["cells"]}
        for stage in stages:
            body = texts.get(stage.pk, "")
            cell = existing.get((lane.pk, stage.pk))
            if cell is None:
                if body:
                    cell = LaneCell(lane=lane, stage=stage, body=body, updated_by=author)
                    cell.full_clean(validate_unique=False, validate_constraints=False)
                    created.append(cell)
            elif cell.body != body:
                cell.body, cell.version, cell.updated_by, cell.updated_at = body, cell.version + 1, author, now
                cell.full_clean(validate_unique=False, validate_constraints=False)
                changed.append(cell)
    LaneCell.objects.bulk_update(changed, ["body", "version", "updated_by", "updated_at"], batch_size=500)
    LaneCell.objects.bulk_create(created, batch_size=500)
