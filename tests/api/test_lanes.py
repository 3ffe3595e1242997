import pytest

from journeys.models import LaneCell, LaneKind
from journeys.services import MAX_LANES_PER_MAP, journey_create, lane_create

LIST = "/api/v1/lanes/"


def detail(lane):
    return f"/api/v1/lanes/{lane.pk}/"


def cell_url(lane, stage):
    return f"/api/v1/lanes/{lane.pk}/cells/{stage.pk}/"


def kinds(journey):
    return list(journey.lanes.order_by("position").values_list("kind", flat=True))


@pytest.fixture
def actions(journey):
    return journey.lanes.get(kind=LaneKind.TEXT)


@pytest.fixture
def first_stage(journey):
    return journey.stages.get(position=0)


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_read_a_lane(team, actions, api_for, role, status):
    response = api_for(role).get(detail(actions))
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert (body["kind"], body["title"], body["name"], body["position"]) == (
            "text",
            "Customer actions",
            "Customer actions",
            1,
        )
        assert body["journey"] == actions.journey_id


def test_lanes_come_in_board_order_with_their_names(team, journey, api_for):
    body = api_for("viewer").get(f"{LIST}?journey={journey.pk}").json()
    assert [lane["kind"] for lane in body["results"]] == ["curve", "text", "cards", "rollup", "rollup", "app"]
    assert [lane["name"] for lane in body["results"]] == [
        "Emotion curve",
        "Customer actions",
        "Touchpoints",
        "Pain points",
        "Opportunities",
        "Strategies",
    ]
    assert body["results"][5]["source"] == "strategies"
    assert api_for("outsider").get(f"{LIST}?journey={journey.pk}").json()["count"] == 0
    assert api_for("viewer").get(f"{LIST}?journey=x").status_code == 400


def test_an_untitled_lane_is_named_in_the_language_of_the_request(team, journey, api_for):
    response = api_for("viewer").get(f"{LIST}?journey={journey.pk}", HTTP_ACCEPT_LANGUAGE="ko")
    names = [lane["name"] for lane in response.json()["results"]]
    assert names[1] == "Customer actions"  # a name someone typed stays as typed
    assert names[0] != "Emotion curve" and names[0]


@pytest.mark.parametrize(
    "role, status", [("owner", 201), ("editor", 201), ("viewer", 403), ("outsider", 400), ("anonymous", 401)]
)
def test_who_can_add_a_lane(team, journey, api_for, role, status):
    payload = {"journey": journey.pk, "kind": "text", "title": "Backstage", "position": 0}
    response = api_for(role).post(LIST, payload, format="json")
    assert response.status_code == status
    if status == 201:
        assert kinds(journey)[:2] == ["text", "curve"]
        assert response.json()["name"] == "Backstage"
        assert response.json()["cells"] == []
    else:
        assert not journey.lanes.filter(title="Backstage").exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"kind": "text"}, "title"),
        ({"kind": "text", "title": "x" * 81}, "title"),
        ({"kind": "cards"}, None),  # the map has its touchpoints lane already
        ({"kind": "curve"}, None),
        ({"kind": "rollup"}, "rollup_field"),
        ({"kind": "rollup", "rollup_field": "pain_points"}, None),  # gathered already
        ({"kind": "rollup", "rollup_field": "mood"}, "rollup_field"),
        ({"kind": "text", "title": "A", "rollup_field": "does"}, "rollup_field"),
        ({"kind": "app"}, "source"),
        ({"kind": "app", "source": "weather"}, "source"),
        ({"kind": "app", "source": "strategies"}, None),  # shown already
        ({"kind": "text", "title": "A", "source": "strategies"}, "source"),
        ({"kind": "text", "title": "A", "split_by": "channel"}, "split_by"),
        ({"kind": "swimming"}, "kind"),
        ({"kind": "text", "title": "A", "position": -1}, "position"),
    ],
)
def test_a_bad_lane_is_a_400_naming_the_field_and_writes_nothing(team, journey, owner_api, payload, field):
    before = kinds(journey)
    response = owner_api.post(LIST, {"journey": journey.pk, **payload}, format="json")
    assert response.status_code == 400, response.json()
    errors = response.json()
    if field is None:
        assert "already" in str(errors)
    else:
        assert field in errors
    assert kinds(journey) == before


def test_a_map_has_at_most_so_many_lanes(team, journey, owner_api):
    for index in range(MAX_LANES_PER_MAP - journey.lanes.count()):
        lane_create(journey=journey, kind=LaneKind.TEXT, title=f"Lane {index}")
    response = owner_api.post(LIST, {"journey": journey.pk, "kind": "text", "title": "One more"}, format="json")
    assert response.status_code == 400
    assert "at most 30 lanes" in str(response.json())
    assert journey.lanes.count() == MAX_LANES_PER_MAP


