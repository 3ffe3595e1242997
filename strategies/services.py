"""Writes to strategies. Every save goes through `Strategy.save`, which writes the revision;
`strategy_import` alone writes a history as it was (imports), and `strategies_import_bulk` many at once
(workspace restores)."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boards.services import card_badges_refresh
from core.users import display_name
from core.versioning import check_version, reject_unknown_fields
from journeys.models import Journey, Stage
from live.events import publish_board_event
from workspaces.models import Membership

from .models import RevisionKind, Strategy, StrategyRevision, StrategyStatus

# The board event every strategy change publishes (live.events).
STRATEGY_CHANGED = "strategy.changed"
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
    touchpoint = strategy.touchpoint
    stage_id = strategy.stage_id or (touchpoint.stage_id if touchpoint is not None else None)
    publish_board_event(
        strategy.journey_id,
        kind=STRATEGY_CHANGED,
        stage_ids=[stage_id] if stage_id else [],
        touchpoint_id=strategy.touchpoint_id,
    )


def _card_count_changed(strategy: Strategy) -> None:
    """A card's strategy came, or its status changed: the card's count of current strategies (a kept
    badge, boards.services) is counted again."""
    if strategy.touchpoint_id is not None:
        card_badges_refresh(journey=strategy.journey_id, touchpoint_ids=[strategy.touchpoint_id])


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
    _card_count_changed(strategy)
    _publish(strategy)
    return strategy


def _lock(strategy: Strategy, expected_version: int | None) -> Strategy:
    current = Strategy.objects.select_for_update().select_related("journey").get(pk=strategy.pk)
    check_version(current, expected_version)
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
    if "status" in changed:
        _card_count_changed(current)
    _publish(current)
    return current


@transaction.atomic
def strategy_update(
    *, strategy: Strategy, author, change_note: str = "", expected_version: int | None = None, **fields
) -> Strategy:
    """Edit title, body, status, persona or owner. A change to an active strategy needs a change note."""
    reject_unknown_fields(fields, STRATEGY_FIELDS, where="strategy_update")
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
    _card_count_changed(current)
    _publish(current)
    return current


@transaction.atomic
def strategy_restore_state(
    *,
    strategy: Strategy,
    title: str,
    body: str,
    status: str,
    stage: Stage | None,
    touchpoint,
    persona,
    owner,
    restored_from: int | None,
    author,
    change_note: str,
    always: bool = False,
) -> Strategy:
    """Bring a strategy back to a state it had (its map's snapshot restored): its title, body and
    status, what it belongs to, its persona and its owner, saved as a new revision of kind "restored"
    (`restored_from`: the number of the revision that held that state, kept in the history). Nothing is
    lost from the history. When nothing differs, nothing is saved, unless `always` (a strategy the
    restore has just brought back records it)."""
    current = _lock(strategy, None)
    _check_status(status)
    _check_scope(journey=current.journey, stage=stage, touchpoint=touchpoint)
    _check_links(journey=current.journey, persona=persona, owner=owner)
    fields = {"title": title.strip(), "body": body, "status": status}
    links = {"stage": stage, "touchpoint": touchpoint, "persona": persona, "owner": owner}
    changed = {name for name, value in fields.items() if getattr(current, name) != value}
    changed |= {
        name for name, value in links.items() if getattr(current, f"{name}_id") != (value.pk if value else None)
    }
    if not changed and not always:
        return current
    previous_card = current.touchpoint_id
    was_in_guide = current.status == StrategyStatus.ACTIVE
    for name, value in {**fields, **links}.items():
        setattr(current, name, value)
    now = timezone.now()
    if (was_in_guide or current.status == StrategyStatus.ACTIVE) and changed & set(GUIDE_FIELDS):
        current.guide_changed_at = now
    current.last_reviewed_on = timezone.localdate(now)
    current.full_clean(exclude=["version"])
    current.save(
        author=author, change_note=change_note.strip(), kind=RevisionKind.RESTORED, restored_from=restored_from
    )
    cards = {pk for pk in (previous_card, current.touchpoint_id) if pk is not None}
    if cards:
        card_badges_refresh(journey=current.journey_id, touchpoint_ids=cards)
    _publish(current)
    return current


def _guide_changed_at(revisions: Sequence[dict]):
    """When what the guide shows last changed, replayed from a history (as `_apply` records it)."""
    changed_at, previous = None, None
    for revision in revisions:
        state = (revision["title"], revision["body"], revision["status"])
        was_active = previous is not None and previous[2] == StrategyStatus.ACTIVE
        if (was_active or revision["status"] == StrategyStatus.ACTIVE) and state != previous:
            changed_at = revision["created_at"]
        previous = state
    return changed_at


@transaction.atomic
def strategy_import(
    *,
    journey: Journey,
    revisions: Sequence[dict],
    stage: Stage | None = None,
    touchpoint=None,
    persona=None,
    owner=None,
    last_reviewed_on: datetime.date | None = None,
) -> Strategy:
    """Bring back a strategy with its whole history, as it was written elsewhere (a map import).

    The one sanctioned way to write revisions with given numbers, times and authors: the strategy
    and all its revision rows are inserted here, together and once. Nothing existing is changed,
    so revisions stay immutable. Each revision is a dict with `number` (1, 2, 3... in order),
    `kind` (RevisionKind), `title`, `body`, `status`, `change_note`, `restored_from` (an earlier
    number or None), `author` (a member of the map's workspace, or None), `author_name` (who wrote
    it, as text) and `created_at` (an aware datetime). The strategy's title, body and status are
    those of its last revision, its version the last number. Raises ValidationError, writing
    nothing, if the history or the links break a rule.
    """
    _check_scope(journey=journey, stage=stage, touchpoint=touchpoint)
    _check_links(journey=journey, persona=persona, owner=owner)
    members = _authors_who_are_members(journey.workspace_id, revisions)
    rows = _revision_rows(journey, revisions, members)
    strategy = _imported_strategy(journey, rows, revisions, stage, touchpoint, persona, owner, last_reviewed_on)
    strategy.full_clean(exclude=["version"])
    # bulk_create inserts without calling Strategy.save, which would write a revision of its own.
    Strategy.objects.bulk_create([strategy])
    strategy.created_at, strategy.updated_at = revisions[0]["created_at"], revisions[-1]["created_at"]
    Strategy.objects.filter(pk=strategy.pk).update(created_at=strategy.created_at, updated_at=strategy.updated_at)
    for row in rows:
        row.strategy = strategy
    StrategyRevision.objects.bulk_create(rows)
    _card_count_changed(strategy)
    return strategy


@transaction.atomic
def strategies_import_bulk(*, items: Sequence[dict]) -> list[Strategy]:
    """Bring back many strategies of new maps with their histories at once (a workspace restore), in a
    few queries whatever their number: the rules of `strategy_import` for every revision, the history
    as it was. Each item is a dict of `strategy_import`'s arguments (`journey`, `revisions`, and
    optionally `stage`, `touchpoint`, `persona`, `owner`, `last_reviewed_on`); its stage, touchpoint
    and persona are rows of its map the caller has just made (not checked again, one query each).
    Nothing is announced to the board (nobody has these maps open). Returns the strategies in order."""
    workspace_ids = {item["journey"].workspace_id for item in items}
    author_ids = {r["author"].pk for item in items for r in item["revisions"] if r.get("author") is not None}
    members = set(
        Membership.objects.filter(workspace_id__in=workspace_ids, user_id__in=author_ids).values_list(
            "workspace_id", "user_id"
        )
    )
    owner_ids = {item["owner"].pk for item in items if item.get("owner") is not None}
    owners = set(
        Membership.objects.filter(workspace_id__in=workspace_ids, user_id__in=owner_ids).values_list(
            "workspace_id", "user_id"
        )
    )
    strategies, histories = [], []
    for index, item in enumerate(items):
        journey, revisions, owner = item["journey"], item["revisions"], item.get("owner")
        try:
            if owner is not None and (journey.workspace_id, owner.pk) not in owners:
                raise ValidationError({"owner": _("The owner must be a member of the workspace.")})
            if item.get("stage") is not None and item.get("touchpoint") is not None:
                raise ValidationError(
                    _("A strategy belongs to the whole map, one stage or one touchpoint, not several.")
                )
            allowed = {user_id for workspace_id, user_id in members if workspace_id == journey.workspace_id}
            rows = _revision_rows(journey, revisions, allowed)
            strategy = _imported_strategy(
                journey,
                rows,
                revisions,
                item.get("stage"),
                item.get("touchpoint"),
                item.get("persona"),
                owner,
                item.get("last_reviewed_on"),
            )
            # (The scope rule is checked above; the database checks it too, without a query per row here.)
            strategy.full_clean(
                exclude=["version", "journey", "stage", "touchpoint", "persona", "owner"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            raise ValidationError(
                {f"strategies[{index}].{name}": messages for name, messages in error.message_dict.items()}
            ) from None
        strategies.append(strategy)
        histories.append(rows)
    Strategy.objects.bulk_create(strategies, batch_size=500)
    for strategy, rows, item in zip(strategies, histories, items, strict=True):
        strategy.created_at = item["revisions"][0]["created_at"]
        strategy.updated_at = item["revisions"][-1]["created_at"]
        for row in rows:
            row.strategy = strategy
    Strategy.objects.bulk_update(strategies, ["created_at", "updated_at"], batch_size=500)
    StrategyRevision.objects.bulk_create([row for rows in histories for row in rows], batch_size=1000)
    return strategies


def _authors_who_are_members(workspace_id: int, revisions: Sequence[dict]) -> set[int]:
    author_ids = {revision["author"].pk for revision in revisions if revision.get("author") is not None}
    return set(
        Membership.objects.filter(workspace_id=workspace_id, user_id__in=author_ids).values_list("user_id", flat=True)
    )


def _revision_rows(journey: Journey, revisions: Sequence[dict], members: set[int]) -> list[StrategyRevision]:
    """The history's rows, each checked (numbers in order, restores of earlier revisions, authors among
    `members`, aware times, the fields' own rules); a ValidationError names the first revision that
    breaks one."""
    if not revisions:
        raise ValidationError({"revisions": _("A strategy needs at least one revision.")})
    rows = []
    for index, revision in enumerate(revisions):
        errors: dict[str, Any] = {}
        number, restored_from, author = revision["number"], revision.get("restored_from"), revision.get("author")
        if number != index + 1:
            errors["number"] = _("Revisions are numbered 1, 2, 3… in order.")
        if restored_from is not None and not (isinstance(restored_from, int) and 1 <= restored_from < number):
            errors["restored_from"] = _("A revision can only restore an earlier one.")
        if author is not None and author.pk not in members:
            errors["author"] = _("The author must be a member of the workspace, or left empty.")
        created_at = revision["created_at"]
        if not isinstance(created_at, datetime.datetime) or timezone.is_naive(created_at):
            errors["created_at"] = _("Enter a date and time with its time zone (ISO 8601).")
        row = StrategyRevision(
            journey=journey,
            number=number,
            kind=revision["kind"],
            title=revision["title"],
            body=revision["body"],
            status=revision["status"],
            change_note=revision.get("change_note", ""),
            restored_from=restored_from,
            author=author,
            author_name=revision.get("author_name") or display_name(author),
            created_at=created_at,
        )
        try:
            row.full_clean(exclude=["strategy", "journey", "author", "number"], validate_unique=False)
        except ValidationError as error:
            errors = {**error.message_dict, **errors}
        if errors:
            raise ValidationError({f"revisions[{index}].{name}": messages for name, messages in errors.items()})
        rows.append(row)
    return rows


def _imported_strategy(
    journey, rows: list[StrategyRevision], revisions: Sequence[dict], stage, touchpoint, persona, owner, reviewed_on
) -> Strategy:
    """The strategy whose state is its last revision's."""
    return Strategy(
        journey=journey,
        stage=stage,
        touchpoint=touchpoint,
        persona=persona,
        owner=owner,
        title=rows[-1].title,
        body=rows[-1].body,
        status=rows[-1].status,
        last_reviewed_on=reviewed_on or timezone.localdate(revisions[-1]["created_at"]),
        guide_changed_at=_guide_changed_at(revisions),
        version=len(rows),
    )
