"""A strategy's history (compare, restore), the map's history for managers, the digest and the activity feed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activity.models import BoardActivity
from journeys.services import stage_create, stage_delete, stage_move, stage_update
from strategies.models import RevisionKind, Strategy, StrategyRevision, StrategyStatus
from strategies.services import strategy_create
from touchpoints.services import touchpoint_create, touchpoint_delete, touchpoint_move, touchpoint_update

from .strategy_fixtures import *  # noqa: F403


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def backdated(strategy, *, number, days, author=None, status=StrategyStatus.ACTIVE, note=""):
    """An older revision, as an import of existing history would write it."""
    return StrategyRevision.objects.create(
        strategy=strategy,
        journey_id=strategy.journey_id,
        number=number,
        kind=RevisionKind.EDITED,
        title=strategy.title,
        body=f"v{number}",
        status=status,
        author=author,
        author_name=author.first_name if author else "",
        change_note=note,
        created_at=days_ago(days),
    )


# ---- a strategy's history ----------------------------------------------------------------------------------------


def test_the_history_page_lists_every_revision_newest_first_with_notes(client_for, team, strategy, edit):
    edit(strategy, body="Reply within a day.", note="Faster")
    edit(strategy, status=StrategyStatus.ACTIVE, note="Agreed in the Monday meeting")
    html = client_for(team.viewer).get(reverse("strategies:strategy_history", args=[strategy.pk])).content.decode()
    assert html.index('id="revision-3"') < html.index('id="revision-2"') < html.index('id="revision-1"')
    assert "Faster" in html and "Agreed in the Monday meeting" in html
    assert "Restore revision" not in html  # viewers see no restore buttons


def test_compare_marks_exactly_what_changed_between_two_revisions(client_for, team, strategy, edit):
    edit(strategy, body="Reply to each review within one day.", note="Faster")
    response = client_for(team.viewer).get(reverse("strategies:strategy_compare", args=[strategy.pk]), {"a": 1, "b": 2})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reply to each review within <del>two</del><ins>one</ins> <del>days</del><ins>day</ins>." in html
    assert html.count("<ins>") == 2 + 0  # nothing else is marked: title and status did not change


def test_compare_escapes_the_text_it_shows(client_for, team, strategy, edit):
    edit(strategy, body="<img src=x onerror=alert(1)>")
    html = (
        client_for(team.owner)
        .get(reverse("strategies:strategy_compare", args=[strategy.pk]), {"a": 2, "b": 1})
        .content.decode()
    )
    assert "<img" not in html and "&lt;img" in html


def test_compare_refuses_bad_input_and_unknown_revisions(client_for, team, strategy):
    client = client_for(team.owner)
    url = reverse("strategies:strategy_compare", args=[strategy.pk])
    assert client.get(url, {"a": "x", "b": 1}).status_code == 422
    assert client.get(url, {"a": 1, "b": 9}).status_code == 404


def test_restoring_from_the_history_page_writes_a_new_revision(client_for, team, strategy, edit):
    edit(strategy, body="Second")
    edit(strategy, body="Third")
    response = client_for(team.editor).post(
        reverse("strategies:strategy_restore", args=[strategy.pk]), {"number": 1}, follow=True
    )
    html = response.content.decode()
    assert "Revision #1 is restored as revision #4." in html
    assert "restored from #1" in html
    latest = StrategyRevision.objects.filter(strategy=strategy).first()
    assert (latest.number, latest.restored_from, latest.body, latest.author) == (
        4,
        1,
        "Reply to each review within two days.",
        team.editor,
    )


# ---- the map's history -------------------------------------------------------------------------------------------


@pytest.fixture
def history(journey, team, touchpoint):
    """Revisions on three scopes, by two authors, over forty days."""
    awareness, consideration = journey.stages.get(position=0), journey.stages.get(position=1)
    on_stage = strategy_create(journey=journey, stage=awareness, title="Stage A", author=team.owner)
    on_card = strategy_create(journey=journey, touchpoint=touchpoint, title="Card A", author=team.owner)
    on_other = strategy_create(journey=journey, stage=consideration, title="Stage C", author=team.owner)
    on_map = strategy_create(journey=journey, title="Map", author=team.owner)
    # Each strategy was created today (revision 1 by the owner); older history was imported:
    backdated(on_stage, number=2, days=40, author=team.editor, status=StrategyStatus.DRAFT)
    backdated(on_stage, number=3, days=10, author=team.editor)
    backdated(on_card, number=2, days=10, author=team.owner, status=StrategyStatus.RETIRED)
    backdated(on_other, number=2, days=5, author=team.editor)
    backdated(on_map, number=2, days=20, author=team.editor)
    return {"awareness": awareness, "consideration": consideration}


def changes(response) -> set[tuple[str, int]]:
    return {(revision.strategy.title, revision.number) for revision in response.context["page"].object_list}


def test_map_history_lists_every_change_newest_first(client_for, team, journey, history):
    response = client_for(team.viewer).get(reverse("strategies:map_history", args=[journey.pk]))
    assert [(r.strategy.title, r.number) for r in response.context["page"].object_list] == [
        ("Map", 1),
        ("Stage C", 1),
        ("Card A", 1),
        ("Stage A", 1),  # created today, the last one first
        ("Stage C", 2),
        ("Card A", 2),
        ("Stage A", 3),
        ("Map", 2),
        ("Stage A", 2),
    ]


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"stage": "awareness"}, {("Stage A", 1), ("Stage A", 2), ("Stage A", 3), ("Card A", 1), ("Card A", 2)}),
        ({"stage": "consideration"}, {("Stage C", 1), ("Stage C", 2)}),
        ({"author": "editor"}, {("Stage A", 2), ("Stage A", 3), ("Stage C", 2), ("Map", 2)}),
        ({"status": "retired"}, {("Card A", 2)}),
        ({"status": "active"}, {("Stage A", 3), ("Stage C", 2), ("Map", 2)}),
        ({"date_from": 12, "date_to": 4}, {("Stage A", 3), ("Card A", 2), ("Stage C", 2)}),
        ({"date_from": 10, "date_to": 10}, {("Stage A", 3), ("Card A", 2)}),
        ({"date_to": 30}, {("Stage A", 2)}),
        ({"stage": "awareness", "author": "editor", "date_from": 15}, {("Stage A", 3)}),
        ({"author": "owner", "status": "active"}, set()),
    ],
)
def test_the_managers_filters_return_exactly_the_matching_changes(
    client_for, team, journey, history, filters, expected
):
    params = {}
    for name, value in filters.items():
        if name == "stage":
            params[name] = history[value].pk
        elif name == "author":
            params[name] = team.users[value].pk
        elif name.startswith("date_"):
            params[name] = timezone.localdate(days_ago(value)).isoformat()
        else:
            params[name] = value
    response = client_for(team.owner).get(reverse("strategies:map_history", args=[journey.pk]), params)
    assert response.status_code == 200
    assert changes(response) == expected


def test_a_bad_date_is_shown_beside_its_field_and_filters_nothing(client_for, team, journey, history):
    response = client_for(team.owner).get(
        reverse("strategies:map_history", args=[journey.pk]), {"date_from": "not a date", "status": "retired"}
    )
    html = response.content.decode()
    assert 'id="id_date_from_errors"' in html and 'value="not a date"' in html
    assert changes(response) == {("Card A", 2)}


def test_map_history_is_paginated_and_keeps_the_filters(client_for, team, journey, stage):
    strategy = strategy_create(journey=journey, stage=stage, title="Busy", author=team.owner)
    for number in range(2, 62):
        backdated(strategy, number=number, days=62 - number, author=team.editor)
    client = client_for(team.owner)
    url = reverse("strategies:map_history", args=[journey.pk])
    first = client.get(url, {"author": team.editor.pk})
    assert len(first.context["page"].object_list) == 50
    assert f"author={team.editor.pk}&amp;page=2" in first.content.decode()
    second = client.get(url, {"author": team.editor.pk, "page": 2})
    assert [r.number for r in second.context["page"].object_list] == list(range(11, 1, -1))


def _history_queries(client, journey) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("strategies:map_history", args=[journey.pk]))
    assert response.status_code == 200
    return len(captured)


def test_map_history_runs_a_constant_number_of_queries(client_for, team, journey, touchpoint):
    client = client_for(team.owner)
    strategy_create(journey=journey, touchpoint=touchpoint, title="One", author=team.owner)
    small = _history_queries(client, journey)
    for index, stage in enumerate(journey.stages.all()):
        strategy = strategy_create(journey=journey, stage=stage, title=f"S{index}", author=team.editor)
        for number in range(2, 15):
            backdated(strategy, number=number, days=number, author=team.owner if number % 2 else team.editor)
    # user (the session comes from the cache), journey with role, stages and authors for the filter,
    # count, the page of revisions, the nav's unread inbox count
    assert _history_queries(client, journey) == small == 7


# ---- changes since -----------------------------------------------------------------------------------------------


def test_changes_since_gives_the_monday_digest(client_for, team, journey, history):
    since = timezone.localdate(days_ago(12)).isoformat()
    response = client_for(team.owner).get(reverse("strategies:map_changes_since", args=[journey.pk]), {"since": since})
    digest = {
        s.title: (s.change_count, s.first_number, s.last_number, s.baseline_number)
        for s in response.context["strategies"]
    }
    # Today's revision #1 of every strategy counts too (they were created today).
    assert digest == {
        "Stage A": (2, 1, 3, None),
        "Card A": (2, 1, 2, None),
        "Stage C": (2, 1, 2, None),
        "Map": (1, 1, 1, None),
    }


def imported_strategy(journey, stage, title, *, ages, author):
    """A strategy whose whole history is older than today, as an import writes it (no save, no revision #1)."""
    [strategy] = Strategy.objects.bulk_create(
        [Strategy(journey=journey, stage=stage, title=title, status=StrategyStatus.ACTIVE, version=len(ages))]
    )
    for number, days in enumerate(ages, start=1):
        backdated(strategy, number=number, days=days, author=author, note=f"note {number}")
    return strategy


def test_changes_since_links_to_the_diff_from_the_last_revision_before(client_for, team, journey, stage):
    imported_strategy(journey, stage, "Old one", ages=[30, 20, 5, 1], author=team.editor)
    imported_strategy(journey, stage, "Quiet one", ages=[30, 20], author=team.editor)
    response = client_for(team.owner).get(
        reverse("strategies:map_changes_since", args=[journey.pk]),
        {"since": timezone.localdate(days_ago(7)).isoformat()},
    )
    [old] = response.context["strategies"]
    assert (old.title, old.change_count, old.baseline_number, old.last_number) == ("Old one", 2, 2, 4)
    assert [r.number for r in old.recent_revisions] == [3, 4]
    html = response.content.decode()
    assert "Quiet one" not in html and "note 3" in html and "note 2" not in html
    assert reverse("strategies:strategy_compare", args=[old.pk]) + "?a=2&amp;b=4" in html


def test_changes_since_without_a_date_defaults_to_last_monday(client_for, team, journey, strategy):
    response = client_for(team.viewer).get(reverse("strategies:map_changes_since", args=[journey.pk]))
    assert response.status_code == 200
    assert response.context["since"].weekday() == 0
    assert [s.title for s in response.context["strategies"]] == ["Answer every review"]


# ---- the board's activity feed -----------------------------------------------------------------------------------


def test_board_services_record_who_did_what_with_before_and_after(team, journey, channel, persona):
    awareness = journey.stages.get(position=0)
    new_stage = stage_create(journey=journey, name="Research", position=1, actor=team.editor)
    new_stage = stage_update(stage=new_stage, name="Desk research", description="Online first", actor=team.owner)
    new_stage = stage_move(stage=new_stage, position=0, actor=team.editor)
    card = touchpoint_create(stage=awareness, channel=channel, title="Banner", emotion=0, actor=team.editor)
    card = touchpoint_update(touchpoint=card, title="Banner ad", emotion=-1, personas=[persona], actor=team.editor)
    card = touchpoint_move(touchpoint=card, stage=new_stage, position=0, actor=team.owner)
    touchpoint_delete(touchpoint=card, actor=team.owner)
    stage_delete(stage=new_stage, actor=team.owner)
    feed = list(BoardActivity.objects.filter(journey=journey).order_by("id"))
    assert [(e.actor, e.action, e.target_type, e.target_label) for e in feed] == [
        (team.editor, "created", "stage", "Research"),
        (team.owner, "edited", "stage", "Desk research"),
        (team.editor, "moved", "stage", "Desk research"),
        (team.editor, "created", "touchpoint", "Banner"),
        (team.editor, "edited", "touchpoint", "Banner ad"),
        (team.owner, "moved", "touchpoint", "Banner ad"),
        (team.owner, "deleted", "touchpoint", "Banner ad"),
        (team.owner, "deleted", "stage", "Desk research"),
    ]
    assert feed[1].changes == {"name": ["Research", "Desk research"], "description": ["", "Online first"]}
    assert feed[2].changes == {"position": [2, 1]}
    assert feed[4].changes == {
        "title": ["Banner", "Banner ad"],
        "emotion": ["Neutral", "Negative"],
        "personas": [None, "Ji-woo Park"],
    }
    assert feed[5].changes == {"stage": ["Awareness", "Desk research"]}  # first card in both


def test_an_edit_that_changes_nothing_is_not_in_the_feed(team, journey, stage):
    stage_update(stage=stage, name=stage.name, actor=team.owner)
    stage_move(stage=stage, position=0, actor=team.owner)
    assert not BoardActivity.objects.exists()


def test_the_activity_page_shows_the_changes_newest_first(client_for, team, journey, stage, channel):
    touchpoint_create(stage=stage, channel=channel, title="Flyer", actor=team.editor)
    stage_update(stage=stage, customer_goal="Find <b>us</b>", actor=team.owner)
    response = client_for(team.viewer).get(reverse("activity:map", args=[journey.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Olivia edited the stage “Awareness”") < html.index("Eddie added the touchpoint “Flyer”")
    assert "Customer goal" in html and "Find &lt;b&gt;us&lt;/b&gt;" in html


# ---- permissions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, expected", [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404)])
@pytest.mark.parametrize("name", ["strategies:map_history", "strategies:map_changes_since", "activity:map"])
def test_members_read_the_map_history_and_outsiders_get_404(client_for, team, journey, strategy, name, role, expected):
    response = client_for(team.users[role]).get(reverse(name, args=[journey.pk]))
    assert response.status_code == expected
