"""Writes to strategies. Every save goes through `Strategy.save`, which writes the revision."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from journeys.exceptions import VersionConflict
from journeys.models import Journey, Stage
from live.events import EventKind, publish_board_event
from workspaces.models import Membership

from .models import RevisionKind, Strategy, StrategyRevision, StrategyStatus

STRATEGY_FIELDS = ("title", "body", "status", "persona", "owner")
# Fields whose change alters what the guide shows of an active strategy.
GUIDE_FIELDS = ("title", "body", "status", "persona")


def _check_links(*, journey: Journey, persona, owner) -> None:
    errors = {}
    if persona is not None and not journey.personas.filter(pk=persona.pk).exists():
        errors["persona"] = _("Choose a persona featured on this map.")
    if owner is not None and not Membership.objects.filter(workspace_id=journey.workspace_id, user=owner).exists():
        errors["owner"] = _("The owner must be a member of the workspace.")
    if errors:
        raise ValidationError(errors)


def _check_scope(*, journey: Journey, stage: Stage | None, touchpoint) -> None:
    if stage is not None and touchpoint is not None:
        raise ValidationError(_("A strategy belongs to the whole map, one stage or one touchpoint, not several."))
    if stage is not None and stage.journey_id != journey.pk:
        raise ValidationError({"stage": _("Choose a stage of this map.")})
    if touchpoint is not None and touchpoint.stage.journey_id != journey.pk:
        raise ValidationError({"touchpoint": _("Choose a touchpoint of this map.")})


def _publish(strategy: Strategy) -> None:
    """Browsers with the map open re-read the column the strategy shows in (the whole board for the map's own)."""
    stage_id = strategy.stage_id or (strategy.touchpoint.stage_id if strategy.touchpoint_id else None)
    publish_board_event(
        strategy.journey_id, kind=EventKind.STRATEGY_CHANGED, stage_ids=[stage_id] if stage_id else [],
        touchpoint_id=strategy.touchpoint_id,
    )


def _check_status(status: str) -> None:
    if status not in StrategyStatus.values:
        raise ValidationError({"status": _("Unknown status.")})


@transaction.atomic
def strategy_create(
    *,
    journey: Journey,
    title: str,
    author,
    body: str = "",
    status: str = StrategyStatus.DRAFT,
    stage: Stage | None = None,
    touchpoint=None,
    persona=None,
    owner=None,
    change_note: str = "",
) -> Strategy:
    """Document a new strategy; revision #1 records it. The owner defaults to the author."""
    _check_status(status)
    _check_scope(journey=journey, stage=stage, touchpoint=touchpoint)
    owner = owner if owner is not None else author
    _check_links(journey=journey, persona=persona, owner=owner)
    now = timezone.now()
    strategy = Strategy(
        journey=journey,
        stage=stage,
        touchpoint=touchpoint,
        persona=persona,
        title=title.strip(),
        body=body,
        status=status,
        owner=owner,
        last_reviewed_on=timezone.localdate(now),
        guide_changed_at=now if status == StrategyStatus.ACTIVE else None,
    )
    strategy.full_clean(exclude=["version"])
    strategy.save(author=author, change_note=change_note.strip(), kind=RevisionKind.CREATED)
    _publish(strategy)
    return strategy


def _lock(strategy: Strategy, expected_version: int | None) -> Strategy:
    current = Strategy.objects.select_for_update().select_related("journey").get(pk=strategy.pk)
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(current)
    return current


def _apply(
    current: Strategy, *, fields: dict, author, change_note: str, kind: str, restored_from: int | None = None
) -> Strategy:
    """Change `current` (locked) and save it with its revision; nothing changed means no save."""
    change_note = change_note.strip()
    changed = {name for name, value in fields.items() if getattr(current, name) != value}
    if not changed:
        return current
    if current.status == StrategyStatus.ACTIVE and not change_note and kind == RevisionKind.EDITED:
        raise ValidationError({"change_note": _("Say why this active strategy changes.")})
    was_in_guide = current.status == StrategyStatus.ACTIVE
    for name in changed:
        setattr(current, name, fields[name])
    now = timezone.now()
    if (was_in_guide or current.status == StrategyStatus.ACTIVE) and changed & set(GUIDE_FIELDS):
        current.guide_changed_at = now
    # Whoever edits a strategy has looked at it: an edit counts as a review.
    current.last_reviewed_on = timezone.localdate(now)
    current.full_clean(exclude=["version"])
    current.save(author=author, change_note=change_note, kind=kind, restored_from=restored_from)
    _publish(current)
    return current


@transaction.atomic
def strategy_update(
    *, strategy: Strategy, author, change_note: str = "", expected_version: int | None = None, **fields
) -> Strategy:
    """Edit title, body, status, persona or owner. A change to an active strategy needs a change note."""
    unknown = set(fields) - set(STRATEGY_FIELDS)
    if unknown:
        raise TypeError(f"strategy_update() got unknown fields {sorted(unknown)}")
    current = _lock(strategy, expected_version)
    if "status" in fields:
        _check_status(fields["status"])
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    _check_links(journey=current.journey, persona=fields.get("persona"), owner=fields.get("owner"))
    return _apply(current, fields=fields, author=author, change_note=change_note, kind=RevisionKind.EDITED)


@transaction.atomic
def strategy_retire(
    *, strategy: Strategy, author, change_note: str = "", expected_version: int | None = None
) -> Strategy:
    return strategy_update(
        strategy=strategy,
        author=author,
        change_note=change_note,
        expected_version=expected_version,
        status=StrategyStatus.RETIRED,
    )


@transaction.atomic
def strategy_review(*, strategy: Strategy, author, change_note: str = "") -> Strategy:
    """Confirm the strategy still holds: sets today's review date and records a "reviewed" revision."""
    current = _lock(strategy, None)
    current.last_reviewed_on = timezone.localdate()
    current.save(author=author, change_note=change_note.strip(), kind=RevisionKind.REVIEWED)
    _publish(current)
    return current


@transaction.atomic
def strategy_restore(*, strategy: Strategy, number: int, author, change_note: str = "") -> Strategy:
    """Bring back the title, body and status of revision `number` as a new revision; nothing is lost."""
    current = _lock(strategy, None)
    try:
        revision = StrategyRevision.objects.get(strategy=current, number=number)
    except StrategyRevision.DoesNotExist:
        raise ValidationError({"number": _("There is no revision #%(number)s.") % {"number": number}}) from None
    if revision.number == current.version:
        raise ValidationError({"number": _("Revision #%(number)s is the current one.") % {"number": number}})
    fields = {"title": revision.title, "body": revision.body, "status": revision.status}
    was_in_guide = current.status == StrategyStatus.ACTIVE
    for name, value in fields.items():
        setattr(current, name, value)
    now = timezone.now()
    if was_in_guide or current.status == StrategyStatus.ACTIVE:
        current.guide_changed_at = now
    current.last_reviewed_on = timezone.localdate(now)
    current.save(author=author, change_note=change_note.strip(), kind=RevisionKind.RESTORED, restored_from=number)
    _publish(current)
    return current
