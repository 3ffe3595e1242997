"""Presentation mode's page: one stage at a time, what it shows, and who may see it (issue 12)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from journeys.models import LaneKind
from journeys.services import lane_cell_set, lane_create
from metrics.models import Metric
from metrics.services import reading_record
from strategies.services import strategy_create
from touchpoints.services import touchpoint_create

pytestmark = pytest.mark.django_db


def present(client, journey, stage=""):
    return client.get(reverse("guide:present", args=[journey.pk]), {"stage": stage} if stage else {})


def test_one_stage_at_a_time_with_its_cards_strategies_metrics_and_notes(team, journey, touchpoint, client_for):
    stage = touchpoint.stage
    strategy_create(
        journey=journey,
        stage=stage,
        title="Reply within the hour",
        body="**Fast** answers",
        author=team.editor,
        status="active",
    )
    lane = lane_create(journey=journey, kind=LaneKind.TEXT, title="Backstage")
    lane_cell_set(lane=lane, stage=stage, body="The *CRM* sends it", actor=team.editor)
    metric = Metric.objects.get(workspace=team.workspace, name="CSAT")
    reading_record(
        metric=metric, journey=journey, value=Decimal("4.2"), period_start=datetime.date(2026, 11, 1), stage=stage
    )
    client = client_for(team.viewer)
    page = present(client, journey).content.decode()
    assert 'class="presenting"' in page and f'<h1 id="present-stage">{stage.name}</h1>' in page
    assert "Stage 1 of 5" in page and "Promotional e-mail" in page
    assert "Reply within the hour" in page and "<strong>Fast</strong>" in page
    assert "Backstage" in page and "<em>CRM</em>" in page
    assert "CSAT" in page and "4.2" in page
    assert "How customers feel here: 1.0 (from -2 to +2)" in page
    assert 'rel="next"' in page and 'rel="prev"' not in page

    second = present(client, journey, "2").content.decode()
    assert "Stage 2 of 5" in second and 'href="?stage=1"' in second and 'href="?stage=3"' in second
    assert "No cards, so no point on the emotion curve." in second


@pytest.mark.parametrize("value", ["0", "99", "-1", "²", "9" * 5000, "abc"])
def test_a_stage_number_out_of_range_shows_the_nearest_stage(team, journey, client_for, value):
    response = present(client_for(team.viewer), journey, value)
    assert response.status_code == 200 and (
        "Stage 1 of 5" in response.content.decode() or "Stage 5 of 5" in response.content.decode()
    )


def test_only_members_see_it(team, journey, client_for):
    assert present(client_for(team.outsider), journey).status_code == 404
    assert present(client_for(None), journey).status_code == 302


def test_the_same_queries_whatever_the_number_of_cards(
    team, journey, touchpoint, client_for, django_assert_max_num_queries
):
    client = client_for(team.viewer)
    present(client, journey)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        present(client, journey)
    for number in range(15):
        touchpoint_create(stage=touchpoint.stage, channel=touchpoint.channel, title=f"Card {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        present(client, journey)
