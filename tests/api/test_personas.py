import pytest

from channels.models import Channel
from personas.models import Persona
from personas.services import persona_create

LIST = "/api/v1/personas/"


def detail(persona):
    return f"/api/v1/personas/{persona.pk}/"


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_read_a_persona(team, persona, api_for, role, status):
    response = api_for(role).get(detail(persona))
    assert response.status_code == status
    if status == 200:
        assert response.json()["name"] == "Ji-woo Park"
        assert response.json()["version"] == 1


def test_the_list_holds_only_personas_of_my_workspaces(team, persona, api_for):
    persona_create(workspace=team.other_workspace, name="Stranger")
    for role, expected in [("owner", ["Ji-woo Park"]), ("viewer", ["Ji-woo Park"]), ("outsider", ["Stranger"])]:
        assert [p["name"] for p in api_for(role).get(LIST).json()["results"]] == expected


@pytest.mark.parametrize(
    "role, status", [("owner", 201), ("editor", 201), ("viewer", 403), ("outsider", 400), ("anonymous", 401)]
)
def test_who_can_create_a_persona(team, api_for, role, status):
    email = Channel.objects.get(workspace=team.workspace, name="E-mail")
    body = {"workspace": team.workspace.pk, "name": "Kasia", "color": "#0f766e", "preferred_channels": [email.pk]}
    response = api_for(role).post(LIST, body, format="json")
    assert response.status_code == status
    assert Persona.objects.filter(name="Kasia").exists() == (status == 201)
    if status == 201:
        assert response.json()["preferred_channels"] == [email.pk]
        assert response.json()["created_by"] == team.users[role].pk
    if role == "outsider":
        assert "workspace" in response.json()


def test_a_persona_cannot_prefer_a_channel_of_another_workspace(team, api_for):
    foreign = Channel.objects.filter(workspace=team.other_workspace).first()
    # The outsider owns the other workspace and is also invited to ours.
    from workspaces.services import membership_set

    membership_set(workspace=team.workspace, user=team.outsider, role="editor")
    body = {"workspace": team.workspace.pk, "name": "Kasia", "preferred_channels": [foreign.pk]}
    response = api_for("outsider").post(LIST, body, format="json")
    assert response.status_code == 400
    assert "preferred_channels" in response.json()
    assert not Persona.objects.filter(name="Kasia").exists()


def test_an_unknown_colour_is_refused(team, api_for):
    body = {"workspace": team.workspace.pk, "name": "Kasia", "color": "#ffffff"}
    response = api_for("owner").post(LIST, body, format="json")
    assert response.status_code == 400
    assert "color" in response.json()


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_edit_a_persona(team, persona, api_for, role, status):
    response = api_for(role).patch(detail(persona), {"quote": "Fast delivery, please."}, format="json")
    assert response.status_code == status
    persona.refresh_from_db()
    assert (persona.quote == "Fast delivery, please.") == (status == 200)


def test_an_edit_from_an_old_version_is_a_conflict_with_the_current_persona(team, persona, api_for):
    api = api_for("editor")
    assert api.patch(detail(persona), {"goals": "Save time", "version": 1}, format="json").status_code == 200
    response = api.patch(detail(persona), {"goals": "Save money", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["goals"] == "Save time"
    assert response.json()["version"] == 2
    persona.refresh_from_db()
    assert persona.goals == "Save time"


@pytest.mark.parametrize(
    "role, status", [("owner", 204), ("editor", 204), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_delete_a_persona(team, persona, api_for, role, status):
    assert api_for(role).delete(detail(persona)).status_code == status
    assert Persona.objects.filter(pk=persona.pk).exists() == (status != 204)


def test_personas_filter_by_workspace_and_journey(team, persona, journey, api_for):
    from workspaces.services import membership_set

    membership_set(workspace=team.other_workspace, user=team.owner, role="viewer")
    stranger = persona_create(workspace=team.other_workspace, name="Stranger")
    persona_create(workspace=team.workspace, name="Not on the map")
    api = api_for("owner")

    def names(query):
        return [p["name"] for p in api.get(LIST + query).json()["results"]]

    assert names(f"?workspace={team.other_workspace.pk}") == [stranger.name]
    assert names(f"?workspace={team.workspace.pk}") == ["Ji-woo Park", "Not on the map"]
    assert names(f"?journey={journey.pk}") == ["Ji-woo Park"]


@pytest.mark.parametrize("query", ["?workspace=abc", "?workspace=0", "?journey=1.5", "?workspace=99999999999999999999"])
def test_a_bad_filter_value_is_a_400(team, api_for, query):
    response = api_for("owner").get(LIST + query)
    assert response.status_code == 400
    assert query[1:].split("=")[0] in response.json()
