"""The export panel, job status partials, downloads and browser imports: who may do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exports import services
from exports.models import ExportJob, ImportJob, ImportKind, JobStatus

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def finished_job(rich_map, team):
    job = ExportJob.objects.create(journey=rich_map, format="csv", created_by=team.owner)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(("role", "status"), [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404)])
def test_export_page_permissions(client_for, team, rich_map, role, status):
    response = client_for(team.users[role]).get(reverse("exports:map", args=[rich_map.pk]))
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client_for, rich_map):
    response = client_for(None).get(reverse("exports:map", args=[rich_map.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_export_page_shows_a_named_button_per_format(client_for, team, rich_map):
    content = client_for(team.editor).get(reverse("exports:map", args=[rich_map.pk])).content.decode()
    for label in ("Export PDF", "Export XLSX", "Export CSV", "Export JSON"):
        assert f">{label}</button>" in content
    assert "Import CSV" in content


def test_viewer_may_export_but_sees_no_import_form(client_for, team, rich_map):
    content = client_for(team.viewer).get(reverse("exports:map", args=[rich_map.pk])).content.decode()
    assert "Export PDF" in content
    assert "Import CSV" not in content


@pytest.mark.parametrize(("role", "status"), [("owner", 201), ("editor", 201), ("viewer", 201), ("outsider", 404)])
def test_starting_an_export_permissions(client_for, team, rich_map, role, status):
    response = client_for(team.users[role]).post(
        reverse("exports:create", args=[rich_map.pk]), {"format": "pdf"}, **HTMX
    )
    assert response.status_code == status
    assert ExportJob.objects.count() == (1 if status == 201 else 0)


def test_starting_an_export_answers_a_polling_progress_partial(client_for, team, rich_map):
    response = client_for(team.owner).post(reverse("exports:create", args=[rich_map.pk]), {"format": "pdf"}, **HTMX)
    content = response.content.decode()
    job = ExportJob.objects.get()
    assert job.format == "pdf" and job.status == JobStatus.QUEUED and job.created_by == team.owner
    assert 'hx-trigger="every 1s"' in content
    assert f'hx-get="{reverse("exports:job", args=[job.pk])}"' in content
    assert 'aria-label="PDF export progress"' in content
    assert "<progress" in content


def test_starting_an_export_without_javascript_redirects_to_the_job_page(client_for, team, rich_map):
    response = client_for(team.owner).post(reverse("exports:create", args=[rich_map.pk]), {"format": "json"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    page = client_for(team.owner).get(response["Location"])
    assert "JSON export" in page.content.decode()


def test_unknown_export_format_is_refused(client_for, team, rich_map):
    response = client_for(team.owner).post(reverse("exports:create", args=[rich_map.pk]), {"format": "docx"}, **HTMX)
    assert response.status_code == 422
    assert not ExportJob.objects.exists()


def test_finished_job_partial_stops_polling_and_links_the_download(client_for, team, finished_job):
    content = client_for(team.viewer).get(reverse("exports:job", args=[finished_job.pk]), **HTMX).content.decode()
    assert "hx-trigger" not in content
    assert f'href="{reverse("exports:download", args=[finished_job.pk])}"' in content
    assert "Download CSV" in content


def test_failed_job_partial_shows_the_error(client_for, team, rich_map):
    job = ExportJob.objects.create(journey=rich_map, format="pdf", status=JobStatus.FAILED, error="Disk <full>")
    content = client_for(team.owner).get(reverse("exports:job", args=[job.pk]), **HTMX).content.decode()
    assert 'role="alert">Disk &lt;full&gt;</span>' in content
    assert "hx-trigger" not in content


@pytest.mark.parametrize(("role", "status"), [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404)])
def test_download_permissions(client_for, team, finished_job, role, status):
    response = client_for(team.users[role]).get(reverse("exports:download", args=[finished_job.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "Консультация в магазине" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_outsider_cannot_see_a_job_status_either(client_for, team, finished_job):
    assert client_for(team.outsider).get(reverse("exports:job", args=[finished_job.pk])).status_code == 404


def test_download_of_an_unfinished_export_is_404(client_for, team, rich_map):
    job = ExportJob.objects.create(journey=rich_map, format="pdf")
    assert client_for(team.owner).get(reverse("exports:download", args=[job.pk])).status_code == 404


def csv_upload():
    return SimpleUploadedFile("touchpoints.csv", b"stage,title,channel\nAwareness,Nowy baner,Website\n")


@pytest.mark.parametrize(("role", "status"), [("owner", 302), ("editor", 302), ("viewer", 403), ("outsider", 404)])
def test_csv_import_permissions(client_for, team, rich_map, role, status):
    response = client_for(team.users[role]).post(
        reverse("exports:import_touchpoints", args=[rich_map.pk]), {"file": csv_upload()}
    )
    assert response.status_code == status
    assert ImportJob.objects.count() == (1 if status == 302 else 0)


def test_csv_import_with_htmx_answers_the_import_status(client_for, team, rich_map):
    response = client_for(team.editor).post(
        reverse("exports:import_touchpoints", args=[rich_map.pk]), {"file": csv_upload()}, **HTMX
    )
    assert response.status_code == 201
    job = ImportJob.objects.get()
    assert job.kind == ImportKind.CSV_TOUCHPOINTS and job.journey == rich_map
    assert 'aria-label="Import progress"' in response.content.decode()


def test_csv_import_without_a_file_shows_the_error_beside_the_field(client_for, team, rich_map):
    response = client_for(team.editor).post(reverse("exports:import_touchpoints", args=[rich_map.pk]), {}, **HTMX)
    assert response.status_code == 422
    assert 'class="field-errors"' in response.content.decode()


def test_map_import_offers_only_workspaces_the_user_may_edit(client_for, team, make_user):
    from workspaces.models import Role
    from workspaces.services import membership_set

    membership_set(workspace=team.other_workspace, user=team.editor, role=Role.VIEWER)
    content = client_for(team.editor).get(reverse("exports:import_map")).content.decode()
    assert "Retail team" in content
    assert "Other team" not in content
    response = client_for(team.editor).post(
        reverse("exports:import_map"),
        {"workspace": team.other_workspace.pk, "file": SimpleUploadedFile("map.json", b"{}")},
    )
    assert response.status_code == 422
    assert not ImportJob.objects.exists()


def test_map_import_queues_a_job_and_shows_its_page(client_for, team):
    response = client_for(team.editor).post(
        reverse("exports:import_map"), {"workspace": team.workspace.pk, "file": SimpleUploadedFile("map.json", b"{}")}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:import_job", args=[job.pk])
    assert job.kind == ImportKind.JSON_MAP and job.workspace == team.workspace and job.created_by == team.editor


def test_refused_import_lists_every_problem_on_its_page(client_for, team):
    job = services.import_job_create_map(
        workspace=team.workspace, upload=SimpleUploadedFile("map.json", b"{not json"), created_by=team.owner
    )
    services.import_job_run(job_id=job.pk)
    content = client_for(team.viewer).get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert "nothing was imported" in content
    assert "This is not valid JSON" in content
    assert client_for(team.outsider).get(reverse("exports:import_job", args=[job.pk])).status_code == 404
