"""What the board does when something below it changes."""

from django.db import transaction

from journeys.models import Journey
from live.broker import get_broker

from .services import card_badges_fill, card_badges_refresh


def end_streams_of_former_member(sender, *, workspace_id: int, user_id: int, **kwargs) -> None:
    """A member removed from a workspace: its boards' streams check who may still read them (theirs
    end, with `revoked`), once the removal is committed."""

    def wake_the_streams():
        broker = get_broker()
        for journey_id in Journey.objects.filter(workspace_id=workspace_id).values_list("pk", flat=True):
            broker.publish_presence(journey_id)

    transaction.on_commit(wake_the_streams)


def fill_card_badges(sender, *, apps=None, plan=None, **kwargs) -> None:
    """After `migrate` (and `flush`): the cards whose kept badges were never stored (those of a database
    older than the table, or of a badge newly kept) get them (boards.services.card_badges_fill). Not
    after migrations were unapplied: the tables the badges read may be gone."""
    if any(backwards for _migration, backwards in plan or []):
        return
    if apps is not None:
        try:
            apps.get_model("boards", "CardBadges")
        except LookupError:
            return
    card_badges_fill()


def count_restored_card_badges(sender, *, restored, **kwargs) -> None:
    """Cards back from the trash: their kept badges are counted again (what they counted may have
    changed while they were in the trash: an evidence item deleted meanwhile)."""
    if restored.touchpoint_ids is None or restored.touchpoint_ids:
        card_badges_refresh(journey=restored.journey_id, touchpoint_ids=restored.touchpoint_ids)
