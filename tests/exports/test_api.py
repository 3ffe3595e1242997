"""/api/v1/exports/, /api/v1/journeys/import/ and /api/v1/imports/."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from exports import services
from exports.models import ExportJob, ImportJob, JobStatus

pytestmark = pytest.mark.django_db
EXPORTS = "/api/v1/exports/"


def test_posting_an_export_answers_202_with_the_queued_job(client_for, team, rich_map):
    response = client_for(team.owner).post(
        EXPORTS, {"journey": rich_map.pk, "format": "xlsx"}, content_type="application/json"
    )
    assert response.status_code == 202
    job = ExportJob.objects.get()
    assert response.json() == {
        "id": job.pk,
        "journey": rich_map.pk,
        "format": "xlsx",
        "stage": None,
        "status": "queued",
        "progress": 0,
        "error": "",
        "download_url": None,
        "created_at": response.json()["created_at"],
        "started_at": None,
        "finished_at": None,
    }


def test_viewers_may_export(client_for, team, rich_map):
    response = client_for(team.viewer).post(
        EXPORTS, {"journey": rich_map.pk, "format": "pdf"}, content_type="application/json"
    )
    assert response.status_code == 202


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"journey": None, "format": "pdf"}, "journey"),
        ({"journey": 0, "format": "pdf"}, "journey"),
        ({"format": "docx"}, "format"),
    ],
)
def test_bad_export_requests_answer_400_with_field_errors(client_for, team, rich_map, body, field):
    body = {key: value for key, value in {"journey": rich_map.pk, **body}.items() if value is not None}
    response = client_for(team.owner).post(EXPORTS, body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ExportJob.objects.exists()


def test_outsider_cannot_export_a_map_of_another_workspace(client_for, team, rich_map):
    response = client_for(team.outsider).post(
        EXPORTS, {"journey": rich_map.pk, "format": "pdf"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "journey" in response.json()


def test_finished_export_gives_its_download_url(client_for, team, rich_map):
    job = ExportJob.objects.create(journey=rich_map, format="json", created_by=team.owner)
    services.export_job_run(job_id=job.pk)
    data = client_for(team.editor).get(f"{EXPORTS}{job.pk}/").json()
    assert data["status"] == "succeeded"
    assert data["progress"] == 100
    assert data["download_url"] == f"http://testserver/api/v1/exports/{job.pk}/download/"
    assert client_for(team.editor).get(data["download_url"]).status_code == 200


def test_a_token_client_downloads_the_export_with_its_token(api_for, team, rich_map):
    """Finding 12 of the trust issue: the download_url sent token clients to the log-in page."""
    job = ExportJob.objects.create(journey=rich_map, format="json", created_by=team.owner)
    services.export_job_run(job_id=job.pk)
    api = api_for("viewer")
    response = api.get(api.get(f"{EXPORTS}{job.pk}/").json()["download_url"])
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"{")
    assert api_for("outsider").get(f"{EXPORTS}{job.pk}/download/").status_code == 404
    assert api_for("anonymous").get(f"{EXPORTS}{job.pk}/download/").status_code == 401


def test_failed_export_gives_its_error(client_for, team, rich_map):
    job = ExportJob.objects.create(journey=rich_map, format="pdf", status=JobStatus.FAILED, error="Out of paper")
    data = client_for(team.owner).get(f"{EXPORTS}{job.pk}/").json()
    assert (data["status"], data["error"], data["download_url"]) == ("failed", "Out of paper", None)


def test_exports_are_listed_per_workspace_and_filtered_by_map(client_for, team, rich_map, journey):
    mine = ExportJob.objects.create(journey=rich_map, format="pdf")
    other = ExportJob.objects.create(journey=journey, format="csv")
    client = client_for(team.viewer)
    assert {row["id"] for row in client.get(EXPORTS).json()["results"]} == {mine.pk, other.pk}
    assert [row["id"] for row in client.get(EXPORTS, {"journey": rich_map.pk}).json()["results"]] == [mine.pk]
    assert client.get(EXPORTS, {"journey": "abc"}).status_code == 400
    assert [row["id"] for row in client.get(EXPORTS, {"workspace": team.workspace.pk}).json()["results"]] == [
        other.pk,
        mine.pk,
    ]
    outsider = client_for(team.outsider)
    assert outsider.get(EXPORTS).json()["results"] == []
    assert outsider.get(f"{EXPORTS}{mine.pk}/").status_code == 404


@pytest.mark.parametrize("journey", ["19631152989332353024", "-3", "0", "1.5"])
def test_an_export_filter_no_database_can_hold_is_a_400_not_a_server_error(client_for, team, rich_map, journey):
    # Found by the schema conformance test: an id past 64 bits reached the database (OverflowError).
    ExportJob.objects.create(journey=rich_map, format="pdf")
    response = client_for(team.owner).get(EXPORTS, {"journey": journey, "page": "1"})
    assert response.status_code == 400
    assert "journey" in response.json()


def test_exports_cannot_be_changed_or_deleted(client_for, team, rich_map):
    job = ExportJob.objects.create(journey=rich_map, format="pdf")
    client = client_for(team.owner)
    assert (
        client.patch(f"{EXPORTS}{job.pk}/", {"status": "succeeded"}, content_type="application/json").status_code == 405
    )
    assert client.delete(f"{EXPORTS}{job.pk}/").status_code == 405


def test_anonymous_callers_are_refused(client_for, rich_map):
    assert client_for(None).get(EXPORTS).status_code in (401, 403)


def json_file():
    return SimpleUploadedFile("map.json", b'{"format": "journeyboard.map"}', content_type="application/json")


@pytest.mark.parametrize(("role", "status"), [("owner", 202), ("editor", 202), ("viewer", 403)])
def test_importing_a_map_needs_an_editor(client_for, team, role, status):
    response = client_for(team.users[role]).post(
        "/api/v1/journeys/import/", {"workspace": team.workspace.pk, "file": json_file()}
    )
    assert response.status_code == status
    if status == 202:
        job = ImportJob.objects.get()
        assert response.json()["id"] == job.pk
        assert response.json()["status"] == "queued"
        assert response.json()["kind"] == "json_map"
    else:
        assert not ImportJob.objects.exists()


def test_importing_into_a_workspace_of_others_is_400(client_for, team):
    response = client_for(team.outsider).post(
        "/api/v1/journeys/import/", {"workspace": team.workspace.pk, "file": json_file()}
    )
    assert response.status_code == 400
    assert "workspace" in response.json()


def test_import_without_a_file_is_400(client_for, team):
    response = client_for(team.owner).post("/api/v1/journeys/import/", {"workspace": team.workspace.pk})
    assert response.status_code == 400
    assert "file" in response.json()


def test_import_jobs_show_their_problems_to_members_only(client_for, team):
    job = services.import_job_create_map(
        workspace=team.workspace, upload=SimpleUploadedFile("map.json", b"[]"), created_by=team.owner
    )
    services.import_job_run(job_id=job.pk)
    data = client_for(team.viewer).get(f"/api/v1/imports/{job.pk}/").json()
    assert data["status"] == "failed"
    assert data["problems"] == [{"row": "", "field": "file", "message": "Expected a JSON object (a map export)."}]
    assert client_for(team.outsider).get(f"/api/v1/imports/{job.pk}/").status_code == 404