def test_a_deleted_rollup_can_be_added_again_and_an_app_lane_too(team, journey, owner_api):
    pains = journey.lanes.get(rollup_field="pain_points")
    assert owner_api.delete(detail(pains)).status_code == 204
    response = owner_api.post(
        LIST, {"journey": journey.pk, "kind": "rollup", "rollup_field": "pain_points"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Pain points"
    assert response.json()["position"] == 5


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_edit_a_lane(team, actions, api_for, role, status):
    response = api_for(role).patch(detail(actions), {"title": "What they do", "position": 0}, format="json")
    assert response.status_code == status
    actions.refresh_from_db()
    if status == 200:
        assert (actions.title, actions.position, actions.version) == ("What they do", 0, 2)  # one change
        assert response.json()["version"] == 2
    else:
        assert (actions.title, actions.position, actions.version) == ("Customer actions", 1, 1)


def test_a_lane_edit_from_an_old_version_is_a_409_with_the_current_lane(team, actions, owner_api, editor_api):
    assert editor_api.patch(detail(actions), {"title": "Doing", "version": 1}, format="json").status_code == 200
    response = owner_api.patch(detail(actions), {"title": "Acting", "hidden": True, "version": 1}, format="json")
    assert response.status_code == 409
    assert (response.json()["title"], response.json()["version"], response.json()["hidden"]) == ("Doing", 2, False)
    actions.refresh_from_db()
    assert (actions.title, actions.hidden) == ("Doing", False)


def test_a_move_from_an_old_version_is_a_409_too(team, journey, actions, owner_api, editor_api):
    assert editor_api.patch(detail(actions), {"hidden": True}, format="json").status_code == 200
    response = owner_api.patch(detail(actions), {"position": 4, "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["position"] == 1
    assert kinds(journey) == ["curve", "text", "cards", "rollup", "rollup", "app"]


def test_cards_split_by_channel_and_other_lanes_do_not_split(team, journey, actions, owner_api):
    cards = journey.lanes.get(kind=LaneKind.CARDS)
    assert owner_api.patch(detail(cards), {"split_by": "channel"}, format="json").json()["split_by"] == "channel"
    response = owner_api.patch(detail(actions), {"split_by": "persona"}, format="json")
    assert response.status_code == 400
    assert "split_by" in response.json()
    response = owner_api.patch(detail(cards), {"split_by": "mood"}, format="json")
    assert response.status_code == 400
    actions.refresh_from_db()
    assert actions.split_by == ""


def test_a_text_lane_keeps_its_name(team, actions, owner_api):
    response = owner_api.patch(detail(actions), {"title": "   "}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()


def test_deleting_a_lane_closes_the_gap_and_keeps_the_cards(team, journey, touchpoint, owner_api, viewer_api):
    cards = journey.lanes.get(kind=LaneKind.CARDS)
    assert viewer_api.delete(detail(cards)).status_code == 403
    assert owner_api.delete(detail(cards)).status_code == 204
    assert kinds(journey) == ["curve", "text", "rollup", "rollup", "app"]
    assert list(journey.lanes.order_by("position").values_list("position", flat=True)) == [0, 1, 2, 3, 4]
    touchpoint.refresh_from_db()
    assert owner_api.get(detail(cards)).status_code == 404


# -- cells ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_write_a_cell(team, actions, first_stage, api_for, role, status):
    response = api_for(role).patch(cell_url(actions, first_stage), {"body": "Sees an ad", "version": 0}, format="json")
    assert response.status_code == status
    cell = LaneCell.objects.filter(lane=actions, stage=first_stage).first()
    if status == 200:
        assert response.json() == {
            "stage": first_stage.pk,
            "body": "Sees an ad",
            "version": 1,
            "updated_at": response.json()["updated_at"],
            "updated_by": getattr(team, role).pk,
        }
        assert cell.body == "Sees an ad"
    else:
        assert cell is None


def test_cells_come_with_their_lane_and_the_map(team, journey, actions, first_stage, owner_api):
    owner_api.patch(cell_url(actions, first_stage), {"body": "**Searches**"}, format="json")
    lane = owner_api.get(detail(actions)).json()
    assert [(cell["stage"], cell["body"], cell["version"]) for cell in lane["cells"]] == [
        (first_stage.pk, "**Searches**", 1)
    ]
    board = owner_api.get(f"/api/v1/journeys/{journey.pk}/").json()
    assert [lane["kind"] for lane in board["lanes"]] == kinds(journey)
    assert board["lanes"][1]["cells"][0]["body"] == "**Searches**"


def test_a_cell_written_meanwhile_is_a_409_with_the_current_text(team, actions, first_stage, owner_api, editor_api):
    assert (
        editor_api.patch(cell_url(actions, first_stage), {"body": "Editor's", "version": 0}, format="json").status_code
        == 200
    )
    response = owner_api.patch(cell_url(actions, first_stage), {"body": "Owner's", "version": 0}, format="json")
    assert response.status_code == 409
    assert (response.json()["body"], response.json()["version"]) == ("Editor's", 1)
    assert LaneCell.objects.get(lane=actions, stage=first_stage).body == "Editor's"
    response = owner_api.patch(cell_url(actions, first_stage), {"body": "Owner's", "version": 1}, format="json")
    assert (response.status_code, response.json()["version"]) == (200, 2)


@pytest.mark.parametrize("body, status", [("x" * 4000, 200), ("x" * 4001, 400), ("", 200)])
def test_a_cell_has_bounds(team, actions, first_stage, owner_api, body, status):
    response = owner_api.patch(cell_url(actions, first_stage), {"body": body}, format="json")
    assert response.status_code == status
    if status == 400:
        assert "body" in response.json()
        assert not LaneCell.objects.filter(lane=actions).exists()


def test_only_text_lanes_have_cells_and_only_for_their_own_stages(team, journey, actions, first_stage, owner_api):
    curve = journey.lanes.get(kind=LaneKind.CURVE)
    response = owner_api.patch(cell_url(curve, first_stage), {"body": "Happy"}, format="json")
    assert response.status_code == 400
    assert "lane" in response.json()
    other_map = journey_create(workspace=team.workspace, title="Other", template="default")
    foreign_stage = other_map.stages.first()
    assert owner_api.patch(cell_url(actions, foreign_stage), {"body": "x"}, format="json").status_code == 404
    assert not LaneCell.objects.exists()
