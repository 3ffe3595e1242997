"""OpenJourney from the browser and the API: every member may export a map as .ojf; owners and editors
import one into their workspace; an import's page and `report` say what became of each node; others'
jobs answer 404."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exports import services
from exports.models import ExportJob, ImportJob, ImportKind, JobStatus
from journeys.models import Journey

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
SAMPLE = (Path(__file__).parent / "openjourney" / "bike-repair.ojf").read_bytes()


def ojf_upload(data: bytes = SAMPLE):
    return SimpleUploadedFile("bike-repair.ojf", data, content_type="application/octet-stream")


# --- Export -------------------------------------------------------------------------------------


def test_the_export_menu_offers_openjourney(client_for, team, rich_map):
    content = client_for(team.viewer).get(reverse("exports:map", args=[rich_map.pk])).content.decode()
    assert '<button type="submit" name="format" value="ojf">Export OpenJourney (.ojf)</button>' in content


@pytest.mark.parametrize(("role", "status"), [("owner", 201), ("editor", 201), ("viewer", 201), ("outsider", 404)])
def test_every_member_may_export_openjourney_from_the_menu(client_for, team, rich_map, role, status):
    response = client_for(team.users[role]).post(
        reverse("exports:create", args=[rich_map.pk]), {"format": "ojf"}, **HTMX
    )
    assert response.status_code == status
    assert ExportJob.objects.filter(format="ojf").count() == (1 if status == 201 else 0)
    if status == 201:
        assert 'aria-label="OpenJourney export progress"' in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404)])
def test_a_finished_openjourney_export_downloads_for_members_only(client_for, team, rich_map, role, status):
    job = services.export_job_create(journey=rich_map, format="ojf", created_by=team.viewer)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    partial = client_for(team.owner).get(reverse("exports:job", args=[job.pk]), **HTMX).content.decode()
    assert "Download OpenJourney" in partial and job.filename.endswith(".ojf")
    response = client_for(team.users[role]).get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        ojf = json.loads(b"".join(response.streaming_content))
        assert ojf["version"] == "1.0" and ojf["title"] == rich_map.title


@pytest.mark.parametrize(("role", "status"), [("owner", 202), ("editor", 202), ("viewer", 202), ("outsider", 400)])
def test_every_member_may_export_openjourney_through_the_api(api_for, team, rich_map, role, status):
    response = api_for(role).post("/api/v1/exports/", {"journey": rich_map.pk, "format": "ojf"}, format="json")
    assert response.status_code == status
    if status == 202:
        assert response.json()["format"] == "ojf"
    else:
        assert "journey" in response.json()  # another workspace's map reads as one that does not exist


def test_an_api_client_downloads_its_openjourney_export(api_for, team, rich_map):
    api = api_for("viewer")
    job_id = api.post("/api/v1/exports/", {"journey": rich_map.pk, "format": "ojf"}, format="json").json()["id"]
    services.export_job_run(job_id=job_id)
    data = api.get(f"/api/v1/exports/{job_id}/").json()
    assert data["status"] == "succeeded"
    ojf = json.loads(b"".join(api.get(data["download_url"]).streaming_content))
    assert [stage["name"] for stage in ojf["stages"]] == [stage.name for stage in rich_map.stages.all()]


# --- Import from the browser ----------------------------------------------------------------------


def test_the_import_page_offers_both_kinds_of_file(client_for, team):
    content = client_for(team.editor).get(reverse("exports:import_map")).content.decode()
    assert "<legend>Kind of file</legend>" in content
    assert 'value="json"' in content and "Journey board JSON export" in content
    assert 'value="ojf"' in content and "OpenJourney file (.ojf)" in content
    assert 'accept=".json,.ojf,application/json"' in content


@pytest.mark.parametrize(("role", "status"), [("owner", 302), ("editor", 302), ("viewer", 422), ("outsider", 422)])
def test_only_owners_and_editors_import_an_ojf_into_their_workspace(client_for, team, role, status):
    response = client_for(team.users[role]).post(
        reverse("exports:import_map"), {"workspace": team.workspace.pk, "format": "ojf", "file": ojf_upload()}
    )
    assert response.status_code == status
    if status == 302:
        job = ImportJob.objects.get()
        assert job.kind == ImportKind.OJF_MAP and job.file.name.endswith(".ojf")
        assert response["Location"] == reverse("exports:import_job", args=[job.pk])
    else:  # the workspace is not one they may choose
        assert "Select a valid choice" in response.content.decode()
        assert not ImportJob.objects.exists()


def test_an_unknown_kind_of_file_is_an_error_beside_its_field(client_for, team):
    response = client_for(team.editor).post(
        reverse("exports:import_map"), {"workspace": team.workspace.pk, "format": "docx", "file": ojf_upload()}
    )
    assert response.status_code == 422
    assert 'class="field-errors" role="alert"><p>Select a valid choice.' in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_too_large_is_an_error_beside_the_file_field(client_for, team, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 2**20
    data = json.loads(SAMPLE)
    data["pointOfView"] = "Długo " * 200_000
    response = client_for(team.editor).post(
        reverse("exports:import_map"),
        {"workspace": team.workspace.pk, "format": "ojf", "file": ojf_upload(json.dumps(data).encode())},
    )
    assert response.status_code == 422
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_import_page_shows_what_became_of_every_node(client_for, team):
    client = client_for(team.editor)
    client.post(reverse("exports:import_map"), {"workspace": team.workspace.pk, "format": "ojf", "file": ojf_upload()})
    job = ImportJob.objects.get()
    queued = client.get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert 'aria-label="Import progress"' in queued and 'hx-trigger="every 1s"' in queued

    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    content = client_for(team.viewer).get(reverse("exports:import_job", args=[job.pk]), **HTMX).content.decode()
    assert "hx-trigger" not in content
    assert "9 touchpoints imported." in content
    assert f'href="{reverse("boards:board", args=[job.journey_id])}"' in content
    assert "9 nodes became cards;" in content and "2 were merged into lanes' texts;" in content
    assert "1 was skipped." in content
    assert "The swimlane “Emotional state” has no lane of its own" in content
    assert "<caption>Each node of the file and what it became</caption>" in content
    assert content.count("<tr><td>n") == 12
    assert "<td>n11</td><td></td><td>Skipped</td><td>Skipped: it has neither a title nor a description.</td>" in content


def test_node_titles_in_the_report_are_escaped(client_for, team):
    data = json.loads(SAMPLE)
    data["nodes"][0]["title"] = "<script>alert(1)</script>"
    job = services.import_job_create_map(
        workspace=team.workspace, upload=ojf_upload(json.dumps(data).encode()), created_by=team.editor, format="ojf"
    )
    services.import_job_run(job_id=job.pk)
    content = client_for(team.editor).get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_a_refused_ojf_lists_its_problems_on_the_import_page(client_for, team):
    data = json.loads(SAMPLE)
    data["nodes"][2]["stageId"] = "gone"
    job = services.import_job_create_map(
        workspace=team.workspace, upload=ojf_upload(json.dumps(data).encode()), created_by=team.editor, format="ojf"
    )
    services.import_job_run(job_id=job.pk)
    content = client_for(team.editor).get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert "nothing was imported" in content
    assert "<td>nodes[2] (n3)</td><td>stageId</td><td>No stage of the file has the id “gone”.</td>" in content
    assert client_for(team.outsider).get(reverse("exports:import_job", args=[job.pk])).status_code == 404


# --- Import through the API -----------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("owner", 202), ("editor", 202), ("viewer", 403), ("outsider", 400)])
def test_only_owners_and_editors_import_an_ojf_through_the_api(api_for, team, role, status):
    response = api_for(role).post(
        "/api/v1/journeys/import/", {"workspace": team.workspace.pk, "format": "ojf", "file": ojf_upload()}
    )
    assert response.status_code == status
    if status == 202:
        assert response.json()["kind"] == "ojf_map" and response.json()["report"] is None
    elif status == 400:
        assert "workspace" in response.json()
    assert ImportJob.objects.count() == (1 if status == 202 else 0)


def test_an_unknown_import_format_is_400_with_its_field(api_for, team):
    response = api_for("owner").post(
        "/api/v1/journeys/import/", {"workspace": team.workspace.pk, "format": "xml", "file": ojf_upload()}
    )
    assert response.status_code == 400
    assert "format" in response.json()
    assert not ImportJob.objects.exists()


def test_the_api_gives_the_report_of_a_finished_ojf_import(api_for, team):
    api = api_for("editor")
    job_id = api.post(
        "/api/v1/journeys/import/", {"workspace": team.workspace.pk, "format": "ojf", "file": ojf_upload()}
    ).json()["id"]
    services.import_job_run(job_id=job_id)
    data = api_for("viewer").get(f"/api/v1/imports/{job_id}/").json()
    assert data["status"] == "succeeded" and data["created_count"] == 9
    assert Journey.objects.get(pk=data["journey"]).title.startswith("Bike repair")
    assert [node["node"] for node in data["report"]["nodes"]] == [f"n{number}" for number in range(1, 13)]
    assert {node["outcome"] for node in data["report"]["nodes"]} == {"card", "merged", "skipped"}
    assert data["report"]["notes"][0].startswith("An emotion curve was added")
    listed = api_for("viewer").get("/api/v1/imports/").json()["results"][0]
    assert "report" not in listed and listed["id"] == job_id
    assert api_for("outsider").get(f"/api/v1/imports/{job_id}/").status_code == 404


def test_a_refused_ojf_gives_its_problems_through_the_api(api_for, team):
    api = api_for("editor")
    job_id = api.post(
        "/api/v1/journeys/import/",
        {"workspace": team.workspace.pk, "format": "ojf", "file": ojf_upload(b'{"version": "3"}')},
    ).json()["id"]
    services.import_job_run(job_id=job_id)
    data = api.get(f"/api/v1/imports/{job_id}/").json()
    assert data["status"] == JobStatus.FAILED and data["report"] is None
    assert data["problems"] == [
        {
            "row": "",
            "field": "version",
            "message": "This file is OpenJourney version “3”; this app reads version 1 (1.0, 1.1…).",
        }
    ]
