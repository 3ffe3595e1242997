"""Comment threads on strategies: the same rules as on touchpoints."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from comments.models import Comment, Notification, Thread
from comments.services import comment_create
from strategies.services import strategy_create


@pytest.fixture
def strategy(journey, team):
    return strategy_create(
        journey=journey, stage=journey.stages.get(position=0), title="Answer every review", author=team.editor
    )


def thread_url(strategy):
    return reverse("comments:strategy_thread", args=[strategy.pk])


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), (None, 302)]
)
def test_reading_a_strategy_thread(team, strategy, client_for, who, status):
    comment_create(target=strategy, author=team.owner, body="Within two days is ambitious")
    response = client_for(team.users.get(who)).get(thread_url(strategy))
    assert response.status_code == status
    if status == 200:
        assert "Within two days is ambitious" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 302), ("editor", 302), ("viewer", 302), ("outsider", 404), (None, 302)]
)
def test_commenting_on_a_strategy(team, strategy, client_for, who, status):
    response = client_for(team.users.get(who)).post(thread_url(strategy), {"body": "Agreed"})
    assert response.status_code == status
    assert Comment.objects.filter(body="Agreed", thread__strategy=strategy).exists() == (
        status == 302 and who is not None
    )


def test_the_strategy_panel_shows_each_strategys_comment_count(team, journey, strategy, client_for):
    comment_create(target=strategy, author=team.owner, body="One")
    comment_create(target=strategy, author=team.viewer, body="Two")
    stage = journey.stages.get(position=0)
    page = (
        client_for(team.viewer)
        .get(reverse("strategies:stage_strategies", args=[stage.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert f'<span id="comment-count-strategy-{strategy.pk}">2</span>' in page
    assert f'hx-get="{thread_url(strategy)}"' in page
    assert f'aria-labelledby="comments-button-strategy-{strategy.pk} strategy-{strategy.pk}-title"' in page


def test_a_mention_on_a_strategy_reaches_the_inbox(team, strategy, client_for):
    comment_create(target=strategy, author=team.editor, body="@vera have a look")
    notification = Notification.objects.get()
    assert notification.recipient == team.viewer
    page = client_for(team.viewer).get(reverse("comments:inbox")).content.decode()
    assert "mentioned you on “Answer every review”" in page and thread_url(strategy) in page


def test_a_strategy_and_a_touchpoint_keep_separate_threads(team, strategy, touchpoint):
    comment_create(target=strategy, author=team.owner, body="On the strategy")
    comment_create(target=touchpoint, author=team.owner, body="On the card")
    assert Thread.objects.count() == 2
    assert Thread.objects.get(strategy=strategy).comments.get().body == "On the strategy"


def test_a_thread_has_exactly_one_target(team, strategy, touchpoint):
    for targets in ({}, {"strategy": strategy, "touchpoint": touchpoint}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Thread.objects.create(workspace=team.workspace, **targets)
