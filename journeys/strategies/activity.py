"""The board's activity feed: the stage and touchpoint services record every change here.

    before = activity_snapshot(stage, fields)
    ...change and save...
    activity_record(journey_id=stage.journey_id, actor=actor, action=ActivityAction.EDITED, target=stage, before=before)

Values are stored as the text a person reads (a channel's name, a choice's
label, a 1-based position), so the feed still reads right after the things it
mentions are renamed or deleted.
"""

from collections.abc import Iterable

from django.db import models

from core.users import display_name

from .models import ActivityAction, ActivityTarget, BoardActivity

__all__ = ["ActivityAction", "activity_record", "activity_snapshot"]

TARGET_TYPES = {"stage": ActivityTarget.STAGE, "touchpoint": ActivityTarget.TOUCHPOINT}


def _display_value(instance: models.Model, name: str):
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(sorted(str(related) for related in getattr(instance, name).all())) or None
    if field.is_relation:
        related = getattr(instance, name)
        return str(related) if related is not None else None
    value = getattr(instance, field.attname)
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if name == "position":
        return value + 1
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def activity_snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """The readable values of `fields` on `instance`, to compare after the change."""
    return {name: _display_value(instance, name) for name in fields}


def activity_record(
    *, journey_id: int, actor, action: str, target: models.Model, before: dict | None = None
) -> BoardActivity | None:
    """Write one feed entry. With `before`, keep the fields whose value changed; an edit that changed
    nothing is not recorded. Call inside the service's transaction, before deleting `target`."""
    changes = {}
    if before is not None:
        after = activity_snapshot(target, before.keys())
        changes = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
        if not changes and action in (ActivityAction.EDITED, ActivityAction.MOVED):
            return None
    return BoardActivity.objects.create(
        journey_id=journey_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=display_name(actor) if actor is not None and actor.is_authenticated else "",
        action=action,
        target_type=TARGET_TYPES[target._meta.model_name],
        target_id=target.pk,
        target_label=str(target)[:200],
        changes=changes,
    )
