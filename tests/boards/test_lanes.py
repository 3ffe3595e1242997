"""The map's lanes on the board: who may change them, what each kind draws, and that what people type
is escaped or sanitised wherever it shows."""

import re

import pytest
from django.urls import reverse

from channels.models import Channel
from journeys.models import CardSplit, Lane, LaneCell, LaneKind
from journeys.services import lane_cell_set, lane_create, lane_update
from personas.services import persona_create
from touchpoints.services import touchpoint_create

HTMX = {"HTTP_HX_REQUEST": "true"}
ROLES = [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404), ("anonymous", 302)]


def board(client, journey, **params) -> str:
    return client.get(reverse("boards:board", args=[journey.pk]), params).content.decode()


@pytest.fixture
def actions(journey):
    return journey.lanes.get(kind=LaneKind.TEXT)


@pytest.fixture
def stage(journey):
    return journey.stages.get(position=0)


def user_of(team, role):
    return None if role == "anonymous" else getattr(team, role)


# -- who may do what -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", ROLES)
def test_who_may_open_the_lane_manager(team, journey, client_for, role, status):
    response = client_for(user_of(team, role)).get(reverse("boards:lanes", args=[journey.pk]), **HTMX)
    assert response.status_code == status
    if status == 200:
        assert "Lanes of this map" in response.content.decode()


@pytest.mark.parametrize("role, status", ROLES)
def test_who_may_add_rename_move_and_delete_a_lane(team, journey, actions, client_for, role, status):
    client = client_for(user_of(team, role))
    before = list(journey.lanes.values_list("pk", "title", "position"))
    responses = [
        client.post(reverse("boards:lane_create", args=[journey.pk]), {"what": "text", "title": "Backstage"}, **HTMX),
        client.post(reverse("boards:lane_edit", args=[actions.pk]), {"title": "Doing", "version": 1}, **HTMX),
        client.post(reverse("boards:lane_move", args=[actions.pk]), {"direction": "up"}, **HTMX),
        client.post(reverse("boards:lane_delete", args=[actions.pk]), **HTMX),
    ]
    assert [response.status_code for response in responses] == [status] * 4
    if status == 200:
        assert not journey.lanes.filter(pk=actions.pk).exists()
        assert journey.lanes.filter(title="Backstage").exists()
    else:
        assert list(journey.lanes.values_list("pk", "title", "position")) == before


@pytest.mark.parametrize(
    "role, read, write",
    [("owner", 200, 200), ("editor", 200, 200), ("viewer", 200, 403), ("outsider", 404, 404), ("anonymous", 302, 302)],
)
def test_who_may_read_and_write_a_text_cell(team, actions, stage, client_for, role, read, write):
    lane_cell_set(lane=actions, stage=stage, body="Sees an ad")
    client = client_for(user_of(team, role))
    url = reverse("boards:cell", args=[actions.pk, stage.pk])
    response = client.get(url, **HTMX)
    assert response.status_code == read
    if read == 200:
        assert "Sees an ad" in response.content.decode()
        assert ("<textarea" in response.content.decode()) == (write == 200)
    response = client.post(url, {"body": "Reads reviews", "version": 1}, **HTMX)
    assert response.status_code == write
    expected = "Reads reviews" if write == 200 else "Sees an ad"
    assert LaneCell.objects.get(lane=actions, stage=stage).body == expected


def test_a_cell_of_another_map_or_of_a_lane_without_cells_is_a_404(team, journey, actions, client_for):
    from journeys.services import journey_create

    other = journey_create(workspace=team.workspace, title="Other").stages.first()
    client = client_for(team.editor)
    assert client.get(reverse("boards:cell", args=[actions.pk, other.pk])).status_code == 404
    curve = journey.lanes.get(kind=LaneKind.CURVE)
    assert client.get(reverse("boards:cell", args=[curve.pk, journey.stages.first().pk])).status_code == 404


