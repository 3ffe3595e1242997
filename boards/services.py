"""Writes of the board: the kept values of the cards' badges (boards.extensions, `Badge.kept`).

The board reads a kept badge's value with the card, from `CardBadges`, rather than computing it with a
subquery per card on every read. The services that change what a kept badge counts (a card's evidence,
readings, opportunities, strategies, comments) call `card_badges_refresh` for the cards they changed,
in their own transaction; imports call it for the whole map. A value is never worked out apart from
the badge: the refresh reads each kept badge's own expression, as the board read it before.
"""

import json
from collections.abc import Iterable

from django.db import transaction

from journeys.models import Journey
from touchpoints.models import Touchpoint

from .extensions import BadgeTarget, board_extensions
from .models import CardBadges


@transaction.atomic
def card_badges_refresh(*, journey: Journey | int, touchpoint_ids: Iterable[int] | None = None) -> None:
    """Compute again and keep the values of the kept card badges of these cards of the map `journey` (a
    map or its id; every card of the map when `touchpoint_ids` is None).

    The cards' rows of `CardBadges` are locked before their values are read, so two changes to one
    card at once are counted one after the other: the second reads what the first committed.

    Queries: the lock (which also creates missing rows), the values, their writing; and the map, when
    given by id and a kept badge depends on the map.
    """
    kept = [badge for badge in board_extensions.badges(BadgeTarget.CARD) if badge.kept]
    if not kept:
        return
    journey_id = journey if isinstance(journey, int) else journey.pk
    cards = Touchpoint.objects.filter(stage__journey_id=journey_id)
    if touchpoint_ids is not None:
        ids = sorted({int(pk) for pk in touchpoint_ids if pk is not None})
        if not ids:
            return
        cards = cards.filter(pk__in=ids)
    else:
        ids = sorted(cards.values_list("pk", flat=True))
        if not ids:
            return
    # An upsert takes each row's lock (creating the missing rows), in one order; the values it writes
    # are replaced below, in this transaction.
    CardBadges.objects.bulk_create(
        [CardBadges(touchpoint_id=pk) for pk in ids],
        update_conflicts=True,
        unique_fields=["touchpoint"],
        update_fields=["values"],
    )
    if isinstance(journey, int) and any(badge.per_map for badge in kept):
        journey = Journey.objects.get(pk=journey_id)
    annotations = board_extensions.annotations(BadgeTarget.CARD, journey, kept=True)
    keys = list(annotations)
    rows = cards.annotate(**annotations).order_by("pk").values_list("pk", *keys)
    values = [
        CardBadges(touchpoint_id=row[0], values=json.dumps(dict(zip(keys, row[1:], strict=True)), sort_keys=True))
        for row in rows
    ]
    CardBadges.objects.bulk_create(
        values, update_conflicts=True, unique_fields=["touchpoint"], update_fields=["values"]
    )


def card_badges_fill() -> int:
    """Keep the badge values of the cards that have none, or not every kept badge's (after the migration
    that made the table, or a badge newly kept): run after every `migrate`. Returns how many it wrote."""
    keys = {badge.key for badge in board_extensions.badges(BadgeTarget.CARD) if badge.kept}
    if not keys:
        return 0
    stored = dict(CardBadges.objects.values_list("touchpoint_id", "values"))
    wanted: dict[int, list[int]] = {}
    for pk, journey_id in Touchpoint.objects.values_list("pk", "stage__journey_id").iterator():
        if pk not in stored or not keys <= json.loads(stored[pk]).keys():
            wanted.setdefault(journey_id, []).append(pk)
    for journey_id, ids in wanted.items():
        card_badges_refresh(journey=journey_id, touchpoint_ids=ids)
    return sum(len(ids) for ids in wanted.values())
