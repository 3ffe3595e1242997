import pytest

from channels.models import Channel
from journeys.models import Journey
from touchpoints.models import Touchpoint
from workspaces.models import Membership, Role, Workspace


def url(workspace=None):
    return f"/api/v1/workspaces/{workspace.pk}/" if workspace else "/api/v1/workspaces/"


def test_the_list_holds_only_my_workspaces_with_my_role(team, api_for):
    response = api_for("viewer").get(url())
    assert response.status_code == 200
    (only,) = response.json()["results"]
    assert (only["id"], only["name"], only["role"]) == (team.workspace.pk, "Retail team", "viewer")


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_read_a_workspace(team, api_for, role, status):
    assert api_for(role).get(url(team.workspace)).status_code == status


def test_anyone_signed_in_can_create_a_workspace_and_owns_it(team, api_for):
    response = api_for("viewer").post(url(), {"name": "Side project"}, format="json")
    assert response.status_code == 201
    assert response.json()["role"] == "owner"
    workspace = Workspace.objects.get(pk=response.json()["id"])
    assert Membership.objects.get(workspace=workspace, user=team.viewer).role == Role.OWNER
    assert Channel.objects.filter(workspace=workspace).exists()


def test_anonymous_callers_cannot_create_a_workspace(team, api_for):
    assert api_for("anonymous").post(url(), {"name": "Nope"}, format="json").status_code == 401
    assert not Workspace.objects.filter(name="Nope").exists()


def test_a_workspace_needs_a_name(team, api_for):
    response = api_for("owner").post(url(), {"name": ""}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_only_owners_rename_a_workspace(team, api_for, role, status):
    response = api_for(role).patch(url(team.workspace), {"name": "Renamed"}, format="json")
    assert response.status_code == status
    team.workspace.refresh_from_db()
    assert team.workspace.name == ("Renamed" if status == 200 else "Retail team")


def test_a_rename_to_a_too_long_name_is_refused(team, api_for):
    response = api_for("owner").patch(url(team.workspace), {"name": "x" * 121}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize(
    "role, status", [("owner", 204), ("editor", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_only_owners_delete_a_workspace(team, api_for, role, status):
    response = api_for(role).delete(url(team.workspace))
    assert response.status_code == status
    assert Workspace.objects.filter(pk=team.workspace.pk).exists() == (status != 204)


def test_deleting_a_workspace_takes_its_maps_and_cards_with_it(team, api_for, touchpoint):
    assert api_for("owner").delete(url(team.workspace)).status_code == 204
    assert not Journey.objects.filter(workspace=team.workspace.pk).exists()
    assert not Touchpoint.objects.exists()
    assert Workspace.objects.filter(pk=team.other_workspace.pk).exists()


def test_put_is_not_offered(team, api_for):
    assert api_for("owner").put(url(team.workspace), {"name": "x"}, format="json").status_code == 405
