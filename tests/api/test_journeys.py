import pytest

from channels.models import Channel
from journeys.models import Journey, LaneKind, Stage
from journeys.services import journey_create, lane_cell_set, lane_create
from personas.services import persona_create
from touchpoints.services import touchpoint_create
from workspaces.services import membership_set

LIST = "/api/v1/journeys/"


def detail(journey):
    return f"/api/v1/journeys/{journey.pk}/"


# --- reading ---------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_read_a_journey(team, journey, api_for, role, status):
    assert api_for(role).get(detail(journey)).status_code == status


def test_a_journey_has_its_stages_in_order_each_with_its_touchpoints_in_order(
    team, journey, touchpoint, channel, api_for
):
    awareness = journey.stages.get(position=0)
    first = touchpoint_create(stage=awareness, channel=channel, title="Search ad", position=0)
    loyalty = journey.stages.get(name="Loyalty")
    touchpoint_create(stage=loyalty, channel=channel, title="Loyalty card")

    body = api_for("viewer").get(detail(journey)).json()

    assert body["title"] == "Retail journey"
    assert body["personas"] == [journey.personas.get().pk]
    assert [s["name"] for s in body["stages"]] == ["Awareness", "Consideration", "Purchase", "Post-purchase", "Loyalty"]
    assert [s["position"] for s in body["stages"]] == [0, 1, 2, 3, 4]
    assert [t["title"] for t in body["stages"][0]["touchpoints"]] == ["Search ad", "Promotional e-mail"]
    assert body["stages"][0]["touchpoints"][0]["id"] == first.pk
    assert body["stages"][0]["touchpoints"][1]["personas"] == [journey.personas.get().pk]
    assert [t["title"] for t in body["stages"][4]["touchpoints"]] == ["Loyalty card"]
    assert body["stages"][1]["touchpoints"] == []


def test_reading_a_journey_takes_the_same_queries_however_big_the_map(
    team, journey, touchpoint, channel, persona, api_for, django_assert_num_queries
):
    api = api_for("owner")
    # 1 the token (hashed: looked up by its first characters), 2 its user, 3 the journey with the
    # caller's role, 4 its personas, 5 its stages, 6 their touchpoints, 7 the touchpoints' personas,
    # 8 its lanes, 9 the lanes' texts.
    actions = journey.lanes.get(kind=LaneKind.TEXT)
    lane_cell_set(lane=actions, stage=touchpoint.stage, body="Sees an ad")
    with django_assert_num_queries(9):
        small = api.get(detail(journey))
    for stage in journey.stages.all():
        lane_cell_set(lane=actions, stage=stage, body=f"In {stage.name}")
        for index in range(5):
            touchpoint_create(stage=stage, channel=channel, title=f"{stage.name} {index}", personas=[persona])
    backstage = lane_create(journey=journey, kind=LaneKind.TEXT, title="Backstage")
    lane_cell_set(lane=backstage, stage=touchpoint.stage, body="Sends the e-mail")
    journey.personas.add(persona_create(workspace=team.workspace, name="Second persona"))
    with django_assert_num_queries(9):
        big = api.get(detail(journey))
    assert sum(len(s["touchpoints"]) for s in small.json()["stages"]) == 1
    assert sum(len(s["touchpoints"]) for s in big.json()["stages"]) == 26
    assert sum(len(lane["cells"]) for lane in big.json()["lanes"]) == 6


def test_the_list_holds_only_journeys_of_my_workspaces(team, journey, api_for):
    journey_create(workspace=team.other_workspace, title="Their map", template="blank")
    assert [j["title"] for j in api_for("viewer").get(LIST).json()["results"]] == ["Retail journey"]
    assert [j["title"] for j in api_for("outsider").get(LIST).json()["results"]] == ["Their map"]


def test_the_list_does_not_carry_the_stages(team, journey, api_for):
    (item,) = api_for("owner").get(LIST).json()["results"]
    assert "stages" not in item
    assert item["id"] == journey.pk


def test_journeys_filter_by_workspace_and_persona(team, journey, persona, api_for):
    membership_set(workspace=team.other_workspace, user=team.owner, role="viewer")
    journey_create(workspace=team.other_workspace, title="Their map", template="blank")
    journey_create(workspace=team.workspace, title="No personas", template="blank")
    api = api_for("owner")

    def titles(query):
        return sorted(j["title"] for j in api.get(LIST + query).json()["results"])

    assert titles("") == ["No personas", "Retail journey", "Their map"]
    assert titles(f"?workspace={team.workspace.pk}") == ["No personas", "Retail journey"]
    assert titles(f"?workspace={team.other_workspace.pk}") == ["Their map"]
    assert titles(f"?persona={persona.pk}") == ["Retail journey"]
    assert titles(f"?persona={persona.pk}&workspace={team.other_workspace.pk}") == []


@pytest.mark.parametrize("query", ["?workspace=x", "?persona=-3", "?workspace=1x"])
def test_a_bad_journey_filter_is_a_400(team, api_for, query):
    response = api_for("owner").get(LIST + query)
    assert response.status_code == 400
    assert set(response.json()) == {query[1:].split("=")[0]}


def test_journeys_are_paginated(team, api_for):
    Journey.objects.bulk_create(Journey(workspace=team.workspace, title=f"Map {i:02}") for i in range(51))
    api = api_for("owner")
    first = api.get(LIST).json()
    assert first["count"] == 51
    assert len(first["results"]) == 50
    assert first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    ids = {j["id"] for j in first["results"]} | {j["id"] for j in second["results"]}
    assert len(ids) == 51
    assert api.get(LIST + "?page=3").status_code == 404


