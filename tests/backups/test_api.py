"""The backup and restore API: owners back up, anyone restores into a workspace of their own, each sees
only their own jobs; the same rules as the rest of the API."""

import io

import pytest

from backups import services
from backups.models import BackupJob, RestoreJob
from workspaces.models import Membership, Role, Workspace

from .helpers import documents

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"), [("owner", 202), ("editor", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_only_owners_back_up_a_workspace(team, api_for, role, status):
    response = api_for(role).post(f"/api/v1/workspaces/{team.workspace.pk}/backup/")
    assert response.status_code == status
    if status == 202:
        body = response.json()
        assert (body["workspace"], body["status"], body["download_url"]) == (team.workspace.pk, "queued", None)
    assert BackupJob.objects.count() == (1 if status == 202 else 0)


def test_an_unknown_or_huge_workspace_id_is_a_404(api_for):
    client = api_for("owner")
    assert client.post("/api/v1/workspaces/999999/backup/").status_code == 404
    assert client.post(f"/api/v1/workspaces/{2**64}/backup/").status_code == 404


def test_a_finished_backup_gives_its_download_url(team, api_for, journey, touchpoint):
    client = api_for("owner")
    job_id = client.post(f"/api/v1/workspaces/{team.workspace.pk}/backup/").json()["id"]
    services.backup_job_run(job_id=job_id)
    body = client.get(f"/api/v1/backups/{job_id}/").json()
    assert (body["status"], body["progress"], body["error"]) == ("succeeded", 100, "")
    assert body["counts"]["maps"] == 1 and body["size"] > 0
    download = client.get(body["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert documents(b"".join(download.streaming_content))["manifest.json"]["workspace"] == "Retail team"
    for role, status in (("editor", 404), ("outsider", 404)):  # (the list and the detail are owners' only)
        assert api_for(role).get(f"/api/v1/backups/{job_id}/").status_code == status
        assert api_for(role).get(f"/api/v1/backups/{job_id}/download/").status_code == status


def test_the_list_holds_the_backups_of_workspaces_one_owns(team, api_for):
    services.backup_job_create(workspace=team.workspace, created_by=team.owner)
    services.backup_job_create(workspace=team.other_workspace, created_by=team.outsider)
    assert [job["workspace"] for job in api_for("owner").get("/api/v1/backups/").json()["results"]] == [
        team.workspace.pk
    ]
    assert api_for("editor").get("/api/v1/backups/").json()["results"] == []
    assert api_for("owner").get(f"/api/v1/backups/?workspace={team.other_workspace.pk}").json()["results"] == []
    assert api_for("owner").get("/api/v1/backups/?workspace=abc").status_code == 400


def test_restoring_through_the_api(team, api_for, journey, backup_of):
    data = backup_of(team.workspace)
    client = api_for("viewer")
    response = client.post("/api/v1/restores/", {"file": io.BytesIO(data), "name": "Восстановлено"}, format="multipart")
    assert response.status_code == 202
    job_id = response.json()["id"]
    assert response.json()["status"] == "queued"
    services.restore_job_run(job_id=job_id)
    body = client.get(f"/api/v1/restores/{job_id}/").json()
    assert body["status"] == "succeeded", body["problems"]
    workspace = Workspace.objects.get(pk=body["workspace"])
    assert workspace.name == "Восстановлено"
    assert Membership.objects.get(workspace=workspace).role == Role.OWNER
    assert body["report"]["counts"]["maps"] == 1
    assert [person["username"] for person in body["report"]["not_found"]] == ["eddie", "olivia"]
    assert client.get(f"/api/v1/workspaces/{workspace.pk}/").status_code == 200
    for role in ("owner", "outsider"):
        assert api_for(role).get(f"/api/v1/restores/{job_id}/").status_code == 404
    assert [job["id"] for job in client.get("/api/v1/restores/").json()["results"]] == [job_id]


def test_a_refused_archive_lists_its_problems(team, api_for):
    client = api_for("editor")
    job_id = client.post("/api/v1/restores/", {"file": io.BytesIO(b"PK nope")}, format="multipart").json()["id"]
    services.restore_job_run(job_id=job_id)
    body = client.get(f"/api/v1/restores/{job_id}/").json()
    assert (body["status"], body["workspace"], body["problem_count"]) == ("failed", None, 1)
    assert body["problems"][0]["message"].startswith("This is not a backup archive")


def test_bad_restore_requests_are_400_with_field_errors(team, api_for):
    client = api_for("editor")
    assert client.post("/api/v1/restores/", {}, format="multipart").json() == {"file": ["No file was submitted."]}
    response = client.post("/api/v1/restores/", {"file": io.BytesIO(b"zip"), "name": "x" * 121}, format="multipart")
    assert response.status_code == 400 and "name" in response.json()
    assert client.post("/api/v1/restores/", {"file": "text"}, format="json").status_code == 415
    assert not RestoreJob.objects.exists()


def test_the_schema_documents_backups_and_restores(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/workspaces/{id}/backup/"]["post"]["responses"]) == {"202", "401", "403", "404"}
    assert "/api/v1/backups/{id}/download/" in paths
    assert "multipart/form-data" in paths["/api/v1/restores/"]["post"]["requestBody"]["content"]
