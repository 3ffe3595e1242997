"""What the map's own services announce, so apps above (the activity feed) can follow without being imported."""

from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _


class Change(models.TextChoices):
    CREATED = "created", _("created")
    EDITED = "edited", _("edited")
    MOVED = "moved", _("moved")
    DELETED = "deleted", _("deleted")
    IMPORTED = "imported", _("imported")
    RESTORED = "restored", _("restored")


# Sent inside the service's transaction, after the change (before the row goes, for a delete), with:
# journey_id, actor (the user, or None), action (a Change), target (the Stage or Touchpoint) and
# before (the readable values of the changed fields beforehand, from core.changes.readable_values;
# None when there is no before). An import (Change.IMPORTED) is one announcement for all it wrote: its
# target is the import itself, with `subject` (the model name of what it wrote), `count` and `label`
# (the file's name). A restore of a snapshot (Change.RESTORED) is one announcement too: its target is the
# snapshot, `subject` "snapshot", `count` the cards the map has now and `label` the snapshot's name.
map_content_changed = Signal()


def announce_change(
    *, journey_id: int, actor, action: Change, target: models.Model, before: dict | None = None, **import_details
) -> None:
    map_content_changed.send(
        sender=type(target),
        journey_id=journey_id,
        actor=actor,
        action=action,
        target=target,
        before=before,
        **import_details,
    )
