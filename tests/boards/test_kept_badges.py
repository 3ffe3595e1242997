"""Kept badges: the card badges whose values the board reads from `CardBadges` rather than computing
them per card on every read. Every write that changes what one of them shows stores it again, in its
own transaction: after each, the stored values are those the badge's own expression reads."""

import datetime
import json
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models.functions import Length
from django.urls import reverse

from boards.extensions import Badge, BadgeTarget, board_extensions
from boards.models import CardBadges
from boards.services import card_badges_fill, card_badges_refresh
from comments.services import comment_create, comment_delete
from evidence.services import card_confidence_set, evidence_create, evidence_delete, evidence_update
from metrics.models import Metric
from metrics.services import card_metric_set, metric_delete, metric_update, reading_delete, reading_update
from opportunities.services import opportunity_create, opportunity_delete, opportunity_update
from strategies.models import StrategyStatus
from strategies.services import strategy_create, strategy_restore, strategy_retire
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create

KEPT = ["card_metric", "strategy_count", "evidence_summary", "open_opportunities", "comment_count"]
THREADS = 6


def live_values(journey) -> dict[int, dict]:
    """What each card's kept badges read now, through their own expressions."""
    annotations = board_extensions.annotations(BadgeTarget.CARD, journey, kept=True)
    rows = Touchpoint.objects.filter(stage__journey=journey).annotate(**annotations).values_list("pk", *annotations)
    return {row[0]: dict(zip(annotations, row[1:], strict=True)) for row in rows}


def kept_values(journey) -> dict[int, dict]:
    stored = CardBadges.objects.filter(touchpoint__stage__journey=journey).values_list("touchpoint_id", "values")
    return {pk: json.loads(values) for pk, values in stored}


def assert_kept_as_read(journey, touchpoint) -> dict:
    """The card's stored values are what its badges read now; returns them."""
    stored = kept_values(journey)
    assert touchpoint.pk in stored
    assert stored[touchpoint.pk] == live_values(journey)[touchpoint.pk]
    return stored[touchpoint.pk]


def board(client, journey) -> str:
    return client.get(reverse("boards:board", args=[journey.pk])).content.decode()


def test_the_projects_card_badges_are_kept_and_only_they_are_left_out_of_the_cards_query(journey):
    assert [badge.key for badge in board_extensions.badges(BadgeTarget.CARD) if badge.kept] == KEPT
    assert list(board_extensions.annotations(BadgeTarget.CARD, journey)) == []
    assert list(board_extensions.annotations(BadgeTarget.CARD, journey, kept=True)) == KEPT


def test_only_card_badges_can_be_kept():
    with pytest.raises(ValueError):
        board_extensions.add_badge(
            Badge(key="kept_stage", target=BadgeTarget.STAGE, value=lambda j: Length("name"), template="x", kept=True)
        )


def test_a_new_card_has_no_row_and_shows_no_kept_badge(team, journey, touchpoint, client_for):
    assert not CardBadges.objects.filter(touchpoint=touchpoint).exists()
    html = board(client_for(team.viewer), journey)
    assert f'id="touchpoint-{touchpoint.pk}"' in html
    assert "💬" not in html and 'class="ev' not in html and 'class="mc"' not in html


def test_a_comment_added_and_deleted_is_counted_on_the_card(team, journey, touchpoint, client_for):
    comment = comment_create(target=touchpoint, author=team.editor, body="Check the subject line")
    assert assert_kept_as_read(journey, touchpoint)["comment_count"] == 1
    assert "💬 1" in board(client_for(team.viewer), journey)
    comment_delete(comment=comment, user=team.editor)
    assert assert_kept_as_read(journey, touchpoint)["comment_count"] == 0
    assert "💬" not in board(client_for(team.viewer), journey)


def test_evidence_linked_unlinked_and_deleted_and_a_chosen_confidence_are_kept(team, journey, touchpoint, channel):
    other = touchpoint_create(stage=touchpoint.stage, channel=channel, title="Store visit")
    item = evidence_create(
        journey=journey,
        touchpoints=[touchpoint],
        kind="survey",
        text="Too many e-mails",
        observed_on=datetime.date(2026, 3, 1),
    )
    assert assert_kept_as_read(journey, touchpoint)["evidence_summary"].startswith("1|")
    item = evidence_update(evidence=item, touchpoints=[other])  # moved from one card to the other
    assert assert_kept_as_read(journey, touchpoint)["evidence_summary"].startswith("0|")
    assert assert_kept_as_read(journey, other)["evidence_summary"].startswith("1|")
    card_confidence_set(touchpoint=touchpoint, level="validated")
    assert assert_kept_as_read(journey, touchpoint)["evidence_summary"] == "0|validated"
    evidence_delete(evidence=item)
    assert assert_kept_as_read(journey, other)["evidence_summary"].startswith("0|")


