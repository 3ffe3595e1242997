"""The onboarding guide: walking through stages, read tracking, re-read flags, stale stages, the managers' view."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guide.models import StageRead, StageReview
from guide.selectors import guide_progress, guide_stages, with_stale_flag
from guide.services import stage_mark_read, stage_mark_reviewed
from journeys.models import Stage
from strategies.models import Strategy, StrategyStatus
from strategies.selectors import with_stage_strategy_count, with_touchpoint_strategy_count
from strategies.services import strategy_create, strategy_review
from tests.strategies.strategy_fixtures import *  # noqa: F403
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create, touchpoint_update
from workspaces.services import membership_set


def make_old(journey, days=400):
    """Stages created long ago and strategies reviewed long ago, so only what the test does counts as a review."""
    long_ago = timezone.now() - datetime.timedelta(days=days)
    Stage.objects.filter(journey=journey).update(created_at=long_ago)
    Strategy.objects.filter(journey=journey).update(last_reviewed_on=timezone.localdate(long_ago))


def read_all(journey, user):
    for stage in journey.stages.all():
        stage_mark_read(stage=stage, user=user)


# ---- walking through the guide -----------------------------------------------------------------------------------


def test_a_guide_stage_shows_its_content_and_only_active_strategies(client_for, team, journey, touchpoint):
    stage = journey.stages.get(position=1)
    card = touchpoint_create(
        stage=stage,
        channel=touchpoint.channel,
        title="Price comparison site",
        pain_points="Prices differ between web and store",
        opportunities="Price-match promise",
    )
    strategy_create(
        journey=journey,
        stage=stage,
        title="Match prices",
        body="We **match** prices.",
        status=StrategyStatus.ACTIVE,
        author=team.owner,
    )
    strategy_create(journey=journey, stage=stage, title="Half-baked idea", author=team.owner)
    strategy_create(
        journey=journey, touchpoint=card, title="Answer on the site", status=StrategyStatus.ACTIVE, author=team.owner
    )
    response = client_for(team.viewer).get(reverse("guide:stage", args=[stage.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stage 2 of 5" in html
    assert "Consideration" in html and stage.customer_goal in html
    for question in stage.guiding_question_list:
        assert question.replace("'", "&#x27;") in html
    assert "Prices differ between web and store" in html and "Price-match promise" in html
    assert "We <strong>match</strong> prices." in html and "Answer on the site" in html
    assert "Half-baked idea" not in html
    assert "Previous: Awareness" in html and "Next: Purchase" in html
    assert "Mark stage reviewed" not in html  # viewers review nothing


def test_marking_stages_read_walks_to_the_end_and_finishes(client_for, team, journey):
    client = client_for(team.viewer)
    stages = list(journey.stages.order_by("position"))
    for current, following in zip(stages, [*stages[1:], None], strict=True):
        response = client.post(reverse("guide:stage_read", args=[current.pk]))
        expected = reverse("guide:stage", args=[following.pk]) if following else reverse("guide:map", args=[journey.pk])
        assert response["Location"] == expected
    assert StageRead.objects.filter(user=team.viewer).count() == 5
    assert "You have read every stage of this map." in client.get(expected).content.decode()


def test_the_guide_index_shows_where_to_continue(client_for, team, journey):
    stage_mark_read(stage=journey.stages.get(position=0), user=team.editor)
    html = client_for(team.editor).get(reverse("guide:map", args=[journey.pk])).content.decode()
    assert "Continue with stage 2: Consideration" in html
    assert html.count("Not read yet") == 4


# ---- read tracking and re-read flags -----------------------------------------------------------------------------


def progress_of(journey, user):
    _, rows = guide_progress(journey)
    return next(row for row in rows if row.user == user)


def test_the_managers_view_shows_who_finished_and_when(client_for, team, journey):
    read_all(journey, team.viewer)
    stage_mark_read(stage=journey.stages.first(), user=team.editor)
    viewer, editor = progress_of(journey, team.viewer), progress_of(journey, team.editor)
    last_read = StageRead.objects.filter(user=team.viewer).latest("read_at").read_at
    assert viewer.finished and viewer.finished_at == last_read
    assert (editor.finished, editor.read_count) == (False, 1)
    html = client_for(team.owner).get(reverse("guide:progress", args=[journey.pk])).content.decode()
    assert "Vera" in html and "Finished" in html and "1 of 5" in html


def test_changing_an_active_strategy_after_reading_asks_for_a_reread(team, journey, active_strategy, edit):
    read_all(journey, team.viewer)
    assert progress_of(journey, team.viewer).reread == []
    edit(active_strategy, body="Send it on the second day.", note="Better open rate")
    viewer = progress_of(journey, team.viewer)
    assert [stage.name for stage in viewer.reread] == ["Awareness"]
    assert viewer.finished  # they did finish; they must re-read one stage
    stage_mark_read(stage=active_strategy.stage, user=team.viewer)
    assert progress_of(journey, team.viewer).reread == []


def test_draft_edits_and_reviews_do_not_ask_for_a_reread(team, journey, strategy, active_strategy, edit):
    read_all(journey, team.viewer)
    edit(strategy, body="Still a draft")
    strategy_review(strategy=active_strategy, author=team.owner)
    assert progress_of(journey, team.viewer).reread == []


def test_activating_or_retiring_a_strategy_asks_for_a_reread(team, journey, strategy, active_strategy, edit):
    read_all(journey, team.viewer)
    edit(strategy, status=StrategyStatus.ACTIVE)
    assert [s.name for s in progress_of(journey, team.viewer).reread] == ["Awareness"]
    read_all(journey, team.viewer)
    edit(active_strategy, status=StrategyStatus.RETIRED, note="Replaced")
    assert [s.name for s in progress_of(journey, team.viewer).reread] == ["Awareness"]


def test_a_touchpoint_strategy_change_flags_its_stage(team, journey, touchpoint, edit):
    on_card = strategy_create(
        journey=journey, touchpoint=touchpoint, title="Subject lines", author=team.owner, status=StrategyStatus.ACTIVE
    )
    read_all(journey, team.viewer)
    edit(on_card, body="Use the customer's name", note="A/B test won")
    assert [s.name for s in progress_of(journey, team.viewer).reread] == [touchpoint.stage.name]


def test_readers_who_read_after_the_change_are_not_flagged(team, journey, active_strategy, edit):
    edit(active_strategy, body="Earlier change", note="x")
    read_all(journey, team.viewer)
    assert progress_of(journey, team.viewer).reread == []


def test_the_guide_tells_the_reader_to_read_a_changed_stage_again(client_for, team, journey, active_strategy, edit):
    read_all(journey, team.viewer)
    edit(active_strategy, body="Changed", note="x")
    client = client_for(team.viewer)
    index = client.get(reverse("guide:map", args=[journey.pk])).content.decode()
    assert "Changed since you read it" in index and "You have read every stage" not in index
    page = client.get(reverse("guide:stage", args=[active_strategy.stage_id])).content.decode()
    assert "changed after you read it" in page


def test_a_new_member_appears_in_the_progress_list(team, journey, make_user):
    newcomer = make_user("nina", first_name="Nina")
    membership_set(workspace=team.workspace, user=newcomer, role="viewer")
    row = progress_of(journey, newcomer)
    assert (row.read_count, row.finished, row.reread) == (0, False, [])


# ---- stale stages ------------------------------------------------------------------------------------------------


def stale_names(journey, **kwargs):
    return [stage.name for stage in guide_stages(journey, **kwargs) if stage.is_stale]


def test_stages_nobody_reviewed_within_the_interval_are_stale(journey):
    assert stale_names(journey) == []  # a new map is fresh
    make_old(journey)
    assert stale_names(journey) == ["Awareness", "Consideration", "Purchase", "Post-purchase", "Loyalty"]


def test_a_stage_review_or_a_strategy_review_makes_a_stage_fresh(team, journey, touchpoint, active_strategy):
    on_card = strategy_create(journey=journey, touchpoint=touchpoint, title="Card", author=team.owner)
    make_old(journey)
    stage_mark_reviewed(stage=journey.stages.get(name="Purchase"), reviewed_by=team.editor)
    strategy_review(strategy=on_card, author=team.owner)  # its touchpoint is in Awareness
    assert stale_names(journey) == ["Consideration", "Post-purchase", "Loyalty"]


def test_the_review_interval_is_the_maps_own(team, journey):
    make_old(journey, days=30)
    assert stale_names(journey) == []
    journey.review_interval_days = 14
    journey.save()
    assert len(stale_names(journey)) == 5
    # and it looks forward: a stage reviewed today is stale once the interval has passed
    stage_mark_reviewed(stage=journey.stages.first(), reviewed_by=team.owner)
    assert "Awareness" not in stale_names(journey)
    assert "Awareness" in stale_names(journey, today=timezone.localdate() + datetime.timedelta(days=15))


def test_the_guide_flags_a_stale_stage_and_an_editor_marks_it_reviewed(client_for, team, journey):
    make_old(journey)
    stage = journey.stages.first()
    url = reverse("guide:stage", args=[stage.pk])
    html = client_for(team.editor).get(url).content.decode()
    assert "Review due" in html and "Mark stage reviewed" in html
    as_viewer = client_for(team.viewer).get(url).content.decode()
    assert "Review due" in as_viewer and "Mark stage reviewed" not in as_viewer
    response = client_for(team.editor).post(reverse("guide:stage_reviewed", args=[stage.pk]), {"next": url})
    assert response["Location"] == url
    assert StageReview.objects.get(stage=stage).reviewed_by == team.editor
    assert "Review due" not in client_for(team.editor).get(url).content.decode()


def test_marking_reviewed_with_htmx_returns_the_new_badge(client_for, team, journey):
    make_old(journey)
    stage = journey.stages.first()
    response = client_for(team.owner).post(reverse("guide:stage_reviewed", args=[stage.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="stage-review-{stage.pk}"' in response.content.decode()
    assert "Reviewed today" in response.content.decode()


def test_an_unsafe_next_address_is_ignored(client_for, team, journey):
    stage = journey.stages.first()
    response = client_for(team.owner).post(
        reverse("guide:stage_reviewed", args=[stage.pk]), {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("guide:stage", args=[stage.pk])


# ---- the board's counts ------------------------------------------------------------------------------------------


def test_board_counts_and_stale_flags_come_with_the_stage_and_card_queries(team, journey, touchpoint, strategy):
    strategy_create(journey=journey, touchpoint=touchpoint, title="Card one", author=team.owner)
    retired = strategy_create(journey=journey, touchpoint=touchpoint, title="Card two", author=team.owner)
    from strategies.services import strategy_retire

    strategy_retire(strategy=retired, author=team.owner)
    make_old(journey)
    with CaptureQueriesContext(connection) as captured:
        stages = list(with_stale_flag(with_stage_strategy_count(journey.stages.all()), journey=journey))
        cards = list(with_touchpoint_strategy_count(Touchpoint.objects.filter(stage__journey=journey)))
    assert len(captured) == 2
    assert [s.strategy_count for s in stages] == [1, 0, 0, 0, 0]
    assert [s.is_stale for s in stages] == [True] * 5
    assert [c.strategy_count for c in cards] == [1]  # the retired one is not counted


# ---- permissions and queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, expected", [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404)])
def test_members_read_the_guide(client_for, team, journey, role, expected):
    client = client_for(team.users[role])
    assert client.get(reverse("guide:map", args=[journey.pk])).status_code == expected
    assert client.get(reverse("guide:stage", args=[journey.stages.first().pk])).status_code == expected


@pytest.mark.parametrize("role, expected", [("owner", 302), ("editor", 302), ("viewer", 302), ("outsider", 404)])
def test_every_member_marks_their_own_reading(client_for, team, journey, role, expected):
    response = client_for(team.users[role]).post(reverse("guide:stage_read", args=[journey.stages.first().pk]))
    assert response.status_code == expected
    assert StageRead.objects.filter(user=team.users[role]).count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize("role, expected", [("owner", 302), ("editor", 302), ("viewer", 403), ("outsider", 404)])
def test_only_editors_mark_a_stage_reviewed(client_for, team, journey, role, expected):
    response = client_for(team.users[role]).post(reverse("guide:stage_reviewed", args=[journey.stages.first().pk]))
    assert response.status_code == expected
    assert StageReview.objects.count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize("role, expected", [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404)])
def test_managers_see_the_guide_progress(client_for, team, journey, role, expected):
    response = client_for(team.users[role]).get(reverse("guide:progress", args=[journey.pk]))
    assert response.status_code == expected


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_guide_pages_run_a_constant_number_of_queries(client_for, team, journey, touchpoint, make_user):
    client = client_for(team.owner)
    stage = touchpoint.stage
    urls = [
        reverse("guide:stage", args=[stage.pk]),
        reverse("guide:map", args=[journey.pk]),
        reverse("guide:progress", args=[journey.pk]),
    ]
    before = [_queries(client, url) for url in urls]
    for index in range(5):
        card = touchpoint_create(stage=stage, channel=touchpoint.channel, title=f"Card {index}")
        card = touchpoint_update(touchpoint=card, pain_points="Slow")
        strategy_create(
            journey=journey, touchpoint=card, title=f"On card {index}", status=StrategyStatus.ACTIVE, author=team.owner
        )
        strategy_create(
            journey=journey,
            stage=stage,
            title=f"On stage {index}",
            status=StrategyStatus.ACTIVE,
            author=team.editor,
            owner=team.owner,
        )
        user = make_user(f"reader{index}")
        membership_set(workspace=team.workspace, user=user, role="viewer")
        read_all(journey, user)
    assert [_queries(client, url) for url in urls] == before