# -- bad input is refused with a clear error, and loses nothing ----------------------------------------------------


def test_a_text_lane_needs_a_name_and_a_map_has_one_touchpoints_lane(team, journey, client_for):
    client = client_for(team.editor)
    url = reverse("boards:lane_create", args=[journey.pk])
    response = client.post(url, {"what": "text", "title": " "}, **HTMX)
    assert response.status_code == 422
    assert "Give the lane a name." in response.content.decode()
    response = client.post(url, {"what": "cards", "title": "More cards"}, **HTMX)
    assert response.status_code == 422
    assert "This map already has this lane." in response.content.decode()
    assert 'value="More cards"' in response.content.decode()
    response = client.post(url, {"what": "app:weather"}, **HTMX)
    assert response.status_code == 422
    assert journey.lanes.count() == 6


def test_a_stale_lane_edit_is_a_409_that_shows_the_current_name(team, actions, client_for):
    lane_update(lane=actions, title="Doing")
    response = client_for(team.editor).post(
        reverse("boards:lane_edit", args=[actions.pk]), {"title": "Acting", "version": 1}, **HTMX
    )
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    actions.refresh_from_db()
    assert actions.title == "Doing"


def test_a_stale_cell_edit_is_a_409_that_shows_theirs_and_keeps_mine(team, actions, stage, client_for):
    lane_cell_set(lane=actions, stage=stage, body="Theirs")
    response = client_for(team.editor).post(
        reverse("boards:cell", args=[actions.pk, stage.pk]), {"body": "Mine", "version": 0}, **HTMX
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Theirs" in html and "Mine</textarea>" in html
    assert LaneCell.objects.get(lane=actions, stage=stage).body == "Theirs"


def test_a_cell_longer_than_its_bound_is_refused_in_the_form(team, actions, stage, client_for):
    response = client_for(team.editor).post(
        reverse("boards:cell", args=[actions.pk, stage.pk]), {"body": "x" * 4001, "version": 0}, **HTMX
    )
    assert response.status_code == 422
    assert "at most 4000 characters" in response.content.decode()
    assert not LaneCell.objects.exists()


def test_a_bad_lane_move_says_why(team, actions, client_for):
    response = client_for(team.editor).post(reverse("boards:lane_move", args=[actions.pk]), {"direction": "sideways"})
    assert response.status_code == 400
    assert "Unknown direction." in response.content.decode()


# -- what each kind of lane draws ---------------------------------------------------------------------------------


def test_the_grid_draws_a_row_per_lane_in_order_and_leaves_hidden_lanes_out(team, journey, actions, client_for):
    lane_update(lane=journey.lanes.get(rollup_field="opportunities"), hidden=True)
    html = board(client_for(team.viewer), journey)
    labels = ["Emotion curve", "Customer actions", "Touchpoints", "Pain points", "Strategies"]
    places = [html.index(f">{label}</span>") for label in labels]
    assert places == sorted(places)
    assert ">Opportunities</span>" not in html
    assert html.count('role="gridcell"') == 5 * 5  # five lanes shown, five stages


def test_the_touchpoints_lane_splits_into_a_row_per_channel_or_per_persona(team, journey, persona, client_for):
    stage = journey.stages.first()
    email = Channel.objects.get(workspace=team.workspace, name="E-mail")
    store = Channel.objects.get(workspace=team.workspace, name="Store")
    other = persona_create(workspace=team.workspace, name="Other shopper")
    journey.personas.add(other)
    touchpoint_create(stage=stage, channel=email, title="Spring sale e-mail", personas=[persona])
    touchpoint_create(stage=stage, channel=store, title="Shop window", personas=[other])
    cards = journey.lanes.get(kind=LaneKind.CARDS)
    client = client_for(team.viewer)

    lane_update(lane=cards, split_by=CardSplit.CHANNEL)
    html = board(client, journey)
    email_row = html[html.index('aria-label="E-mail in Awareness"') :]
    assert email_row.index("Spring sale e-mail") < email_row.index("</ol>")
    store_row = html[html.index('aria-label="Store in Awareness"') :]
    assert store_row.index("Shop window") < store_row.index("</ol>")

    lane_update(lane=cards, split_by=CardSplit.PERSONA)
    html = board(client, journey)
    mine = html[html.index(f'aria-label="{persona.name} in Awareness"') :]
    assert mine.index("Spring sale e-mail") < mine.index("</ol>") < mine.index("Shop window")


def test_a_roll_up_gathers_a_field_per_stage_each_item_linking_to_its_card(team, journey, channel, client_for):
    stage = journey.stages.first()
    cards = [
        touchpoint_create(stage=stage, channel=channel, title=f"Card {index}", pain_points=f"Pain {index}")
        for index in range(8)
    ]
    touchpoint_create(stage=stage, channel=channel, title="Painless")
    html = board(client_for(team.viewer), journey)
    assert f'href="/touchpoints/{cards[0].pk}/"' in html
    assert "Pain 5" in html and "Pain 6" not in html  # the first six, then a link to all of them
    pains = journey.lanes.get(rollup_field="pain_points")
    full = client_for(team.viewer).get(reverse("boards:cell", args=[pains.pk, stage.pk]), **HTMX).content.decode()
    assert all(f"Pain {index}" in full for index in range(8)) and "Painless" not in full


def test_the_emotion_curve_draws_one_line_per_persona_when_the_map_is_filtered(
    team, journey, channel, persona, client_for
):
    other = persona_create(workspace=team.workspace, name="Other shopper")
    journey.personas.add(other)
    for stage in journey.stages.all()[:2]:
        touchpoint_create(stage=stage, channel=channel, title=f"{stage.name} 1", emotion=2, personas=[persona])
        touchpoint_create(stage=stage, channel=channel, title=f"{stage.name} 2", emotion=-2, personas=[other])
    client = client_for(team.viewer)
    one_line = board(client, journey)
    assert one_line.count("<circle") == 2
    two_lines = board(client, journey, persona=[persona.pk, other.pk])
    assert two_lines.count("<circle") == 4
    assert f'fill="{other.color}"' in two_lines and f'fill="{persona.color}"' in two_lines


# -- escaping --------------------------------------------------------------------------------------------------------


def test_lane_names_texts_and_roll_ups_are_escaped_or_sanitised_everywhere(team, journey, stage, channel, client_for):
    lane = lane_create(journey=journey, kind=LaneKind.TEXT, title="<img src=x onerror=alert(1)>")
    lane_cell_set(
        lane=lane,
        stage=stage,
        body="**Bold** <script>alert(2)</script> [link](javascript:alert(3)) <b onclick=alert(4)>b</b>",
    )
    touchpoint_create(stage=stage, channel=channel, title="<i>card</i>", pain_points="<svg onload=alert(5)>")
    stage.name = "<u>Awareness</u>"
    stage.save()
    client = client_for(team.editor)
    pages = [
        board(client, journey),
        client.get(reverse("boards:lanes", args=[journey.pk]), **HTMX).content.decode(),
        client.get(reverse("boards:cell", args=[lane.pk, stage.pk]), **HTMX).content.decode(),
        client.get(
            reverse("boards:cell", args=[journey.lanes.get(rollup_field="pain_points").pk, stage.pk]), **HTMX
        ).content.decode(),
        client.get(reverse("boards:parts", args=[journey.pk]), {"stage": stage.pk}).content.decode(),
    ]
    for html in pages:
        for raw in ["<img src=x", "<script>", 'href="javascript:', "<b onclick", "<svg onload", "<i>card", "<u>Aw"]:
            assert raw not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[0]
    assert "<strong>Bold</strong>" in pages[0]
    assert "&lt;svg onload=alert(5)&gt;" in pages[0]


def test_an_app_lane_whose_app_is_gone_is_left_out(team, journey, client_for):
    Lane.objects.filter(journey=journey, kind=LaneKind.APP).update(source="retired-app")
    html = board(client_for(team.viewer), journey)
    assert html.count('role="gridcell"') == 5 * 5  # curve, actions, touchpoints, pains, opportunities


def test_a_live_update_re_reads_only_the_rows_a_change_touched(team, journey, actions, stage, client_for):
    lane_cell_set(lane=actions, stage=stage, body="Sees an ad")
    url = reverse("boards:parts", args=[journey.pk])
    client = client_for(team.viewer)
    every_row = client.get(url, {"stage": stage.pk}).content.decode()
    cards_only = client.get(url, {"stage": stage.pk, "rows": "cards"}).content.decode()
    text_only = client.get(url, {"stage": stage.pk, "rows": "text"}).content.decode()
    text_cell = f'id="cell-{actions.pk}-{stage.pk}"'
    cards_cell = f'id="cell-{journey.lanes.get(kind=LaneKind.CARDS).pk}-{stage.pk}"'
    assert text_cell in every_row and cards_cell in every_row
    assert text_cell not in cards_only and cards_cell in cards_only
    assert text_cell in text_only and cards_cell not in text_only
    response = client.get(url, {"stage": stage.pk, "rows": "weather"})
    assert response.status_code == 400 and "rows" in response.content.decode()


def test_a_card_edit_redraws_the_neighbouring_curve_cells_whole(team, journey, channel, client_for):
    stages = list(journey.stages.order_by("position"))
    cards = [touchpoint_create(stage=stage, channel=channel, title=stage.name, emotion=1) for stage in stages]
    middle = cards[2]
    response = client_for(team.editor).post(
        reverse("boards:touchpoint_edit", args=[middle.pk]),
        {"title": "Paid", "stage": middle.stage_id, "channel": channel.pk, "emotion": "-2", "version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    curve = journey.lanes.get(kind=LaneKind.CURVE).pk
    for stage in stages[1:4]:
        cell = html[html.index(f'id="cell-{curve}-{stage.pk}"') :]
        cell = cell[: cell.index("</svg>")]
        # the zero line, and a half-segment towards each neighbour
        assert cell.count("<line") == 3, stage.name


def test_a_card_of_two_personas_shows_in_both_rows_with_ids_of_their_own(team, journey, channel, persona, client_for):
    other = persona_create(workspace=team.workspace, name="Other shopper")
    journey.personas.add(other)
    card = touchpoint_create(stage=journey.stages.first(), channel=channel, title="Shared", personas=[persona, other])
    lane_update(lane=journey.lanes.get(kind=LaneKind.CARDS), split_by=CardSplit.PERSONA)
    html = board(client_for(team.viewer), journey)
    assert html.count(">Shared</a>") == 2
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert f'id="touchpoint-{card.pk}"' in html  # the first row's; the other row's has the row's key


def test_the_curve_writes_its_values_as_the_reader_does(team, journey, channel, client_for):
    stage = journey.stages.first()
    touchpoint_create(stage=stage, channel=channel, title="A", emotion=1)
    touchpoint_create(stage=stage, channel=channel, title="B", emotion=2)
    client = client_for(team.viewer)
    assert ">+1.5</text>" in board(client, journey)
    assert (
        ">+1,5</text>"
        in client.get(reverse("boards:board", args=[journey.pk]), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    )


def test_a_text_for_a_lane_deleted_meanwhile_is_refused_not_an_error(journey, actions, stage):
    from django.core.exceptions import ValidationError

    from journeys.services import lane_delete

    stale = Lane.objects.get(pk=actions.pk)
    lane_delete(lane=actions)
    with pytest.raises(ValidationError, match="just been deleted"):
        lane_cell_set(lane=stale, stage=stage, body="Late text")
    assert not LaneCell.objects.exists()
