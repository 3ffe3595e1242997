"""/api/v1/snapshots/: members list, read and compare a map's snapshots; owners and editors take, restore
and delete them; a restore answers 202 with its job, or 409 while one of the map is queued or running."""

import pytest
from django.test import Client

from exports import services
from exports.models import ImportJob, ImportKind, JobStatus, Snapshot, SnapshotKind
from exports.snapshots import snapshot_take
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_update

pytestmark = pytest.mark.django_db

ROLES_WRITE = {"owner": 201, "editor": 201, "viewer": 403, "outsider": 400, "anonymous": 401}


@pytest.fixture
def snapshot(journey, touchpoint, team):
    return snapshot_take(journey=journey, name="v1", note="Before the workshop", created_by=team.editor)


@pytest.mark.parametrize("role", ROLES_WRITE)
def test_who_takes_a_snapshot(api_for, role, journey, touchpoint):
    response = api_for(role).post("/api/v1/snapshots/", {"journey": journey.pk, "name": "v1"}, format="json")
    assert response.status_code == ROLES_WRITE[role]
    if response.status_code == 201:
        body = response.json()
        assert (body["journey"], body["name"], body["kind"], body["card_count"]) == (journey.pk, "v1", "manual", 1)
        assert "content" not in body and Snapshot.objects.get().pk == body["id"]
    else:
        assert not Snapshot.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [({}, "name"), ({"name": ""}, "name"), ({"name": "x" * 121}, "name"), ({"name": "ok", "note": "y" * 301}, "note")],
)
def test_a_bad_snapshot_is_a_400_naming_its_field(owner_api, journey, data, field):
    response = owner_api.post("/api/v1/snapshots/", {"journey": journey.pk, **data}, format="json")
    assert response.status_code == 400 and field in response.json()


def test_a_map_past_its_count_of_snapshots_is_a_400(owner_api, journey, monkeypatch):
    from exports import snapshots

    monkeypatch.setattr(snapshots, "MAX_SNAPSHOTS_BY_HAND", 1)
    assert owner_api.post("/api/v1/snapshots/", {"journey": journey.pk, "name": "1"}, format="json").status_code == 201
    response = owner_api.post("/api/v1/snapshots/", {"journey": journey.pk, "name": "2"}, format="json")
    assert response.status_code == 400 and "already keeps 1 snapshot" in str(response.json())


def test_members_list_read_and_compare_snapshots(viewer_api, outsider_api, journey, snapshot, team):
    listed = viewer_api.get("/api/v1/snapshots/", {"journey": journey.pk}).json()["results"]
    assert [(row["id"], row["taken_by"], row["reason"]) for row in listed] == [
        (snapshot.pk, "Eddie", "Before the workshop")
    ]
    assert "content" not in listed[0]
    detail = viewer_api.get(f"/api/v1/snapshots/{snapshot.pk}/").json()
    assert (detail["name"], detail["kind"], detail["stage_count"]) == ("v1", "manual", 5) and "content" not in detail
    content = viewer_api.get(f"/api/v1/snapshots/{snapshot.pk}/content/").json()
    assert content["format"] == "journeyboard.map"
    assert content["stages"][0]["touchpoints"][0]["title"] == "Promotional e-mail"

    touchpoint_update(touchpoint=Touchpoint.objects.get(), title="Rewritten")
    compared = viewer_api.get(f"/api/v1/snapshots/{snapshot.pk}/compare/").json()
    assert (compared["snapshot"], compared["journey"]) == (snapshot.pk, journey.pk)
    assert compared["totals"] == {"added": 0, "removed": 0, "changed": 1, "same": 0}
    card = compared["stages"][0]["cards"][0]
    assert (card["kind"], card["before"], card["after"], card["changed"]) == (
        "changed",
        Touchpoint.objects.get().pk,
        Touchpoint.objects.get().pk,
        ["title"],
    )

    assert outsider_api.get("/api/v1/snapshots/").json()["results"] == []
    for what in ("", "content/", "compare/"):
        path = f"/api/v1/snapshots/{snapshot.pk}/{what}"
        assert outsider_api.get(path).status_code == 404
    assert viewer_api.get("/api/v1/snapshots/", {"journey": "abc"}).status_code == 400


def test_a_restore_is_202_with_its_job_then_409_while_it_runs(editor_api, viewer_api, outsider_api, snapshot, journey):
    path = f"/api/v1/snapshots/{snapshot.pk}/restore/"
    assert viewer_api.post(path).status_code == 403
    assert outsider_api.post(path).status_code == 404
    touchpoint_update(touchpoint=Touchpoint.objects.get(), title="Rewritten")

    response = editor_api.post(path)
    assert response.status_code == 202
    job = ImportJob.objects.get()
    assert response.json()["id"] == job.pk and response.json()["kind"] == ImportKind.SNAPSHOT_RESTORE
    busy = editor_api.post(path)
    assert busy.status_code == 409 and busy.json()["id"] == job.pk and busy.json()["status"] == JobStatus.QUEUED

    services.import_job_run(job_id=job.pk)
    followed = editor_api.get(f"/api/v1/imports/{job.pk}/").json()
    assert (followed["status"], followed["journey"], followed["created_count"]) == ("succeeded", journey.pk, 1)
    assert Touchpoint.objects.get().title == "Promotional e-mail"
    kinds = [row["kind"] for row in editor_api.get("/api/v1/snapshots/", {"journey": journey.pk}).json()["results"]]
    assert kinds == [SnapshotKind.BEFORE_RESTORE, SnapshotKind.MANUAL]


def test_who_deletes_a_snapshot(editor_api, viewer_api, outsider_api, snapshot):
    path = f"/api/v1/snapshots/{snapshot.pk}/"
    assert outsider_api.delete(path).status_code == 404
    assert viewer_api.delete(path).status_code == 403
    assert editor_api.patch(path, {"name": "x"}, format="json").status_code == 405
    assert editor_api.delete(path).status_code == 204 and not Snapshot.objects.exists()


def test_the_schema_documents_the_snapshot_endpoints(db):
    schema = Client().get("/api/schema/?format=json").json()
    restore = schema["paths"]["/api/v1/snapshots/{id}/restore/"]["post"]
    assert {"202", "403", "404", "409"} <= set(restore["responses"])
    assert {"201", "400", "403"} <= set(schema["paths"]["/api/v1/snapshots/"]["post"]["responses"])
    taken = schema["paths"]["/api/v1/snapshots/"]["post"]["responses"]["201"]["links"]
    assert {"v1_snapshots_restore_create", "v1_snapshots_compare_retrieve", "v1_snapshots_destroy"} <= set(taken)
