import pytest

from journeys.models import Stage
from journeys.services import journey_create
from workspaces.services import membership_set

LIST = "/api/v1/stages/"


def detail(stage):
    return f"/api/v1/stages/{stage.pk}/"


def names(journey):
    return list(journey.stages.order_by("position").values_list("name", flat=True))


@pytest.fixture
def loyalty(journey):
    return journey.stages.get(name="Loyalty")


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_read_a_stage(team, loyalty, api_for, role, status):
    response = api_for(role).get(detail(loyalty))
    assert response.status_code == status
    if status == 200:
        assert response.json()["name"] == "Loyalty"
        assert response.json()["position"] == 4
        assert response.json()["journey"] == loyalty.journey_id


def test_stages_filter_by_journey_and_come_in_board_order(team, journey, api_for):
    other = journey_create(workspace=team.workspace, title="Buyer", template="buyer")
    api = api_for("viewer")
    body = api.get(f"{LIST}?journey={journey.pk}").json()
    assert [s["name"] for s in body["results"]] == names(journey)
    assert api.get(f"{LIST}?journey={other.pk}").json()["count"] == 4
    assert api.get(f"{LIST}?workspace={team.workspace.pk}").json()["count"] == 9
    assert api.get(f"{LIST}?journey=nope").status_code == 400


def test_stages_of_other_workspaces_are_not_listed(team, journey, api_for):
    assert api_for("outsider").get(LIST).json()["count"] == 0
    assert api_for("outsider").get(f"{LIST}?journey={journey.pk}").json()["count"] == 0


@pytest.mark.parametrize(
    "role, status", [("owner", 201), ("editor", 201), ("viewer", 403), ("outsider", 400), ("anonymous", 401)]
)
def test_who_can_add_a_stage(team, journey, api_for, role, status):
    response = api_for(role).post(LIST, {"journey": journey.pk, "name": "Research", "position": 1}, format="json")
    assert response.status_code == status
    if status == 201:
        assert names(journey)[:3] == ["Awareness", "Research", "Consideration"]
        assert response.json()["position"] == 1
    else:
        assert "Research" not in names(journey)


def test_a_stage_without_position_goes_last(team, journey, api_for):
    response = api_for("owner").post(LIST, {"journey": journey.pk, "name": "Advocacy"}, format="json")
    assert response.json()["position"] == 5
    assert names(journey)[-1] == "Advocacy"


def test_a_stage_needs_a_name(team, journey, api_for):
    response = api_for("owner").post(LIST, {"journey": journey.pk, "name": ""}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert journey.stages.count() == 5


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_edit_a_stage(team, loyalty, api_for, role, status):
    response = api_for(role).patch(detail(loyalty), {"customer_goal": "Come back"}, format="json")
    assert response.status_code == status
    loyalty.refresh_from_db()
    assert (loyalty.customer_goal == "Come back") == (status == 200)


def test_moving_a_stage_renumbers_the_others(team, journey, loyalty, api_for):
    response = api_for("editor").patch(detail(loyalty), {"position": 0}, format="json")
    assert response.status_code == 200
    assert response.json()["position"] == 0
    assert names(journey) == ["Loyalty", "Awareness", "Consideration", "Purchase", "Post-purchase"]
    assert list(journey.stages.order_by("position").values_list("position", flat=True)) == [0, 1, 2, 3, 4]


def test_a_stage_moved_past_the_end_goes_last(team, journey, api_for):
    awareness = journey.stages.get(name="Awareness")
    api_for("editor").patch(detail(awareness), {"position": 99}, format="json")
    assert names(journey)[-1] == "Awareness"


def test_a_negative_position_is_refused(team, journey, loyalty, api_for):
    response = api_for("editor").patch(detail(loyalty), {"position": -1}, format="json")
    assert response.status_code == 400
    assert "position" in response.json()
    assert names(journey)[-1] == "Loyalty"


def test_a_stage_edit_from_an_old_version_is_a_conflict_and_moves_nothing(team, journey, loyalty, api_for):
    api = api_for("editor")
    assert api.patch(detail(loyalty), {"name": "Retention", "version": 1}, format="json").status_code == 200
    response = api.patch(detail(loyalty), {"name": "Loyalty", "position": 0, "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["name"] == "Retention"
    assert response.json()["version"] == 2
    assert names(journey)[-1] == "Retention"


def test_a_stage_edit_and_move_with_the_current_version_do_both(team, journey, loyalty, api_for):
    body = {"name": "Retention", "position": 1, "version": 1}
    response = api_for("editor").patch(detail(loyalty), body, format="json")
    assert response.status_code == 200
    assert names(journey)[:2] == ["Awareness", "Retention"]
    assert response.json()["version"] > 1


@pytest.mark.parametrize(
    "role, status", [("owner", 204), ("editor", 204), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_delete_a_stage(team, journey, api_for, role, status):
    awareness = journey.stages.get(name="Awareness")
    assert api_for(role).delete(detail(awareness)).status_code == status
    assert Stage.objects.filter(pk=awareness.pk).exists() == (status != 204)
    if status == 204:
        assert list(journey.stages.values_list("position", flat=True)) == [0, 1, 2, 3]


def test_a_stage_of_a_map_where_i_am_a_viewer_cannot_be_added_to(team, api_for):
    membership_set(workspace=team.other_workspace, user=team.owner, role="viewer")
    theirs = journey_create(workspace=team.other_workspace, title="Theirs")
    response = api_for("owner").post(LIST, {"journey": theirs.pk, "name": "Mine"}, format="json")
    assert response.status_code == 403
    assert theirs.stages.count() == 5


def test_stage_writes_through_the_api_name_who_acted_in_the_activity_feed(team, journey, api_for):
    from activity.models import BoardActivity

    api = api_for("owner")
    created = api.post(LIST, {"journey": journey.pk, "name": "Advocacy"}, format="json").json()
    api.patch(f"{LIST}{created['id']}/", {"name": "Word of mouth", "position": 0}, format="json")
    api.delete(f"{LIST}{created['id']}/")
    entries = BoardActivity.objects.filter(target_type="stage", target_id=created["id"]).order_by("id")
    assert [(entry.action, entry.actor) for entry in entries] == [
        ("created", team.owner),
        ("edited", team.owner),
        ("moved", team.owner),
        ("deleted", team.owner),
    ]
