import pytest

from channels.models import Channel
from journeys.services import journey_create
from personas.services import persona_create
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create
from workspaces.services import membership_set

LIST = "/api/v1/touchpoints/"


def detail(touchpoint):
    return f"/api/v1/touchpoints/{touchpoint.pk}/"


def titles(stage):
    return list(stage.touchpoints.order_by("position").values_list("title", flat=True))


@pytest.fixture
def stages(journey):
    return list(journey.stages.order_by("position"))


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_read_a_touchpoint(team, touchpoint, persona, channel, api_for, role, status):
    response = api_for(role).get(detail(touchpoint))
    assert response.status_code == status
    if status == 200:
        body = response.json()
        keys = ("id", "stage", "channel", "personas", "title", "emotion", "position", "version")
        assert {k: body[k] for k in keys} == {
            "id": touchpoint.pk,
            "stage": touchpoint.stage_id,
            "channel": channel.pk,
            "personas": [persona.pk],
            "title": "Promotional e-mail",
            "emotion": 1,
            "position": 0,
            "version": 1,
        }
        assert set(body) >= {"does", "thinks", "feels", "pain_points", "opportunities", "owner"}


def test_touchpoints_filter_by_journey_stage_channel_and_persona(team, journey, touchpoint, persona, stages, api_for):
    store = Channel.objects.get(workspace=team.workspace, name="Store")
    touchpoint_create(stage=stages[2], channel=store, title="Checkout")
    other_map = journey_create(workspace=team.workspace, title="Second map")
    touchpoint_create(stage=other_map.stages.first(), channel=store, title="Elsewhere")
    api = api_for("viewer")

    def found(query):
        return sorted(t["title"] for t in api.get(LIST + query).json()["results"])

    assert found("") == ["Checkout", "Elsewhere", "Promotional e-mail"]
    assert found(f"?journey={journey.pk}") == ["Checkout", "Promotional e-mail"]
    assert found(f"?stage={stages[2].pk}") == ["Checkout"]
    assert found(f"?channel={store.pk}") == ["Checkout", "Elsewhere"]
    assert found(f"?channel={store.pk}&journey={journey.pk}") == ["Checkout"]
    assert found(f"?persona={persona.pk}") == ["Promotional e-mail"]
    assert found(f"?workspace={team.workspace.pk}") == ["Checkout", "Elsewhere", "Promotional e-mail"]
    assert found(f"?workspace={team.other_workspace.pk}") == []


@pytest.mark.parametrize("query", ["?stage=first", "?channel=0", "?persona=1e3", "?journey=%20"])
def test_a_bad_touchpoint_filter_is_a_400(team, api_for, query):
    response = api_for("owner").get(LIST + query)
    assert response.status_code == 400


def test_touchpoints_of_other_workspaces_are_not_listed(team, touchpoint, api_for):
    assert api_for("outsider").get(LIST).json()["count"] == 0
    assert api_for("outsider").get(f"{LIST}?stage={touchpoint.stage_id}").json()["count"] == 0


@pytest.mark.parametrize(
    "role, status", [("owner", 201), ("editor", 201), ("viewer", 403), ("outsider", 400), ("anonymous", 401)]
)
def test_who_can_add_a_touchpoint(team, stages, channel, persona, api_for, role, status):
    body = {
        "stage": stages[1].pk,
        "channel": channel.pk,
        "personas": [persona.pk],
        "title": "Price comparison",
        "emotion": -1,
        "pain_points": "Hidden delivery costs",
    }
    response = api_for(role).post(LIST, body, format="json")
    assert response.status_code == status
    assert Touchpoint.objects.filter(title="Price comparison").exists() == (status == 201)
    if status == 201:
        assert response.json()["personas"] == [persona.pk]
        assert response.json()["position"] == 0


def test_a_touchpoint_is_inserted_at_its_position(team, stages, touchpoint, channel, api_for):
    body = {"stage": stages[0].pk, "channel": channel.pk, "title": "Billboard", "position": 0}
    assert api_for("owner").post(LIST, body, format="json").status_code == 201
    assert titles(stages[0]) == ["Billboard", "Promotional e-mail"]


