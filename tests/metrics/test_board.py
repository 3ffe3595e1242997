"""What metrics add to the board: the Metrics lane, the chip on cards, the heat view's parts."""

import re

import pytest
from django.urls import reverse

from journeys.models import LaneKind
from journeys.services import lane_create
from metrics.models import Metric
from metrics.services import card_metric_set, metric_update
from touchpoints.services import touchpoint_create


def _board(client, journey) -> str:
    return client.get(reverse("boards:board", args=[journey.pk])).content.decode()


def test_the_metrics_lane_shows_each_stage_latest_value_trend_and_status(team, journey, csat, record, client_for):
    lane_create(journey=journey, kind=LaneKind.APP, source="metrics")
    first, second = journey.stages.all()[:2]
    for month, value in (("2026-01", "3.0"), ("2026-02", "3.4"), ("2026-03", "4.2")):
        record(csat, journey, value, month=month, stage=first)
    nps = Metric.objects.get(workspace=team.workspace, name="NPS")
    record(nps, journey, -12, stage=second)
    html = _board(client_for(team.viewer), journey)
    assert re.search(r'<li class="metric-trend status-good">\s*<a href="/metrics/\d+/">CSAT</a>\s*<b>4.2</b>', html)
    assert '<svg class="sparkline"' in html
    assert re.search(r'<li class="metric-trend status-bad">\s*<a href="/metrics/\d+/">NPS</a>\s*<b>−12</b>', html)
    assert f'href="/stages/{first.pk}/metrics/"' in html


def test_cards_show_the_card_metric_with_a_mark_readable_without_colour(
    team, journey, csat, record, touchpoint, client_for
):
    record(csat, journey, "3.1", touchpoint=touchpoint)
    client = client_for(team.viewer)
    assert 'class="mc"' not in _board(client, journey)  # no card metric chosen yet
    card_metric_set(journey=journey, metric=csat)
    html = _board(client, journey)
    # Its status in the card's one name, beside the card's other marks, and as a mark drawn in it.
    assert re.search(r'<b role="img" aria-label="[^"]*; CSAT 3.1: Off target">', html)
    assert '<span class="mc" data-s="bad">CSAT 3.1 ✗</span>' in html
    assert 'id="heat-toggle" aria-pressed="false"' in html
    record(csat, journey, "4.8", month="2026-04", touchpoint=touchpoint)
    assert '; CSAT 4.8: On target">' in _board(client, journey)  # the card's cache key follows the value


def test_user_text_in_a_metric_name_is_escaped_on_cards(team, journey, record, touchpoint, client_for):
    from metrics.services import metric_create

    metric = metric_create(workspace=team.workspace, name="<b>x</b>|y", kind="number")
    card_metric_set(journey=journey, metric=metric)
    record(metric, journey, 5, touchpoint=touchpoint)
    html = _board(client_for(team.viewer), journey)
    assert "&lt;b&gt;x&lt;/b&gt;|y 5 ·" in html and "<b>x</b>|y" not in html


@pytest.mark.parametrize("per_stage", [1, 12])
def test_the_board_with_metrics_keeps_its_query_count(
    team, journey, channel, csat, record, client_for, per_stage, django_assert_num_queries
):
    lane_create(journey=journey, kind=LaneKind.APP, source="metrics")
    card_metric_set(journey=journey, metric=csat)
    for stage in journey.stages.all():
        record(csat, journey, 4, stage=stage)
        for index in range(per_stage):
            card = touchpoint_create(stage=stage, channel=channel, title=f"{stage.name} {index}")
            record(csat, journey, 3 + index % 3, touchpoint=card)
    client = client_for(team.editor)
    # the board's 9 (test_board.py) and the Metrics lane's readings: chips come with the cards.
    with django_assert_num_queries(10):
        html = _board(client, journey)
    assert html.count('class="mc"') == 5 * per_stage


def test_a_metric_named_like_a_placeholder_stays_text_on_cards(team, journey, csat, record, touchpoint, client_for):
    # Badges are drawn with their value, so "__VALUE__" in a metric's name is the user's text, not a slot.
    metric_update(metric=csat, name='__VALUE__"><b>x</b>', unit="__VALUE__")
    record(csat, journey, "3.1", touchpoint=touchpoint)
    card_metric_set(journey=journey, metric=csat)
    html = _board(client_for(team.viewer), journey)
    start = html.index(f'id="touchpoint-{touchpoint.pk}"')
    card = html[start : html.index("</li>", start)]
    assert "<b>x</b>" not in card and "&lt;b&gt;x&lt;/b&gt;" in card
    assert card.count("__VALUE__&quot;&gt;&lt;b&gt;x&lt;/b&gt;") == 2  # in the chip, and in the card's name
