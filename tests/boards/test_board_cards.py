import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels.models import Channel
from journeys.services import journey_create, lane_update
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create

HTMX = {"HTTP_HX_REQUEST": "true"}


def card_form(touchpoint=None, **overrides):
    data = {"title": "Store visit", "emotion": "1", "does": "Walks in", "pain_points": "Queues"}
    if touchpoint is not None:
        data |= {"stage": touchpoint.stage_id, "channel": touchpoint.channel_id, "version": touchpoint.version}
    return data | overrides


def test_editor_adds_a_touchpoint_to_a_stage(team, journey, channel, persona, client_for):
    stage = journey.stages.get(name="Purchase")
    response = client_for(team.editor).post(
        reverse("boards:touchpoint_create", args=[stage.pk]),
        card_form(stage=stage.pk, channel=channel.pk, personas=[persona.pk], owner=team.editor.pk),
        **HTMX,
    )
    assert response.status_code == 200
    card = Touchpoint.objects.get(title="Store visit")
    assert (card.stage, card.channel, card.emotion, card.owner) == (stage, channel, 1, team.editor)
    assert list(card.personas.all()) == [persona]
    html = response.content.decode()
    # Only the parts it changed: the stage's head and cells, the curve around it, all out of band.
    assert f'<div class="stage-head" id="stage-{stage.pk}"' in html and 'hx-swap-oob="true"' in html
    assert f'id="touchpoint-{card.pk}"' in html and "Store visit" in html
    others = journey.stages.exclude(pk=stage.pk)
    assert not any(f'<div class="stage-head" id="stage-{other.pk}"' in html for other in others)
    assert response["HX-Reswap"] == "none"
    assert "board-changed" in response.headers["HX-Trigger"] and "panel-close" in response.headers["HX-Trigger"]


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"title": ""}, "This field is required."),
        ({"emotion": "3"}, "Select a valid choice."),
        ({"emotion": "-7"}, "Select a valid choice."),
    ],
)
def test_bad_card_input_shows_the_error_and_keeps_the_text(team, journey, channel, client_for, overrides, field_error):
    stage = journey.stages.first()
    response = client_for(team.editor).post(
        reverse("boards:touchpoint_create", args=[stage.pk]),
        card_form(stage=stage.pk, channel=channel.pk, does="Typed by hand", **overrides),
        **HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert field_error in html and "Typed by hand" in html
    assert not Touchpoint.objects.exists()


def test_stage_of_another_map_is_refused(team, journey, channel, client_for):
    other_map = journey_create(workspace=team.workspace, title="Other map")
    foreign_stage = other_map.stages.first()
    stage = journey.stages.first()
    response = client_for(team.editor).post(
        reverse("boards:touchpoint_create", args=[stage.pk]),
        card_form(stage=foreign_stage.pk, channel=channel.pk),
        **HTMX,
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not Touchpoint.objects.exists()


def test_channel_of_another_workspace_is_refused(team, journey, client_for):
    foreign_channel = Channel.objects.filter(workspace=team.other_workspace).first()
    stage = journey.stages.first()
    response = client_for(team.editor).post(
        reverse("boards:touchpoint_create", args=[stage.pk]),
        card_form(stage=stage.pk, channel=foreign_channel.pk),
        **HTMX,
    )
    assert response.status_code == 422
    assert not Touchpoint.objects.exists()


def test_editor_edits_a_touchpoint(team, touchpoint, client_for):
    response = client_for(team.editor).post(
        reverse("boards:touchpoint_edit", args=[touchpoint.pk]),
        card_form(touchpoint, title="Weekly e-mail", emotion="-1"),
        **HTMX,
    )
    assert response.status_code == 200
    touchpoint.refresh_from_db()
    assert (touchpoint.title, touchpoint.emotion, touchpoint.version) == ("Weekly e-mail", -1, 2)


def test_edit_from_a_stale_version_shows_the_current_card_and_keeps_mine(team, touchpoint, client_for):
    client = client_for(team.editor)
    url = reverse("boards:touchpoint_edit", args=[touchpoint.pk])
    stale = card_form(touchpoint)
    assert client.post(url, {**stale, "title": "Theirs"}, **HTMX).status_code == 200
    response = client.post(url, {**stale, "title": "Mine"}, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Someone else changed this" in html and "Theirs" in html and 'value="Mine"' in html
    touchpoint.refresh_from_db()
    assert touchpoint.title == "Theirs"
    # Saving again knowingly applies mine.
    again = client.post(url, {**stale, "title": "Mine", "version": touchpoint.version}, **HTMX)
    assert again.status_code == 200
    touchpoint.refresh_from_db()
    assert touchpoint.title == "Mine"


def test_editing_the_stage_field_moves_the_card_and_redraws_both_stages(team, journey, touchpoint, client_for):
    source = touchpoint.stage
    target = journey.stages.get(name="Loyalty")
    response = client_for(team.editor).post(
        reverse("boards:touchpoint_edit", args=[touchpoint.pk]), card_form(touchpoint, stage=target.pk), **HTMX
    )
    touchpoint.refresh_from_db()
    assert touchpoint.stage == target
    cards_lane = journey.lanes.get(kind="cards").pk
    ids = _swapped_ids(response.content.decode())
    assert {f"cell-{cards_lane}-{source.pk}", f"cell-{cards_lane}-{target.pk}"} <= ids


def test_a_board_split_by_channel_tells_the_page_which_rows_it_has(team, journey, touchpoint, client_for):
    """A card's channel changed to one the map did not use: the answer names the rows the map has now,
    so the page reads its grid again (live.js); the same for a live update's parts."""
    lane_update(lane=journey.lanes.get(kind="cards"), split_by="channel")
    store = Channel.objects.get(workspace=team.workspace, name="Store")
    client = client_for(team.editor)
    response = client.post(
        reverse("boards:touchpoint_edit", args=[touchpoint.pk]), card_form(touchpoint, channel=store.pk), **HTMX
    )
    cards_lane = journey.lanes.get(kind="cards").pk
    detail = json.loads(response.headers["HX-Trigger"])["board-changed"]
    assert detail["cardRows"] == [f"row-{cards_lane}-channel-{store.pk}"]
    parts = client.get(reverse("boards:parts", args=[journey.pk]), {"stage": touchpoint.stage_id})
    assert parts.headers["X-Card-Rows"] == f"row-{cards_lane}-channel-{store.pk}"


def test_keyboard_moves_step_through_order_and_stages(team, journey, channel, client_for):
    first_stage, second_stage = journey.stages.all()[:2]
    a = touchpoint_create(stage=first_stage, channel=channel, title="A")
    b = touchpoint_create(stage=first_stage, channel=channel, title="B")
    client = client_for(team.editor)
    move = lambda card, direction: client.post(  # noqa: E731
        reverse("boards:touchpoint_move", args=[card.pk]), {"direction": direction}, **HTMX
    )
    response = move(b, "up")
    assert response.status_code == 200 and "card-moved" in response.headers["HX-Trigger-After-Settle"]
    assert list(first_stage.touchpoints.values_list("title", flat=True)) == ["B", "A"]
    move(a, "next")
    assert list(second_stage.touchpoints.values_list("title", "position")) == [("A", 0)]
    assert list(first_stage.touchpoints.values_list("title", "position")) == [("B", 0)]
    move(a, "previous")
    assert list(first_stage.touchpoints.values_list("title", "position")) == [("B", 0), ("A", 1)]


def test_drop_places_the_card_after_its_new_neighbour(team, journey, channel, client_for):
    first_stage, second_stage = journey.stages.all()[:2]
    moving = touchpoint_create(stage=first_stage, channel=channel, title="Moving")
    x = touchpoint_create(stage=second_stage, channel=channel, title="X")
    touchpoint_create(stage=second_stage, channel=channel, title="Y")
    response = client_for(team.editor).post(
        reverse("boards:touchpoint_move", args=[moving.pk]), {"stage": second_stage.pk, "after": x.pk}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="stage-{first_stage.pk}"' in html and f'id="stage-{second_stage.pk}"' in html
    assert list(second_stage.touchpoints.values_list("title", "position")) == [("X", 0), ("Moving", 1), ("Y", 2)]
    assert not first_stage.touchpoints.exists()


def test_drop_on_a_stage_of_another_map_is_refused(team, journey, touchpoint, client_for):
    foreign_stage = journey_create(workspace=team.workspace, title="Other").stages.first()
    response = client_for(team.editor).post(
        reverse("boards:touchpoint_move", args=[touchpoint.pk]), {"stage": foreign_stage.pk}, **HTMX
    )
    assert response.status_code == 422
    assert "Choose a stage of this map." in response.headers["HX-Trigger"]
    touchpoint.refresh_from_db()
    assert touchpoint.stage.journey == journey


def test_editor_deletes_a_touchpoint(team, touchpoint, client_for):
    response = client_for(team.editor).post(reverse("boards:touchpoint_delete", args=[touchpoint.pk]), **HTMX)
    assert response.status_code == 200
    assert not Touchpoint.objects.filter(pk=touchpoint.pk).exists()


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("outsider", 404)])
def test_viewer_and_outsider_cannot_change_cards(team, journey, touchpoint, channel, client_for, role, status):
    client = client_for(team.users[role])
    stage = touchpoint.stage
    urls_and_data = [
        (reverse("boards:touchpoint_create", args=[stage.pk]), card_form(stage=stage.pk, channel=channel.pk)),
        (reverse("boards:touchpoint_edit", args=[touchpoint.pk]), card_form(touchpoint, title="Hacked")),
        (reverse("boards:touchpoint_move", args=[touchpoint.pk]), {"direction": "next"}),
        (reverse("boards:touchpoint_delete", args=[touchpoint.pk]), {}),
    ]
    for url, data in urls_and_data:
        assert client.post(url, data, **HTMX).status_code == status
    assert client.get(reverse("boards:touchpoint_edit", args=[touchpoint.pk])).status_code == status
    touchpoint.refresh_from_db()
    assert (touchpoint.title, touchpoint.stage) == ("Promotional e-mail", stage)
    assert Touchpoint.objects.count() == 1


@pytest.mark.parametrize(("role", "status"), [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404)])
def test_touchpoint_detail_permission_matrix(team, touchpoint, client_for, role, status):
    response = client_for(team.users[role]).get(reverse("boards:touchpoint_detail", args=[touchpoint.pk]))
    assert response.status_code == status


def test_board_changes_are_recorded_in_the_activity_feed_with_who_made_them(team, journey, touchpoint, client_for):
    from activity.models import ActivityAction, BoardActivity

    client = client_for(team.editor)
    client.post(reverse("boards:touchpoint_move", args=[touchpoint.pk]), {"direction": "next"}, **HTMX)
    client.post(
        reverse("boards:touchpoint_edit", args=[touchpoint.pk]),
        card_form(Touchpoint.objects.get(pk=touchpoint.pk), title="Weekly e-mail"),
        **HTMX,
    )
    client.post(reverse("boards:stage_edit", args=[journey.stages.first().pk]), {"name": "Discovery"}, **HTMX)
    events = BoardActivity.objects.filter(journey=journey).order_by("pk")
    assert [event.action for event in events][-3:] == [
        ActivityAction.MOVED,
        ActivityAction.EDITED,
        ActivityAction.EDITED,
    ]
    assert {event.actor for event in events.filter(action__in=[ActivityAction.MOVED, ActivityAction.EDITED])} == {
        team.editor
    }


class _count:
    """Count the statements run on the database, transaction control aside (SQLite's BEGIN and COMMIT
    are statements Django logs, PostgreSQL's are not): the same figure on both."""

    def __enter__(self):
        self.captured = CaptureQueriesContext(connection)
        self.captured.__enter__()
        return self

    def __exit__(self, *exc):
        self.captured.__exit__(*exc)
        control = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.IGNORECASE)
        self.count = sum(1 for query in self.captured.captured_queries if not control.match(query["sql"]))


