"""Snapshots: a whole map kept as it was, under a name (issue 12). Taken by hand from the map's Snapshots
page or the API, and automatically before an import writes into the map and before a restore replaces it
(the safety snapshot). What a snapshot keeps is the map's JSON document with its rows' ids
(exports.selectors.map_document); a restore puts it back in place (exports/importers/restore.py, queued by
exports.services.snapshot_restore_create).

Bounds: a snapshot's document is at most SNAPSHOT_MAX_BYTES; a map keeps at most MAX_SNAPSHOTS_BY_HAND
taken by hand (then one is deleted before another is taken) and the AUTOMATIC_SNAPSHOTS_KEPT newest
automatic ones (taking one deletes the oldest past that number).
"""

import json
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journeys.models import Journey
from strategies.models import Strategy

from .models import Snapshot, SnapshotKind
from .selectors import map_document

MAX_SNAPSHOTS_BY_HAND = 50
AUTOMATIC_SNAPSHOTS_KEPT = 20
NAME_MAX_LENGTH = Snapshot._meta.get_field("name").max_length or 120
NOTE_MAX_LENGTH = Snapshot._meta.get_field("note").max_length or 300


def _bounded(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@transaction.atomic
def snapshot_take(
    *,
    journey: Journey,
    name: str = "",
    created_by=None,
    kind: str = SnapshotKind.MANUAL,
    note: str = "",
    keep: Snapshot | None = None,
) -> Snapshot:
    """Keep the map as it is now. By hand (`kind` MANUAL): `name` and `note` (why) are the taker's, checked
    against their bounds. Automatic: `note` is the file imported (BEFORE_IMPORT) or the name of the
    snapshot restored (BEFORE_RESTORE), and the name is made from it; the oldest automatic snapshots past
    AUTOMATIC_SNAPSHOTS_KEPT are deleted, but never `keep` (the snapshot being restored).

    The map's row and its strategies' are locked while its document is read, so nothing changes in between.
    Queries: the locks, the count of snapshots, the document's (exports.selectors.map_document), the insert.
    """
    if kind not in SnapshotKind.values:
        raise ValidationError({"kind": _("Unknown kind of snapshot.")})
    Journey.objects.select_for_update().filter(pk=journey.pk).exists()
    # (Strategies change under their own rows' locks: a strategy saved while the document is read would
    # leave it with a revision past the strategy's own state.)
    list(Strategy.objects.select_for_update().filter(journey=journey).values_list("pk", flat=True))
    if kind == SnapshotKind.MANUAL:
        name, note = name.strip(), note.strip()
        snapshot = Snapshot(journey=journey, name=name, note=note, kind=kind, content={}, created_by=created_by)
        snapshot.full_clean(exclude=["content", "journey", "created_by"])
        if Snapshot.objects.filter(journey=journey, kind=SnapshotKind.MANUAL).count() >= MAX_SNAPSHOTS_BY_HAND:
            raise ValidationError(
                ngettext(
                    "This map already keeps %(max)d snapshot taken by hand; delete one before taking another.",
                    "This map already keeps %(max)d snapshots taken by hand; delete one before taking another.",
                    MAX_SNAPSHOTS_BY_HAND,
                )
                % {"max": MAX_SNAPSHOTS_BY_HAND}
            )
    else:
        note = _bounded(os.path.basename(note) if kind == SnapshotKind.BEFORE_IMPORT else note, NOTE_MAX_LENGTH)
        template = (
            _("Before the import of %(file)s")
            if kind == SnapshotKind.BEFORE_IMPORT
            else _("Before restoring “%(name)s”")
        )
        name = _bounded(template % {"file": note, "name": note}, NAME_MAX_LENGTH)
        snapshot = Snapshot(journey=journey, name=name, note=note, kind=kind, content={}, created_by=created_by)
    content = map_document(journey.pk, with_ids=True)
    size = len(json.dumps(content, ensure_ascii=False).encode("utf-8"))
    if size > settings.SNAPSHOT_MAX_BYTES:
        raise ValidationError(
            _("This map is too large to keep as a snapshot: %(size)d MB, where a snapshot holds at most %(max)d MB.")
            % {"size": -(-size // 2**20), "max": settings.SNAPSHOT_MAX_BYTES // 2**20}
        )
    snapshot.content = content
    snapshot.size = size
    snapshot.stage_count = len(content["stages"])
    snapshot.card_count = sum(len(stage["touchpoints"]) for stage in content["stages"])
    snapshot.save()
    if kind != SnapshotKind.MANUAL:
        automatic = Snapshot.objects.filter(journey=journey).exclude(kind=SnapshotKind.MANUAL)
        old = set(automatic.order_by("-created_at", "-id").values_list("pk", flat=True)[AUTOMATIC_SNAPSHOTS_KEPT:])
        if keep is not None:
            old.discard(keep.pk)
        if old:
            Snapshot.objects.filter(pk__in=old).delete()
    return snapshot


@transaction.atomic
def snapshot_delete(*, snapshot: Snapshot) -> None:
    """Forget a snapshot (the map is not touched; a restore of it already queued fails, saying so)."""
    snapshot.delete()