# --- creating --------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status", [("owner", 201), ("editor", 201), ("viewer", 403), ("outsider", 400), ("anonymous", 401)]
)
def test_who_can_create_a_journey(team, api_for, role, status):
    response = api_for(role).post(LIST, {"workspace": team.workspace.pk, "title": "Online shop"}, format="json")
    assert response.status_code == status
    assert Journey.objects.filter(title="Online shop").exists() == (status == 201)
    if role == "outsider":
        assert "workspace" in response.json()


def test_creating_a_journey_makes_the_stages_of_its_template(team, persona, api_for):
    body = {
        "workspace": team.workspace.pk,
        "title": "Buyer's journey",
        "description": "B2B software",
        "template": "buyer",
        "personas": [persona.pk],
    }
    response = api_for("editor").post(LIST, body, format="json")
    assert response.status_code == 201
    created = response.json()
    assert [s["name"] for s in created["stages"]] == ["Awareness", "Consideration", "Decision", "Customer"]
    journey = Journey.objects.get(pk=created["id"])
    assert journey.template == "buyer"
    assert journey.created_by == team.editor
    assert list(journey.personas.all()) == [persona]
    assert journey.stages.count() == 4


def test_the_default_template_is_used_when_none_is_given(team, api_for):
    response = api_for("owner").post(LIST, {"workspace": team.workspace.pk, "title": "Shop"}, format="json")
    assert response.json()["template"] == "default"
    assert len(response.json()["stages"]) == 5


def test_an_unknown_template_is_refused(team, api_for):
    body = {"workspace": team.workspace.pk, "title": "Shop", "template": "nope"}
    response = api_for("owner").post(LIST, body, format="json")
    assert response.status_code == 400
    assert "template" in response.json()
    assert not Journey.objects.exists()


def test_a_persona_of_another_workspace_refuses_the_whole_journey(team, api_for):
    membership_set(workspace=team.other_workspace, user=team.owner, role="viewer")
    stranger = persona_create(workspace=team.other_workspace, name="Stranger")
    body = {"workspace": team.workspace.pk, "title": "Shop", "personas": [stranger.pk]}
    response = api_for("owner").post(LIST, body, format="json")
    assert response.status_code == 400
    assert "personas" in response.json()
    assert not Journey.objects.exists()
    assert not Stage.objects.exists()


def test_a_journey_needs_a_title(team, api_for):
    response = api_for("owner").post(LIST, {"workspace": team.workspace.pk}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()


# --- editing ---------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_edit_a_journey(team, journey, api_for, role, status):
    response = api_for(role).patch(detail(journey), {"title": "Renamed"}, format="json")
    assert response.status_code == status
    journey.refresh_from_db()
    assert (journey.title == "Renamed") == (status == 200)
    if status == 200:
        assert response.json()["version"] == 2
        assert len(response.json()["stages"]) == 5


def test_a_journey_edit_from_an_old_version_is_a_conflict(team, journey, api_for):
    api = api_for("editor")
    assert api.patch(detail(journey), {"title": "First", "version": 1}, format="json").status_code == 200
    response = api.patch(detail(journey), {"title": "Second", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["title"] == "First"
    assert response.json()["version"] == 2
    assert next(s["name"] for s in response.json()["stages"]) == "Awareness"
    journey.refresh_from_db()
    assert journey.title == "First"


def test_a_journey_edit_with_the_current_version_goes_through(team, journey, api_for):
    response = api_for("owner").patch(detail(journey), {"title": "New", "version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_a_bad_journey_edit_changes_nothing(team, journey, api_for):
    membership_set(workspace=team.other_workspace, user=team.owner, role="viewer")
    stranger = persona_create(workspace=team.other_workspace, name="Stranger")
    response = api_for("owner").patch(detail(journey), {"title": "New", "personas": [stranger.pk]}, format="json")
    assert response.status_code == 400
    assert "personas" in response.json()
    journey.refresh_from_db()
    assert journey.title == "Retail journey"
    assert journey.version == 1


def test_a_blank_title_is_refused(team, journey, api_for):
    response = api_for("owner").patch(detail(journey), {"title": ""}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()


# --- deleting --------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status", [("owner", 204), ("editor", 204), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_delete_a_journey(team, journey, touchpoint, api_for, role, status):
    assert api_for(role).delete(detail(journey)).status_code == status
    assert Journey.objects.filter(pk=journey.pk).exists() == (status != 204)
    assert Channel.objects.filter(pk=touchpoint.channel_id).exists()


def test_a_journey_of_another_workspace_is_not_found_for_any_verb(team, api_for):
    theirs = journey_create(workspace=team.other_workspace, title="Their map")
    api = api_for("owner")
    assert api.get(detail(theirs)).status_code == 404
    assert api.patch(detail(theirs), {"title": "Mine"}, format="json").status_code == 404
    assert api.delete(detail(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Their map"


def test_an_id_too_big_for_the_database_is_not_found(team, api_for):
    assert api_for("owner").get(f"{LIST}99999999999999999999/").status_code == 404


def test_a_related_id_too_big_for_the_database_is_a_field_error(team, api_for):
    response = api_for("owner").post(LIST, {"workspace": 99999999999999999999, "title": "Big"}, format="json")
    assert response.status_code == 400
    assert "workspace" in response.json()


def test_the_browsable_api_renders_for_a_logged_in_member(team, journey, client_for):
    client = client_for(team.viewer)
    assert client.get(LIST, HTTP_ACCEPT="text/html").status_code == 200
    assert client.get(detail(journey), HTTP_ACCEPT="text/html").status_code == 200