def test_a_touchpoint_needs_a_title_channel_and_a_known_emotion(team, stages, api_for):
    response = api_for("owner").post(LIST, {"stage": stages[0].pk, "emotion": 7}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"title", "channel", "emotion"}
    assert not Touchpoint.objects.exists()


def test_a_touchpoint_cannot_use_a_channel_of_another_workspace(team, stages, api_for):
    membership_set(workspace=team.other_workspace, user=team.owner, role="viewer")
    foreign = Channel.objects.filter(workspace=team.other_workspace).first()
    body = {"stage": stages[0].pk, "channel": foreign.pk, "title": "Crossed wires"}
    response = api_for("owner").post(LIST, body, format="json")
    assert response.status_code == 400
    assert "channel" in response.json()
    assert not Touchpoint.objects.exists()


def test_a_touchpoint_can_only_tag_personas_on_its_map(team, stages, channel, api_for):
    off_map = persona_create(workspace=team.workspace, name="Not on the map")
    body = {"stage": stages[0].pk, "channel": channel.pk, "title": "Tagged", "personas": [off_map.pk]}
    response = api_for("owner").post(LIST, body, format="json")
    assert response.status_code == 400
    assert "personas" in response.json()
    assert not Touchpoint.objects.exists()


def test_a_touchpoint_owner_must_be_a_member(team, stages, channel, api_for):
    body = {"stage": stages[0].pk, "channel": channel.pk, "title": "Owned", "owner": team.outsider.pk}
    response = api_for("owner").post(LIST, body, format="json")
    assert response.status_code == 400
    assert "owner" in response.json()
    body["owner"] = team.editor.pk
    assert api_for("owner").post(LIST, body, format="json").json()["owner"] == team.editor.pk


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_edit_a_touchpoint(team, touchpoint, api_for, role, status):
    response = api_for(role).patch(detail(touchpoint), {"feels": "Curious", "emotion": 2}, format="json")
    assert response.status_code == status
    touchpoint.refresh_from_db()
    assert (touchpoint.feels == "Curious") == (status == 200)
    if status == 200:
        assert response.json()["version"] == 2