def _swapped_ids(html: str) -> set[str]:
    """The ids of what an htmx answer swaps in out of band."""
    return set(re.findall(r'<(?=[^>]*\bhx-swap-oob=)[^>]*\bid="([^"]+)"', html))


def _big_map(journey, channel, persona, per_stage=8):
    for stage in journey.stages.all():
        for index in range(per_stage):
            touchpoint_create(
                stage=stage, channel=channel, title=f"{stage.name} {index}", personas=[persona], pain_points="Slow"
            )


def test_a_card_edit_answers_with_the_card_its_roll_ups_and_the_curve_in_constant_queries(
    team, journey, channel, persona, touchpoint, client_for
):
    client = client_for(team.editor)
    url = reverse("boards:touchpoint_edit", args=[touchpoint.pk])

    def edit(title):
        data = card_form(touchpoint, title=title, personas=[persona.pk], owner="")
        data["version"] = Touchpoint.objects.get(pk=touchpoint.pk).version
        # user (the session comes from the cache), the card with its stage, map and role, its personas
        # (the form's initial); the map's lock, the card locked, its update, the activity entry; the
        # answer: the map's personas, stages, the cards of the stage and its neighbours, the lanes.
        with _count() as counted:
            response = client.post(url, data, **HTMX)
        return response, counted.count

    small, small_count = edit("Weekly e-mail")
    _big_map(journey, channel, persona)
    big, big_count = edit("Monthly e-mail")
    assert small.status_code == big.status_code == 200
    assert small_count == big_count == 11
    lanes = {lane.kind: lane.pk for lane in journey.lanes.all()}
    stages = list(journey.stages.order_by("position").values_list("pk", flat=True))
    first, second = stages[:2]
    assert _swapped_ids(big.content.decode()) == {
        f"stage-{first}",
        f"touchpoint-{touchpoint.pk}",  # the card alone, not its cell of 9 cards
        f"cell-{lanes['curve']}-{first}",
        f"cell-{lanes['curve']}-{second}",  # where the curve's line meets the next stage's point
        *(f"cell-{lane.pk}-{first}" for lane in journey.lanes.filter(kind="rollup")),
    }
    assert "Monthly e-mail" in big.content.decode()


def test_a_card_move_answers_with_both_stages_card_cells_in_constant_queries(
    team, journey, channel, persona, touchpoint, client_for
):
    client = client_for(team.editor)
    url = reverse("boards:touchpoint_move", args=[touchpoint.pk])
    with _count() as small:
        client.post(url, {"direction": "next"}, **HTMX)
    _big_map(journey, channel, persona)
    with _count() as big:
        response = client.post(url, {"direction": "previous"}, **HTMX)
    # user, the card; the map's lock, the card and its stage, the next stage with its number of cards,
    # the gap it leaves closed, its update, the activity entry; the answer's four queries.
    assert small.count == big.count == 12
    cards_lane = journey.lanes.get(kind="cards").pk
    first, second = journey.stages.order_by("position").values_list("pk", flat=True)[:2]
    ids = _swapped_ids(response.content.decode())
    assert {f"cell-{cards_lane}-{first}", f"cell-{cards_lane}-{second}"} <= ids
    text_lanes = journey.lanes.filter(kind__in=["text", "app"]).values_list("pk", flat=True)
    assert not any(part.startswith(f"cell-{lane}-") for lane in text_lanes for part in ids)
