"""The board's activity feed is written here, from the changes the stage, touchpoint, reading, evidence
and opportunity services announce (journeys.signals.map_content_changed)."""

from core.changes import changed_values
from core.users import display_name
from journeys.signals import Change

from .models import ActivityTarget, BoardActivity

TARGET_TYPES = {
    "stage": ActivityTarget.STAGE,
    "touchpoint": ActivityTarget.TOUCHPOINT,
    "reading": ActivityTarget.READING,
    "evidence": ActivityTarget.EVIDENCE,
    "opportunity": ActivityTarget.OPPORTUNITY,
    "snapshot": ActivityTarget.SNAPSHOT,
}


def record_change(
    sender, *, journey_id: int, actor, action: str, target, before=None, subject="", count=0, label="", **kwargs
) -> BoardActivity | None:
    """Write one feed entry. With `before`, keep the fields whose value changed; an edit or move that
    changed nothing is not recorded. An import is one entry: what it wrote (`subject`), how many
    (kept as `changes["count"]`) and from which file (`label`); so is a restore of a snapshot (`subject`
    "snapshot", the map's cards after it, the snapshot's name). Runs inside the service's transaction."""
    known = actor is not None and actor.is_authenticated
    # (A restored card or stage, from the trash, is written as its own entry below.)
    if action == Change.IMPORTED or (action == Change.RESTORED and subject):
        return BoardActivity.objects.create(
            journey_id=journey_id,
            actor=actor if known else None,
            actor_name=display_name(actor) if known else "",
            action=action,
            target_type=TARGET_TYPES[subject],
            target_id=target.pk,
            target_label=(label or str(target))[:200],
            changes={"count": count},
        )
    changes = {}
    if before is not None:
        changes = changed_values(before, target)
        if not changes and action in (Change.EDITED, Change.MOVED):
            return None
    return BoardActivity.objects.create(
        journey_id=journey_id,
        actor=actor if known else None,
        actor_name=display_name(actor) if known else "",
        action=action,
        target_type=TARGET_TYPES[target._meta.model_name],
        target_id=target.pk,
        target_label=str(target)[:200],
        changes=changes,
    )