def test_a_touchpoint_edit_from_an_old_version_is_a_conflict(team, touchpoint, api_for):
    api = api_for("editor")
    assert api.patch(detail(touchpoint), {"title": "Welcome e-mail", "version": 1}, format="json").status_code == 200
    response = api.patch(detail(touchpoint), {"title": "Newsletter", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["title"] == "Welcome e-mail"
    assert response.json()["version"] == 2
    touchpoint.refresh_from_db()
    assert touchpoint.title == "Welcome e-mail"


def test_moving_a_touchpoint_to_another_stage(team, touchpoint, stages, channel, api_for):
    touchpoint_create(stage=stages[2], channel=channel, title="Checkout")
    response = api_for("editor").patch(detail(touchpoint), {"stage": stages[2].pk, "position": 0}, format="json")
    assert response.status_code == 200
    assert response.json()["stage"] == stages[2].pk
    assert titles(stages[2]) == ["Promotional e-mail", "Checkout"]
    assert titles(stages[0]) == []


def test_moving_a_touchpoint_within_its_stage(team, touchpoint, stages, channel, api_for):
    touchpoint_create(stage=stages[0], channel=channel, title="Second")
    touchpoint_create(stage=stages[0], channel=channel, title="Third")
    assert api_for("editor").patch(detail(touchpoint), {"position": 2}, format="json").status_code == 200
    assert titles(stages[0]) == ["Second", "Third", "Promotional e-mail"]
    assert list(stages[0].touchpoints.order_by("position").values_list("position", flat=True)) == [0, 1, 2]


def test_a_touchpoint_moved_to_a_stage_without_position_goes_last(team, touchpoint, stages, channel, api_for):
    touchpoint_create(stage=stages[3], channel=channel, title="Delivery")
    api_for("editor").patch(detail(touchpoint), {"stage": stages[3].pk}, format="json")
    assert titles(stages[3]) == ["Delivery", "Promotional e-mail"]


def test_a_touchpoint_cannot_move_to_another_map(team, touchpoint, api_for):
    other_map = journey_create(workspace=team.workspace, title="Second map")
    response = api_for("editor").patch(detail(touchpoint), {"stage": other_map.stages.first().pk}, format="json")
    assert response.status_code == 400
    assert "stage" in response.json()
    touchpoint.refresh_from_db()
    assert touchpoint.stage.journey_id != other_map.pk


def test_a_touchpoint_cannot_move_to_a_stage_outside_my_workspaces(team, touchpoint, api_for):
    theirs = journey_create(workspace=team.other_workspace, title="Theirs")
    response = api_for("editor").patch(detail(touchpoint), {"stage": theirs.stages.first().pk}, format="json")
    assert response.status_code == 400
    assert "stage" in response.json()


def test_a_move_and_edit_with_an_old_version_changes_nothing(team, touchpoint, stages, api_for):
    api = api_for("editor")
    api.patch(detail(touchpoint), {"title": "Welcome e-mail"}, format="json")
    response = api.patch(detail(touchpoint), {"stage": stages[4].pk, "title": "Late", "version": 1}, format="json")
    assert response.status_code == 409
    touchpoint.refresh_from_db()
    assert (touchpoint.stage_id, touchpoint.title, touchpoint.version) == (stages[0].pk, "Welcome e-mail", 2)


def test_a_move_with_a_bad_edit_is_not_half_done(team, touchpoint, stages, api_for):
    off_map = persona_create(workspace=team.workspace, name="Not on the map")
    response = api_for("editor").patch(
        detail(touchpoint), {"stage": stages[4].pk, "personas": [off_map.pk], "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "personas" in response.json()
    touchpoint.refresh_from_db()
    assert (touchpoint.stage_id, touchpoint.version) == (stages[0].pk, 1)


def test_a_move_and_edit_with_the_current_version_do_both(team, touchpoint, stages, api_for):
    response = api_for("editor").patch(
        detail(touchpoint), {"stage": stages[4].pk, "title": "Loyalty mail", "version": 1}, format="json"
    )
    assert response.status_code == 200
    touchpoint.refresh_from_db()
    assert (touchpoint.stage_id, touchpoint.title) == (stages[4].pk, "Loyalty mail")


@pytest.mark.parametrize(
    "role, status", [("owner", 204), ("editor", 204), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_delete_a_touchpoint(team, touchpoint, stages, channel, api_for, role, status):
    touchpoint_create(stage=stages[0], channel=channel, title="Second")
    assert api_for(role).delete(detail(touchpoint)).status_code == status
    assert Touchpoint.objects.filter(pk=touchpoint.pk).exists() == (status != 204)
    if status == 204:
        assert list(stages[0].touchpoints.values_list("title", "position")) == [("Second", 0)]


def test_touchpoints_are_paginated(team, stages, channel, api_for):
    Touchpoint.objects.bulk_create(
        Touchpoint(stage=stages[i % 5], channel=channel, title=f"Card {i}", position=i // 5) for i in range(60)
    )
    api = api_for("owner")
    first = api.get(LIST).json()
    assert (first["count"], len(first["results"])) == (60, 50)
    assert len(api.get(first["next"]).json()["results"]) == 10


def test_touchpoint_writes_through_the_api_name_who_acted_in_the_activity_feed(
    team, stages, touchpoint, channel, api_for
):
    from activity.models import BoardActivity

    api = api_for("editor")
    created = api.post(LIST, {"stage": stages[1].pk, "channel": channel.pk, "title": "Chatbot"}, format="json").json()
    api.patch(detail(touchpoint), {"title": "Welcome e-mail"}, format="json")
    api.patch(detail(touchpoint), {"stage": stages[2].pk}, format="json")
    api.delete(f"{LIST}{created['id']}/")
    entries = BoardActivity.objects.filter(target_type="touchpoint").order_by("id")
    assert [(entry.action, entry.actor) for entry in entries][-4:] == [
        ("created", team.editor),
        ("edited", team.editor),
        ("moved", team.editor),
        ("deleted", team.editor),
    ]
