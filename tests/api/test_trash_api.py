"""/api/v1/trash/: list what was deleted, restore it, delete it forever; the rules of the rest of the API."""

import pytest

from journeys.services import stage_delete
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create, touchpoint_delete
from trash.models import TrashEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(journey):
    return journey.stages.get(position=0)


@pytest.fixture
def card(stage, channel):
    return touchpoint_create(stage=stage, channel=channel, title="Receipt e-mail")


def test_a_delete_through_the_api_lands_in_the_trash_with_who_and_where(team, journey, card, editor_api, viewer_api):
    assert editor_api.delete(f"/api/v1/touchpoints/{card.pk}/").status_code == 204
    listed = viewer_api.get("/api/v1/trash/", {"workspace": team.workspace.pk}).json()
    assert listed["count"] == 1
    entry = listed["results"][0]
    assert {key: entry[key] for key in ("kind", "label", "journey", "journey_title", "place", "touchpoint_count")} == {
        "kind": "card",
        "label": "Receipt e-mail",
        "journey": journey.pk,
        "journey_title": "Retail journey",
        "place": "Awareness",
        "touchpoint_count": 1,
    }
    assert entry["deleted_by"] == team.editor.pk and entry["deleted_by_name"] == "Eddie"
    assert entry["expires_at"] > entry["deleted_at"]
    assert viewer_api.get(f"/api/v1/trash/{entry['id']}/").json() == entry


def test_the_list_is_filtered_by_workspace_and_map_and_hides_other_workspaces(team, journey, card, api_for):
    entry = touchpoint_delete(touchpoint=card)
    owner, outsider = api_for("owner"), api_for("outsider")
    assert [row["id"] for row in owner.get("/api/v1/trash/", {"journey": journey.pk}).json()["results"]] == [entry.pk]
    assert owner.get("/api/v1/trash/", {"journey": journey.pk + 1000}).json()["count"] == 0
    assert owner.get("/api/v1/trash/", {"workspace": "x"}).status_code == 400
    assert outsider.get("/api/v1/trash/").json()["count"] == 0
    assert outsider.get(f"/api/v1/trash/{entry.pk}/").status_code == 404
    assert outsider.post(f"/api/v1/trash/{entry.pk}/restore/").status_code == 404
    assert outsider.delete(f"/api/v1/trash/{entry.pk}/").status_code == 404


def test_restore_puts_it_back_and_a_second_restore_is_a_404(card, editor_api):
    entry = touchpoint_delete(touchpoint=card)
    response = editor_api.post(f"/api/v1/trash/{entry.pk}/restore/")
    assert response.status_code == 200
    assert response.json() == {"kind": "card", "object_id": card.pk, "journey": card.stage.journey_id}
    assert editor_api.get(f"/api/v1/touchpoints/{card.pk}/").json()["title"] == "Receipt e-mail"
    assert editor_api.post(f"/api/v1/trash/{entry.pk}/restore/").status_code == 404


def test_a_restore_with_no_place_to_go_is_a_400_saying_why(stage, card, owner_api):
    entry = touchpoint_delete(touchpoint=card)
    stage_delete(stage=stage)
    response = owner_api.post(f"/api/v1/trash/{entry.pk}/restore/")
    assert response.status_code == 400
    assert "Its stage “Awareness” has been deleted" in response.json()["non_field_errors"][0]
    assert TrashEntry.objects.filter(pk=entry.pk).exists()


def test_viewers_may_not_restore_or_delete_forever(card, viewer_api):
    entry = touchpoint_delete(touchpoint=card)
    assert viewer_api.post(f"/api/v1/trash/{entry.pk}/restore/").status_code == 403
    assert viewer_api.delete(f"/api/v1/trash/{entry.pk}/").status_code == 403
    assert viewer_api.patch(f"/api/v1/trash/{entry.pk}/", {}, format="json").status_code == 405
    assert TrashEntry.objects.filter(pk=entry.pk).exists()


def test_delete_forever(card, editor_api):
    entry = touchpoint_delete(touchpoint=card)
    assert editor_api.delete(f"/api/v1/trash/{entry.pk}/").status_code == 204
    assert not TrashEntry.objects.exists()
    assert not Touchpoint.objects.filter(pk=card.pk).exists()
    assert editor_api.post(f"/api/v1/trash/{entry.pk}/restore/").status_code == 404


def test_a_map_deleted_and_restored_through_the_api(journey, card, owner_api):
    assert owner_api.delete(f"/api/v1/journeys/{journey.pk}/").status_code == 204
    assert owner_api.get(f"/api/v1/journeys/{journey.pk}/").status_code == 404
    entry = owner_api.get("/api/v1/trash/").json()["results"][0]
    assert (entry["kind"], entry["touchpoint_count"]) == ("map", 1)
    assert owner_api.post(f"/api/v1/trash/{entry['id']}/restore/").status_code == 200
    board = owner_api.get(f"/api/v1/journeys/{journey.pk}/").json()
    assert [tp["title"] for stage in board["stages"] for tp in stage["touchpoints"]] == ["Receipt e-mail"]
