"""The trash's writes: move something into it (a delete that keeps what it removes), restore an entry,
delete one forever, and empty what is older than TRASH_RETENTION_DAYS."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.users import display_name

from .cascade import cascade_of
from .kinds import Restored, restorer_for
from .models import TrashEntry, TrashKind
from .signals import entry_restored

TOUCHPOINT_MODEL = "touchpoints.touchpoint"


@transaction.atomic
def trash_move(
    *,
    obj: models.Model,
    kind: TrashKind,
    workspace_id: int,
    label: str,
    journey_id: int | None,
    journey_title: str = "",
    place: str = "",
    actor=None,
) -> TrashEntry:
    """Delete `obj` with everything its delete cascades to, keeping all of it in a new entry of the
    workspace's trash. The caller holds the lock of what `obj` belongs to (its map)."""
    cascade = cascade_of(obj)
    known = actor is not None and actor.is_authenticated
    entry = TrashEntry.objects.create(
        workspace_id=workspace_id,
        kind=kind,
        label=label[:200],
        journey_id=journey_id,
        journey_title=journey_title[:200],
        place=place[:120],
        touchpoint_count=cascade.counts.get(TOUCHPOINT_MODEL, 0),
        deleted_by=actor if known else None,
        deleted_by_name=display_name(actor)[:150] if known else "",
        rows=cascade.rows,
        links=cascade.links,
    )
    cascade.delete()
    return entry


@transaction.atomic
def trash_entry_restore(*, entry: TrashEntry, actor=None) -> Restored:
    """Put back what `entry` holds where it was (the restorer of its kind finds the place), and take the
    entry out of the trash. Restoring an entry someone has just restored or deleted forever raises a
    ValidationError, as does a place that is gone (nothing is written then)."""
    current = TrashEntry.objects.filter(pk=entry.pk).first()
    # The delete is the lock: a second restore of the same entry waits here, then finds nothing.
    if current is None or not TrashEntry.objects.filter(pk=entry.pk).delete()[0]:
        raise ValidationError(_("This has just been restored or deleted forever by someone else."))
    restored = restorer_for(current.kind)(entry=current, actor=actor)
    entry_restored.send(sender=TrashEntry, entry=current, restored=restored)
    return restored


@transaction.atomic
def trash_entry_purge(*, entry: TrashEntry) -> None:
    """Delete forever."""
    TrashEntry.objects.filter(pk=entry.pk).delete()


def trash_expired_purge(*, now: dt.datetime | None = None) -> int:
    """Delete forever the entries older than TRASH_RETENTION_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.TRASH_RETENTION_DAYS)
    deleted, _per_model = TrashEntry.objects.filter(deleted_at__lt=cutoff).delete()
    return deleted