def test_an_opportunitys_cards_count_it_while_it_is_open(team, journey, touchpoint, client_for):
    item = opportunity_create(journey=journey, touchpoints=[touchpoint], title="Fewer e-mails", impact=3, effort=2)
    assert assert_kept_as_read(journey, touchpoint)["open_opportunities"] == 1
    assert "⚑ 1" in board(client_for(team.viewer), journey)
    item = opportunity_update(opportunity=item, status="done")
    assert assert_kept_as_read(journey, touchpoint)["open_opportunities"] == 0
    item = opportunity_update(opportunity=item, status="idea")
    assert assert_kept_as_read(journey, touchpoint)["open_opportunities"] == 1
    item = opportunity_update(opportunity=item, touchpoints=[])
    assert assert_kept_as_read(journey, touchpoint)["open_opportunities"] == 0
    item = opportunity_update(opportunity=item, touchpoints=[touchpoint])
    opportunity_delete(opportunity=item)
    assert assert_kept_as_read(journey, touchpoint)["open_opportunities"] == 0


def test_a_cards_strategies_are_counted_while_current(team, journey, touchpoint):
    strategy = strategy_create(
        journey=journey, title="Send less", author=team.editor, touchpoint=touchpoint, status=StrategyStatus.ACTIVE
    )
    assert assert_kept_as_read(journey, touchpoint)["strategy_count"] == 1
    strategy = strategy_retire(strategy=strategy, author=team.editor, change_note="Done")
    assert assert_kept_as_read(journey, touchpoint)["strategy_count"] == 0
    strategy_restore(strategy=strategy, number=1, author=team.editor)
    assert assert_kept_as_read(journey, touchpoint)["strategy_count"] == 1


def test_the_card_metric_chip_follows_readings_the_maps_choice_and_the_metrics_changes(
    team, journey, touchpoint, csat, record, client_for
):
    reading = record(csat, journey, 3, touchpoint=touchpoint)
    assert assert_kept_as_read(journey, touchpoint)["card_metric"] is None  # no card metric chosen yet
    card_metric_set(journey=journey, metric=csat)
    assert assert_kept_as_read(journey, touchpoint)["card_metric"].startswith("bad|3")
    record(csat, journey, 4.5, month="2026-04", touchpoint=touchpoint)
    assert assert_kept_as_read(journey, touchpoint)["card_metric"].startswith("good|4.5")
    metric_update(metric=csat, target=Decimal("4.8"))
    assert assert_kept_as_read(journey, touchpoint)["card_metric"].startswith("warn|4.5")
    reading_update(reading=reading, period_start=datetime.date(2026, 5, 1), recorded_by=team.editor)
    assert assert_kept_as_read(journey, touchpoint)["card_metric"].startswith("bad|3")
    reading_delete(reading=reading)
    assert assert_kept_as_read(journey, touchpoint)["card_metric"].startswith("warn|4.5")
    assert "CSAT 4.5" in board(client_for(team.viewer), journey)
    card_metric_set(journey=journey, metric=None)
    assert assert_kept_as_read(journey, touchpoint)["card_metric"] is None
    card_metric_set(journey=journey, metric=csat)
    metric_delete(metric=Metric.objects.get(pk=csat.pk))
    assert assert_kept_as_read(journey, touchpoint)["card_metric"] is None
    assert 'class="mc"' not in board(client_for(team.viewer), journey)


def test_a_refresh_of_the_whole_map_stores_every_card_and_fill_finds_the_cards_never_stored(
    team, journey, touchpoint, channel
):
    touchpoint_create(stage=touchpoint.stage, channel=channel, title="Store visit")
    comment_create(target=touchpoint, author=team.editor, body="One")
    CardBadges.objects.all().delete()  # as in a database older than the table
    assert card_badges_fill() == 2
    assert kept_values(journey) == live_values(journey)
    assert card_badges_fill() == 0  # nothing left to store
    card_badges_refresh(journey=journey)
    assert kept_values(journey) == live_values(journey)


def test_fill_stores_again_the_rows_that_miss_a_badge_kept_since(team, journey, touchpoint):
    comment_create(target=touchpoint, author=team.editor, body="One")
    CardBadges.objects.filter(touchpoint=touchpoint).update(values=json.dumps({"comment_count": 1}))
    assert card_badges_fill() == 1
    assert assert_kept_as_read(journey, touchpoint)["comment_count"] == 1


def test_the_board_reads_kept_badges_without_a_query_of_their_own(
    team, journey, channel, client_for, django_assert_num_queries
):
    stage = journey.stages.first()
    for index in range(6):
        card = touchpoint_create(stage=stage, channel=channel, title=f"Card {index}")
        comment_create(target=card, author=team.editor, body="Noted")
    client = client_for(team.editor)
    with django_assert_num_queries(9):  # the same 9 as without kept badges (tests/boards/test_board.py)
        html = client.get(reverse("boards:board", args=[journey.pk])).content.decode()
    assert html.count("💬 1") == 6


@pytest.mark.django_db(transaction=True)
def test_comments_added_to_one_card_at_once_are_all_counted(team, journey, touchpoint):
    """Each refresh locks the card's row before it counts: the last to commit counts what the others
    committed (PostgreSQL; SQLite lets one writer in at a time anyway)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL)")
    comment_create(target=touchpoint, author=team.editor, body="First")  # the thread exists
    start = threading.Barrier(THREADS)
    errors = []

    def comment(number):
        try:
            start.wait()
            comment_create(target=touchpoint, author=team.editor, body=f"At once {number}")
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=comment, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert assert_kept_as_read(journey, touchpoint)["comment_count"] == THREADS + 1
