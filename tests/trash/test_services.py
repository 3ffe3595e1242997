"""Deleting moves things to the workspace's trash; restoring puts back every row with its id, where it was."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activity.models import BoardActivity
from channels.models import Channel
from comments.models import Comment, Notification, Thread
from evidence.models import Evidence
from journeys.models import Journey, Lane, LaneCell, LaneKind, Stage
from journeys.services import journey_delete, lane_cell_set, lane_create, lane_delete, stage_delete
from metrics.models import Reading
from opportunities.models import Opportunity
from personas.services import persona_delete
from strategies.models import Strategy, StrategyRevision
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create, touchpoint_delete
from trash.models import TrashEntry, TrashKind
from trash.services import trash_entry_purge, trash_entry_restore, trash_expired_purge
from workspaces.models import Membership
from workspaces.services import workspace_delete

pytestmark = pytest.mark.django_db


def titles(stage) -> list[tuple[str, int]]:
    return list(Touchpoint.objects.filter(stage=stage).order_by("position").values_list("title", "position"))


def as_it_is(card: Touchpoint) -> dict:
    """Every field of the card as stored, and what hangs on it."""
    card = Touchpoint.objects.get(pk=card.pk)
    return {
        "row": {field.attname: getattr(card, field.attname) for field in Touchpoint._meta.concrete_fields},
        "personas": sorted(card.personas.values_list("pk", flat=True)),
        "comments": list(Comment.objects.filter(thread__touchpoint=card).values_list("pk", "body", "author_id")),
        "mentions": list(Comment.mentions.through.objects.filter(comment__thread__touchpoint=card).values_list("pk")),
        "notifications": list(Notification.objects.filter(comment__thread__touchpoint=card).values_list("pk")),
        "strategies": list(Strategy.objects.filter(touchpoint=card).values_list("pk", flat=True)),
        "readings": list(Reading.objects.filter(touchpoint=card).values_list("pk", "value")),
        "evidence": list(Evidence.objects.filter(touchpoints=card).values_list("pk", flat=True)),
        "opportunities": list(Opportunity.objects.filter(touchpoints=card).values_list("pk", flat=True)),
    }


def test_a_deleted_card_goes_to_the_trash_and_comes_back_whole(team, journey, linked_card):
    before = as_it_is(linked_card)
    assert all(before[key] for key in ("comments", "mentions", "notifications", "strategies", "readings"))
    strategy = Strategy.objects.get(touchpoint=linked_card)

    entry = touchpoint_delete(touchpoint=linked_card, actor=team.editor)

    assert not Touchpoint.objects.filter(pk=linked_card.pk).exists()
    assert not Comment.objects.filter(pk=before["comments"][0][0]).exists()
    assert not Reading.objects.exists()
    assert Strategy.objects.get(pk=strategy.pk).touchpoint_id is None  # the strategy stays, unlinked
    assert (entry.kind, entry.label, entry.journey_id, entry.journey_title) == (
        TrashKind.CARD,
        "Order confirmation",
        journey.pk,
        "Retail journey",
    )
    assert (entry.place, entry.deleted_by, entry.deleted_by_name, entry.touchpoint_count) == (
        "Awareness",
        team.editor,
        "Eddie",
        1,
    )

    restored = trash_entry_restore(entry=entry, actor=team.owner)

    assert restored.obj.pk == linked_card.pk
    after = as_it_is(linked_card)
    assert {k: v for k, v in after["row"].items() if before["row"][k] != v} == {}
    assert after == before  # ids, timestamps, version and every link as they were
    assert not TrashEntry.objects.exists()


def test_a_restored_card_takes_its_old_place_and_the_cards_after_it_move_down(stage, cards, channel):
    entry = touchpoint_delete(touchpoint=cards[1])
    assert titles(stage) == [("A", 0), ("C", 1), ("D", 2)]
    touchpoint_create(stage=stage, channel=channel, title="E", position=0)

    trash_entry_restore(entry=entry)

    # Back at position 1, where it was; the cards from there on move down.
    assert titles(stage) == [("E", 0), ("B", 1), ("A", 2), ("C", 3), ("D", 4)]


def test_a_card_whose_place_is_past_the_end_now_comes_back_last(stage, cards):
    last = touchpoint_delete(touchpoint=cards[3])
    for card in cards[:3]:
        touchpoint_delete(touchpoint=card)
    trash_entry_restore(entry=last)
    assert titles(stage) == [("D", 0)]


def test_a_card_waits_for_its_stage_to_come_back_first(journey, stage, cards):
    card_entry = touchpoint_delete(touchpoint=cards[2])
    stage_entry = stage_delete(stage=stage)

    with pytest.raises(ValidationError) as refused:
        trash_entry_restore(entry=card_entry)
    assert "Its stage “Awareness” has been deleted: restore the stage first" in refused.value.messages[0]
    assert TrashEntry.objects.filter(pk=card_entry.pk).exists()  # still in the trash: nothing was written

    trash_entry_restore(entry=stage_entry)
    trash_entry_restore(entry=card_entry)
    assert titles(stage) == [("A", 0), ("B", 1), ("C", 2), ("D", 3)]


def test_restoring_an_entry_twice_is_refused_the_second_time(stage, cards):
    entry = touchpoint_delete(touchpoint=cards[0])
    trash_entry_restore(entry=entry)
    with pytest.raises(ValidationError, match="just been restored or deleted forever"):
        trash_entry_restore(entry=entry)
    assert titles(stage) == [("A", 0), ("B", 1), ("C", 2), ("D", 3)]


def test_a_stage_comes_back_at_its_place_with_its_cards_and_its_strategy(team, journey, cards, linked_card):
    stage = linked_card.stage
    strategy = Strategy.objects.create(journey=journey, stage=stage, title="Stage-wide", owner=team.owner)
    names = list(journey.stages.order_by("position").values_list("name", flat=True))

    entry = stage_delete(stage=stage, actor=team.owner)
    assert entry.touchpoint_count == 5
    assert list(journey.stages.order_by("position").values_list("position", flat=True)) == [0, 1, 2, 3]
    assert Strategy.objects.get(pk=strategy.pk).stage_id is None

    trash_entry_restore(entry=entry, actor=team.owner)

    assert list(journey.stages.order_by("position").values_list("name", "position")) == [
        (name, index) for index, name in enumerate(names)
    ]
    assert titles(stage) == [("A", 0), ("B", 1), ("C", 2), ("D", 3), ("Order confirmation", 4)]
    assert Strategy.objects.get(pk=strategy.pk).stage_id == stage.pk
    assert Comment.objects.filter(thread__touchpoint=linked_card).exists()


def test_a_whole_map_comes_back_with_its_strategies_and_their_revisions(team, journey, linked_card, cards):
    lane = lane_create(journey=journey, kind=LaneKind.TEXT, title="Backstage")
    lane_cell_set(lane=lane, stage=linked_card.stage, body="The warehouse packs it", actor=team.editor)
    strategy = Strategy.objects.get(touchpoint=linked_card)
    revisions = list(strategy.revisions.order_by("number").values_list("pk", "number", "body"))
    assert len(revisions) == 2

    def contents():
        return {
            "stages": list(Stage.objects.filter(journey=journey).values_list("pk", "name", "position")),
            "lanes": list(Lane.objects.filter(journey=journey).values_list("pk", "kind", "position")),
            "cells": list(LaneCell.objects.filter(lane__journey=journey).values_list("pk", "body")),
            "cards": list(Touchpoint.objects.filter(stage__journey=journey).values_list("pk", "title", "position")),
            "personas": list(journey.personas.values_list("pk", flat=True)),
            "strategies": list(Strategy.objects.filter(journey=journey).values_list("pk", "touchpoint_id", "version")),
            "revisions": list(StrategyRevision.objects.filter(journey=journey).values_list("pk", "number", "body")),
            "threads": list(Thread.objects.filter(touchpoint__stage__journey=journey).values_list("pk", flat=True)),
            "activity": list(BoardActivity.objects.filter(journey=journey).values_list("pk", flat=True)),
            "card": as_it_is(linked_card),
        }

    before = contents()
    entry = journey_delete(journey=journey, actor=team.owner)

    assert not Journey.objects.filter(pk=journey.pk).exists()
    assert not StrategyRevision.objects.exists() and not Touchpoint.objects.exists()
    assert (entry.kind, entry.label, entry.touchpoint_count) == (TrashKind.MAP, "Retail journey", 5)

    restored = trash_entry_restore(entry=entry, actor=team.owner)

    assert restored.obj.pk == journey.pk and restored.touchpoint_ids is None
    after = contents()
    assert after == before
    assert sorted(after["revisions"]) == revisions


def test_a_lane_comes_back_at_its_row_with_its_texts(team, journey, stage):
    lane = lane_create(journey=journey, kind=LaneKind.TEXT, title="Backstage", position=1)
    lane_cell_set(lane=lane, stage=stage, body="Packing", actor=team.editor)
    rows = list(Lane.objects.filter(journey=journey).order_by("position").values_list("pk", flat=True))

    entry = lane_delete(lane=lane, actor=team.editor)
    assert (entry.kind, entry.label) == (TrashKind.LANE, "Backstage")
    trash_entry_restore(entry=entry)

    assert list(Lane.objects.filter(journey=journey).order_by("position").values_list("pk", flat=True)) == rows
    assert list(Lane.objects.filter(journey=journey).order_by("position").values_list("position", flat=True)) == list(
        range(len(rows))
    )
    assert LaneCell.objects.get(lane=lane).body == "Packing"


def test_a_lane_the_map_has_again_meanwhile_is_refused(journey):
    curve = Lane.objects.get(journey=journey, kind=LaneKind.CURVE)
    entry = lane_delete(lane=curve)
    lane_create(journey=journey, kind=LaneKind.CURVE)
    with pytest.raises(ValidationError) as refused:
        trash_entry_restore(entry=entry)
    assert refused.value.messages == ["This map already has this lane."]


def test_a_card_comes_back_without_what_is_gone_since(team, journey, persona, linked_card):
    """Its owner left the workspace, its persona was deleted: the card comes back without them."""
    Touchpoint.objects.filter(pk=linked_card.pk).update(owner=team.viewer)
    entry = touchpoint_delete(touchpoint=linked_card)
    Membership.objects.filter(workspace=team.workspace, user=team.viewer).delete()
    persona_delete(persona=persona)

    trash_entry_restore(entry=entry)

    card = Touchpoint.objects.get(pk=linked_card.pk)
    assert card.owner is None and list(card.personas.all()) == []
    assert Comment.objects.filter(thread__touchpoint=card).exists()


def test_a_card_whose_channel_was_deleted_since_is_refused_saying_so(team, stage):
    channel = Channel.objects.create(workspace=team.workspace, name="Fax", position=99)
    card = touchpoint_create(stage=stage, channel=channel, title="Fax the order")
    entry = touchpoint_delete(touchpoint=card)
    channel.delete()
    with pytest.raises(ValidationError, match="the channel it needs has been deleted since"):
        trash_entry_restore(entry=entry)


def test_the_activity_feed_records_the_delete_and_the_restore(team, journey, cards):
    entry = touchpoint_delete(touchpoint=cards[0], actor=team.editor)
    trash_entry_restore(entry=entry, actor=team.owner)
    recorded = list(
        BoardActivity.objects.filter(journey=journey, target_id=cards[0].pk)
        .order_by("id")
        .values_list("action", "actor_name")
    )
    assert recorded[-2:] == [("deleted", "Eddie"), ("restored", "Olivia")]


def test_delete_forever_and_a_workspace_delete_empty_the_trash(team, journey, cards):
    first = touchpoint_delete(touchpoint=cards[0])
    trash_entry_purge(entry=first)
    assert not TrashEntry.objects.filter(pk=first.pk).exists()
    touchpoint_delete(touchpoint=cards[1])
    workspace_delete(workspace=team.workspace)
    assert not TrashEntry.objects.exists()


def test_the_purge_deletes_forever_what_is_older_than_30_days(team, cards, settings):
    now = timezone.now()
    old, young = touchpoint_delete(touchpoint=cards[0]), touchpoint_delete(touchpoint=cards[1])
    TrashEntry.objects.filter(pk=old.pk).update(deleted_at=now - datetime.timedelta(days=30, seconds=1))
    TrashEntry.objects.filter(pk=young.pk).update(deleted_at=now - datetime.timedelta(days=29, hours=23))

    assert trash_expired_purge(now=now) == 1
    assert list(TrashEntry.objects.values_list("pk", flat=True)) == [young.pk]
    assert trash_expired_purge(now=now + datetime.timedelta(hours=2)) == 1
    assert not TrashEntry.objects.exists()


def test_the_purge_runs_every_hour_in_celery_beat(settings):
    from config.celery import app

    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["trash.tasks.trash_empty_expired"] == 3600.0
    app.loader.import_default_modules()
    assert "trash.tasks.trash_empty_expired" in app.tasks


def test_a_restored_card_counts_its_kept_badges_again(team, journey, linked_card):
    """What the card's badges counted changed while it was in the trash: an evidence item was deleted."""
    from evidence.services import evidence_delete
    from tests.boards.test_kept_badges import assert_kept_as_read

    entry = touchpoint_delete(touchpoint=linked_card)
    evidence_delete(evidence=Evidence.objects.get())
    trash_entry_restore(entry=entry)
    assert_kept_as_read(journey, linked_card)
