"""Dense, gap-free ordering of stages and of the cards in a stage.

Positions are integers 0..n-1. Every move happens in a transaction that has
locked the parent row first, so concurrent moves are serialised and every
browser ends up agreeing on one order with no duplicates or gaps.
"""

from typing import Any

from django.db import models


def place_at(siblings: models.QuerySet[Any], item: Any, position: int | None) -> int:
    """Put `item` (a model with a `position` field) at `position` among `siblings` (which may or
    may not include it) and renumber the rest; returns the position it got. Call inside a transaction."""
    others = [obj for obj in siblings.order_by("position", "id").only("id", "position") if obj.pk != item.pk]
    if position is None or position > len(others):
        position = len(others)
    position = max(position, 0)
    others.insert(position, item)
    changed = []
    for index, obj in enumerate(others):
        if obj.position != index:
            obj.position = index
            changed.append(obj)
    changed_others = [obj for obj in changed if obj.pk != item.pk]
    if changed_others:
        siblings.model._default_manager.bulk_update(changed_others, ["position"])
    item.position = position
    return position


def close_gap(siblings: models.QuerySet[Any]) -> None:
    """Renumber what is left after a delete."""
    changed = []
    for index, obj in enumerate(siblings.order_by("position", "id").only("id", "position")):
        if obj.position != index:
            obj.position = index
            changed.append(obj)
    if changed:
        siblings.model.objects.bulk_update(changed, ["position"])


def make_room(siblings: models.QuerySet[Any], position: int) -> int:
    """Open a place at `position` among dense `siblings` for an item coming back (a restored card):
    those at it and after it move one down. Returns the place, at most the end. Call inside a transaction."""
    count = siblings.count()
    position = max(min(position, count), 0)
    if position < count:
        siblings.filter(position__gte=position).update(position=models.F("position") + 1)
    return position
