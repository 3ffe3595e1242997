"""Every write to a board publishes one event naming what changed, after the commit."""

import asyncio

import pytest
from django.db import transaction
from django.urls import reverse

from journeys import services as journey_services
from journeys.events import MapEvent
from live.broker import InProcessBroker, select_since
from live.events import BoardEvent, board_cursor, publish_board_event
from touchpoints import services as touchpoint_services
from touchpoints.services import touchpoint_create

HTMX = {"HTTP_HX_REQUEST": "true"}


def published(broker, journey) -> list[BoardEvent]:
    return asyncio.run(broker.since(journey.pk, "0")) or []


def test_an_event_is_published_only_when_the_transaction_commits(
    live_broker, journey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish_board_event(journey.pk, kind=MapEvent.STAGE_UPDATED, stage_ids=[7])
        assert published(live_broker, journey) == []
    [event] = published(live_broker, journey)
    assert (event.kind, event.stages, event.board, event.id) == ("stage.updated", [7], False, "1")


def test_a_rolled_back_change_publishes_nothing(live_broker, journey, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        publish_board_event(journey.pk, kind=MapEvent.STAGE_UPDATED, stage_ids=[7])
        raise RuntimeError("the write failed")
    assert published(live_broker, journey) == []
    assert board_cursor(journey.pk) == "0"


def test_each_write_to_a_board_names_the_columns_it_changed(
    live_broker, journey, channel, touchpoint, django_capture_on_commit_callbacks
):
    first, second = journey.stages.order_by("position")[:2]
    with django_capture_on_commit_callbacks(execute=True):
        card = touchpoint_create(stage=second, channel=channel, title="Store visit")
        card_id = card.pk
        touchpoint_services.touchpoint_update(touchpoint=card, title="Store visit, evening")
        touchpoint_services.touchpoint_move(touchpoint=touchpoint, stage=second, position=0)
        touchpoint_services.touchpoint_delete(touchpoint=card)
        journey_services.stage_update(stage=first, name="Discovery")
        new_stage = journey_services.stage_create(journey=journey, name="Advocacy")
        new_stage_id = new_stage.pk
        journey_services.stage_move(stage=new_stage, position=0)
        journey_services.stage_delete(stage=new_stage)
        journey_services.journey_update(journey=journey, title="Retail journey 2")
    events = [(e.kind, e.stages, e.touchpoint, e.board) for e in published(live_broker, journey)]
    assert events == [
        ("touchpoint.created", [second.pk], card_id, False),
        ("touchpoint.updated", [second.pk], card_id, False),
        ("touchpoint.moved", sorted([first.pk, second.pk]), touchpoint.pk, False),
        ("touchpoint.deleted", [second.pk], card_id, False),
        ("stage.updated", [first.pk], None, False),
        ("stage.created", [new_stage_id], None, True),
        ("stage.moved", [new_stage_id], None, True),
        ("stage.deleted", [new_stage_id], None, True),
        ("journey.updated", [], None, True),
    ]
    assert board_cursor(journey.pk) == "9"


def test_an_edit_that_changes_the_stage_names_both_columns(
    live_broker, journey, touchpoint, django_capture_on_commit_callbacks
):
    source = touchpoint.stage
    target = journey.stages.get(position=3)
    with django_capture_on_commit_callbacks(execute=True):
        touchpoint_services.touchpoint_update(touchpoint=touchpoint, stage=target, title="Moved by its form")
    stages = set()
    for event in published(live_broker, journey):
        stages.update(event.stages)
    assert stages == {source.pk, target.pk}


def test_the_event_says_which_user_and_browser_tab_made_the_change(
    live_broker, team, journey, touchpoint, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.editor).post(
            reverse("boards:touchpoint_move", args=[touchpoint.pk]),
            {"direction": "next"},
            HTTP_X_LIVE_CLIENT="tab-1234",
            **HTMX,
        )
    assert response.status_code == 200
    [event] = published(live_broker, journey)
    assert (event.kind, event.actor, event.origin) == ("touchpoint.moved", team.editor.pk, "tab-1234")


def test_a_tab_id_that_is_not_a_plain_token_is_ignored(
    live_broker, team, journey, touchpoint, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(team.editor).post(
            reverse("boards:touchpoint_move", args=[touchpoint.pk]),
            {"direction": "next"},
            HTTP_X_LIVE_CLIENT='"><script>',
            **HTMX,
        )
    [event] = published(live_broker, journey)
    assert event.origin == ""


def test_a_board_write_still_saves_when_events_cannot_be_published(
    settings, journey, touchpoint, django_capture_on_commit_callbacks
):
    from live import broker as broker_module

    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    broker_module.reset_broker()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            touchpoint_services.touchpoint_update(touchpoint=touchpoint, title="Saved anyway")
    finally:
        broker_module.reset_broker()
    touchpoint.refresh_from_db()
    assert touchpoint.title == "Saved anyway"


def _log(*ids):
    return [BoardEvent(journey=1, kind="x", id=str(n)) for n in ids]


@pytest.mark.parametrize(
    ("log", "current", "after", "expected"),
    [
        (_log(1, 2, 3), 3, "1", ["2", "3"]),
        (_log(1, 2, 3), 3, "3", []),
        (_log(1, 2, 3), 3, "0", ["1", "2", "3"]),
        (_log(5, 6), 6, "2", None),  # older than the log: it was trimmed
        (_log(1, 2), 2, "9", None),  # ahead of the sequence: it restarted
        (_log(1, 2), 2, "abc", None),
        ([], 0, "0", []),
    ],
)
def test_catching_up_gives_the_missed_events_or_says_it_cannot(log, current, after, expected):
    found = select_since(log, current, after)
    assert (None if found is None else [event.id for event in found]) == expected


def test_the_in_process_log_keeps_the_latest_events():
    broker = InProcessBroker(log_size=3)
    for _ in range(5):
        broker.publish(BoardEvent(journey=1, kind="x"))
    assert asyncio.run(broker.since(1, "1")) is None
    assert [event.id for event in asyncio.run(broker.since(1, "2"))] == ["3", "4", "5"]


def test_strategy_changes_name_the_column_they_show_in(
    live_broker, team, journey, touchpoint, django_capture_on_commit_callbacks
):
    from strategies.services import strategy_create, strategy_review, strategy_update

    with django_capture_on_commit_callbacks(execute=True):
        on_card = strategy_create(
            journey=journey, title="Answer within an hour", author=team.owner, touchpoint=touchpoint
        )
        strategy_update(strategy=on_card, author=team.owner, title="Answer within 30 minutes")
        strategy_review(strategy=on_card, author=team.owner)
        strategy_create(journey=journey, title="One voice everywhere", author=team.owner)
    events = [(e.kind, e.stages, e.touchpoint, e.board) for e in published(live_broker, journey)]
    on_card_event = ("strategy.changed", [touchpoint.stage_id], touchpoint.pk, False)
    assert events == [on_card_event, on_card_event, on_card_event, ("strategy.changed", [], None, True)]


def test_lane_and_text_cell_writes_name_what_they_change(live_broker, journey, django_capture_on_commit_callbacks):
    stage = journey.stages.order_by("position").first()
    with django_capture_on_commit_callbacks(execute=True):
        lane = journey_services.lane_create(journey=journey, kind="text", title="Backstage")
        journey_services.lane_cell_set(lane=lane, stage=stage, body="Ships the order")
        journey_services.lane_update(lane=lane, hidden=True)
        journey_services.lane_move(lane=lane, position=0)
        journey_services.lane_delete(lane=lane)
    events = [(e.kind, e.stages, e.board) for e in published(live_broker, journey)]
    assert events == [
        (MapEvent.LANES_CHANGED, [], True),
        (MapEvent.CELL_UPDATED, [stage.pk], False),
        (MapEvent.LANES_CHANGED, [], True),
        (MapEvent.LANES_CHANGED, [], True),
        (MapEvent.LANES_CHANGED, [], True),
    ]
