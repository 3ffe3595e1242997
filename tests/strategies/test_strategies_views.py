"""Strategy panels opened in place on the board, their forms, and who may use them."""

import pytest
from django.urls import reverse

from strategies.models import Strategy, StrategyRevision, StrategyStatus
from strategies.services import strategy_create

from .strategy_fixtures import *  # noqa: F403

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_stage_panel_lists_its_strategies_with_rendered_markdown(client_for, team, journey, stage):
    strategy_create(
        journey=journey,
        stage=stage,
        title="Loud",
        body="**Bold** <script>x()</script>",
        status=StrategyStatus.ACTIVE,
        author=team.owner,
    )
    strategy_create(journey=journey, stage=journey.stages.get(position=1), title="Elsewhere", author=team.owner)
    response = client_for(team.viewer).get(reverse("strategies:stage_strategies", args=[stage.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="strategy-panel-stage-{stage.pk}"' in html
    assert "Loud" in html and "Elsewhere" not in html
    assert "<strong>Bold</strong>" in html and "<script>x()" not in html
    assert "<html" not in html  # a partial
    assert "New strategy" not in html and "Edit" not in html  # a viewer sees no edit controls


def test_without_htmx_the_panel_is_a_full_page(client_for, team, strategy, stage):
    response = client_for(team.editor).get(reverse("strategies:stage_strategies", args=[stage.pk]))
    assert response.status_code == 200
    assert b"<html" in response.content and b"Answer every review" in response.content
    assert b"New strategy" in response.content


def test_map_and_touchpoint_panels_list_only_their_own_strategies(client_for, team, journey, touchpoint, strategy):
    strategy_create(journey=journey, touchpoint=touchpoint, title="On the card", author=team.owner)
    strategy_create(journey=journey, title="For the whole map", author=team.owner)
    client = client_for(team.owner)
    card = client.get(reverse("strategies:touchpoint_strategies", args=[touchpoint.pk]), **HTMX).content.decode()
    whole = client.get(reverse("strategies:map_strategies", args=[journey.pk]), **HTMX).content.decode()
    assert "On the card" in card and "For the whole map" not in card and "Answer every review" not in card
    assert "For the whole map" in whole and "On the card" not in whole


def test_editor_adds_a_strategy_from_the_board_and_the_count_updates(client_for, team, journey, stage):
    response = client_for(team.editor).post(
        reverse("strategies:stage_strategies_new", args=[stage.pk]),
        {"title": "Follow up", "body": "Call after a week.", "status": "active", "owner": team.editor.pk},
        **HTMX,
    )
    assert response.status_code == 200
    strategy = Strategy.objects.get(title="Follow up")
    assert (strategy.stage, strategy.status, strategy.version) == (stage, StrategyStatus.ACTIVE, 1)
    html = response.content.decode()
    assert f'id="strategy-count-stage-{stage.pk}" hx-swap-oob="true">1<' in html
    assert "Follow up" in html


def test_a_strategy_without_title_shows_the_error_and_keeps_the_input(client_for, team, stage):
    response = client_for(team.editor).post(
        reverse("strategies:stage_strategies_new", args=[stage.pk]),
        {"title": "", "body": "Keep this text", "status": "draft"},
        **HTMX,
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#strategy-form-new-stage-{stage.pk}"
    html = response.content.decode()
    assert "Keep this text" in html and 'role="alert"' in html
    assert not Strategy.objects.exists()


def test_editing_an_active_strategy_without_a_note_is_refused_beside_the_note_field(client_for, team, active_strategy):
    url = reverse("strategies:strategy_edit", args=[active_strategy.pk])
    data = {"title": "Welcome e-mail", "body": "New text", "status": "active", "owner": team.owner.pk, "version": 1}
    response = client_for(team.editor).post(url, data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="strategy-{active_strategy.pk}-change_note_errors"' in html
    assert "New text" in html
    assert StrategyRevision.objects.filter(strategy=active_strategy).count() == 1

    response = client_for(team.editor).post(url, {**data, "change_note": "Shorter"}, **HTMX)
    assert response.status_code == 200
    latest = StrategyRevision.objects.filter(strategy=active_strategy).first()
    assert (latest.number, latest.body, latest.change_note, latest.author) == (2, "New text", "Shorter", team.editor)


def test_an_edit_from_a_stale_form_is_a_conflict(client_for, team, strategy, edit):
    edit(strategy, body="Changed meanwhile")
    response = client_for(team.owner).post(
        reverse("strategies:strategy_edit", args=[strategy.pk]),
        {"title": "Mine", "body": "Mine", "status": "draft", "version": 1},
        **HTMX,
    )
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    assert Strategy.objects.get(pk=strategy.pk).body == "Changed meanwhile"


def test_retire_and_review_from_the_panel(client_for, team, active_strategy):
    client = client_for(team.editor)
    refused = client.post(reverse("strategies:strategy_retire", args=[active_strategy.pk]), {"version": 1}, **HTMX)
    assert refused.status_code == 422
    retired = client.post(
        reverse("strategies:strategy_retire", args=[active_strategy.pk]),
        {"version": 1, "change_note": "Replaced"},
        **HTMX,
    )
    assert retired.status_code == 200
    assert f'id="strategy-count-stage-{active_strategy.stage_id}" hx-swap-oob="true">0<' in retired.content.decode()
    reviewed = client.post(reverse("strategies:strategy_review", args=[active_strategy.pk]), **HTMX)
    assert reviewed.status_code == 200
    revisions = StrategyRevision.objects.filter(strategy=active_strategy).order_by("number")
    kinds = list(revisions.values_list("kind", "status"))
    assert kinds == [("created", "active"), ("edited", "retired"), ("reviewed", "retired")]


def test_without_htmx_a_new_strategy_redirects_to_the_panel_page(client_for, team, journey):
    response = client_for(team.owner).post(
        reverse("strategies:map_strategies_new", args=[journey.pk]), {"title": "Map-wide", "status": "draft"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("strategies:map_strategies", args=[journey.pk])


# ---- permission matrix -------------------------------------------------------------------------------------------

READ_VIEWS = ["stage_panel", "touchpoint_panel", "map_panel", "detail", "history", "compare"]
WRITE_VIEWS = ["create", "edit", "retire", "review", "restore"]


def _url(name, strategy, touchpoint):
    return {
        "stage_panel": reverse("strategies:stage_strategies", args=[strategy.stage_id]),
        "touchpoint_panel": reverse("strategies:touchpoint_strategies", args=[touchpoint.pk]),
        "map_panel": reverse("strategies:map_strategies", args=[strategy.journey_id]),
        "detail": reverse("strategies:strategy_detail", args=[strategy.pk]),
        "history": reverse("strategies:strategy_history", args=[strategy.pk]),
        "compare": reverse("strategies:strategy_compare", args=[strategy.pk]) + "?a=1&b=1",
        "create": reverse("strategies:stage_strategies_new", args=[strategy.stage_id]),
        "edit": reverse("strategies:strategy_edit", args=[strategy.pk]),
        "retire": reverse("strategies:strategy_retire", args=[strategy.pk]),
        "review": reverse("strategies:strategy_review", args=[strategy.pk]),
        "restore": reverse("strategies:strategy_restore", args=[strategy.pk]),
    }[name]


@pytest.mark.parametrize("role, expected", [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404)])
@pytest.mark.parametrize("view", READ_VIEWS)
def test_who_can_read_strategies(client_for, team, strategy, touchpoint, view, role, expected):
    response = client_for(team.users[role]).get(_url(view, strategy, touchpoint))
    assert response.status_code == expected


@pytest.mark.parametrize("role, expected", [("viewer", 403), ("outsider", 404)])
@pytest.mark.parametrize("view", WRITE_VIEWS)
def test_viewers_and_outsiders_change_nothing(client_for, team, strategy, touchpoint, view, role, expected):
    data = {"title": "Hijack", "body": "x", "status": "active", "version": 1, "number": 1, "change_note": "x"}
    response = client_for(team.users[role]).post(_url(view, strategy, touchpoint), data)
    assert response.status_code == expected
    assert Strategy.objects.count() == 1
    assert StrategyRevision.objects.count() == 1


@pytest.mark.parametrize("view", ["create", "edit", "retire"])
def test_editors_open_the_forms_and_viewers_cannot(client_for, team, strategy, touchpoint, view):
    assert client_for(team.editor).get(_url(view, strategy, touchpoint), **HTMX).status_code == 200
    assert client_for(team.viewer).get(_url(view, strategy, touchpoint), **HTMX).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client_for, strategy, touchpoint):
    response = client_for(None).get(_url("stage_panel", strategy, touchpoint))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_strategy_cannot_be_attached_to_another_workspaces_stage(client_for, team, make_user):
    from journeys.services import journey_create

    foreign = journey_create(workspace=team.other_workspace, title="Theirs", created_by=team.outsider)
    response = client_for(team.owner).post(
        reverse("strategies:stage_strategies_new", args=[foreign.stages.first().pk]), {"title": "x", "status": "draft"}
    )
    assert response.status_code == 404
    assert not Strategy.objects.exists()


# ---- on the board ------------------------------------------------------------------------------------------------


def test_the_board_shows_each_stages_strategies_and_each_cards_count_in_constant_queries(
    client_for, team, journey, touchpoint, django_assert_num_queries
):
    client = client_for(team.viewer)
    url = reverse("boards:board", args=[journey.pk])
    with django_assert_num_queries(9):  # the board's own queries and the nav's inbox count: strategies add none
        client.get(url)
    stage = touchpoint.stage
    for index in range(3):
        strategy_create(journey=journey, stage=stage, title=f"Stage <{index}>", author=team.owner)
    strategy_create(journey=journey, touchpoint=touchpoint, title="Card", author=team.owner)
    with django_assert_num_queries(9):
        html = client.get(url).content.decode()
    # The Strategies lane: the stage's current strategies by title (escaped), and a way to open them.
    assert "<ul><li>Stage &lt;0&gt;</li><li>Stage &lt;1&gt;</li><li>Stage &lt;2&gt;</li></ul>" in html
    assert f'hx-get="{reverse("strategies:stage_strategies", args=[stage.pk])}"' in html
    assert f"3 strategies for {stage.name}" in html
    # The card counts its own.
    assert '; 1 strategy">' in html and '<span class="count">▤ 1</span>' in html
    assert "Review due" not in html


def test_the_board_flags_stale_stages_and_editors_can_mark_them_reviewed(client_for, team, journey):
    import datetime

    from django.utils import timezone

    from journeys.models import Stage

    Stage.objects.filter(journey=journey).update(created_at=timezone.now() - datetime.timedelta(days=200))
    url = reverse("boards:board", args=[journey.pk])
    as_editor = client_for(team.editor).get(url).content.decode()
    assert as_editor.count("Review due") == 5 and as_editor.count("Mark stage reviewed") == 5
    as_viewer = client_for(team.viewer).get(url).content.decode()
    assert as_viewer.count("Review due") == 5 and "Mark stage reviewed" not in as_viewer


@pytest.mark.parametrize("view", ["create", "edit", "retire", "detail"])
def test_without_htmx_every_form_is_a_page_of_its_own(client_for, team, strategy, touchpoint, view):
    response = client_for(team.editor).get(_url(view, strategy, touchpoint))
    assert response.status_code == 200
    assert b"<html" in response.content
    assert b'name="csrfmiddlewaretoken"' in response.content
