import pytest

from channels.models import Channel

LIST = "/api/v1/channels/"


def detail(channel):
    return f"/api/v1/channels/{channel.pk}/"


@pytest.fixture
def unused_channel(team):
    return Channel.objects.get(workspace=team.workspace, name="Survey")


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_read_a_channel(team, channel, api_for, role, status):
    response = api_for(role).get(detail(channel))
    assert response.status_code == status
    if status == 200:
        assert response.json() == {
            "id": channel.pk,
            "workspace": team.workspace.pk,
            "name": "E-mail",
            "position": channel.position,
        }


def test_channels_list_in_board_order_and_filter_by_workspace(team, api_for):
    from workspaces.services import membership_set

    membership_set(workspace=team.other_workspace, user=team.owner, role="viewer")
    api = api_for("owner")
    ours = api.get(f"{LIST}?workspace={team.workspace.pk}").json()
    assert ours["count"] == 12
    assert [c["position"] for c in ours["results"]] == list(range(12))
    assert {c["workspace"] for c in ours["results"]} == {team.workspace.pk}
    assert api.get(LIST).json()["count"] == 24


def test_channels_of_other_workspaces_are_not_listed(team, api_for):
    results = api_for("outsider").get(LIST).json()["results"]
    assert {c["workspace"] for c in results} == {team.other_workspace.pk}


@pytest.mark.parametrize(
    "role, status", [("owner", 201), ("editor", 201), ("viewer", 403), ("outsider", 400), ("anonymous", 401)]
)
def test_who_can_create_a_channel(team, api_for, role, status):
    response = api_for(role).post(LIST, {"workspace": team.workspace.pk, "name": "Kiosk"}, format="json")
    assert response.status_code == status
    assert Channel.objects.filter(workspace=team.workspace, name="Kiosk").exists() == (status == 201)
    if status == 201:
        assert response.json()["position"] == 12


def test_a_channel_name_is_unique_in_its_workspace(team, api_for):
    response = api_for("owner").post(LIST, {"workspace": team.workspace.pk, "name": "E-mail"}, format="json")
    assert response.status_code == 400
    assert Channel.objects.filter(workspace=team.workspace, name="E-mail").count() == 1


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_rename_a_channel(team, unused_channel, api_for, role, status):
    response = api_for(role).patch(detail(unused_channel), {"name": "Questionnaire"}, format="json")
    assert response.status_code == status
    unused_channel.refresh_from_db()
    assert (unused_channel.name == "Questionnaire") == (status == 200)


@pytest.mark.parametrize(
    "role, status", [("owner", 204), ("editor", 204), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_who_can_delete_a_channel(team, unused_channel, api_for, role, status):
    assert api_for(role).delete(detail(unused_channel)).status_code == status
    assert Channel.objects.filter(pk=unused_channel.pk).exists() == (status != 204)


def test_a_channel_in_use_is_not_deleted(team, touchpoint, api_for):
    response = api_for("owner").delete(detail(touchpoint.channel))
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert Channel.objects.filter(pk=touchpoint.channel_id).exists()
