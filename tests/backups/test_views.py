"""The Backups section of a workspace's page, the backup and restore pages, with who may do what. The
jobs are run here by calling their service, as the worker would."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backups import services
from backups.models import BackupJob, RestoreJob
from exports.models import JobStatus
from journeys.models import Journey
from workspaces.models import Membership, Role, Workspace

from .helpers import documents

pytestmark = pytest.mark.django_db


def workspace_page(workspace) -> str:
    return reverse("workspaces:members", args=[workspace.pk])


def upload(data: bytes, name: str = "backup.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def test_an_owner_sees_download_backup_and_the_restore_form(team, client_for):
    page = client_for(team.owner).get(workspace_page(team.workspace)).content.decode()
    assert '<button type="submit" class="primary">Download backup</button>' in page
    assert "Restore a backup into a new workspace" in page
    assert 'name="file"' in page and 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_other_members_see_only_the_restore_form(team, client_for, role):
    page = client_for(team.users[role]).get(workspace_page(team.workspace)).content.decode()
    assert ">Download backup</button>" not in page
    assert "Restore a backup into a new workspace" in page


@pytest.mark.parametrize(("role", "status"), [("owner", 302), ("editor", 403), ("viewer", 403), ("outsider", 404)])
def test_only_owners_start_a_backup(team, client_for, role, status):
    response = client_for(team.users[role]).post(reverse("backups:create", args=[team.workspace.pk]))
    assert response.status_code == status
    assert BackupJob.objects.count() == (1 if status == 302 else 0)


def test_a_backup_started_with_htmx_shows_its_progress_then_its_download(team, client_for, journey, touchpoint):
    client = client_for(team.owner)
    response = client.post(reverse("backups:create", args=[team.workspace.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 201
    job = BackupJob.objects.get()
    html = response.content.decode()
    assert 'aria-label="Backup progress"' in html and f'hx-get="/backups/{job.pk}/"' in html

    assert client.get(reverse("backups:download", args=[job.pk])).status_code == 404  # not ready yet
    services.backup_job_run(job_id=job.pk)
    status = client.get(reverse("backups:backup_job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Download the archive" in status and "hx-get" not in status and "1 map" in status

    download = client.get(reverse("backups:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith('attachment; filename="retail-team-backup-')
    assert download["Cache-Control"] == "private, no-store"
    archive = documents(b"".join(download.streaming_content))
    assert archive["manifest.json"]["counts"]["touchpoints"] == 1


@pytest.mark.parametrize(("role", "status"), [("editor", 403), ("viewer", 403), ("outsider", 404)])
def test_only_owners_follow_and_download_a_backup(team, client_for, journey, role, status):
    job = services.backup_job_create(workspace=team.workspace, created_by=team.owner)
    services.backup_job_run(job_id=job.pk)
    client = client_for(team.users[role])
    assert client.get(reverse("backups:backup_job", args=[job.pk])).status_code == status
    assert client.get(reverse("backups:download", args=[job.pk])).status_code == status


def test_the_page_lists_recent_backups_in_a_constant_number_of_queries(team, client_for, django_assert_num_queries):
    client = client_for(team.owner)
    client.get(workspace_page(team.workspace))
    for _number in range(8):
        services.backup_job_create(workspace=team.workspace, created_by=team.owner)
    # user, workspace with role, members, invitations, the nav's count, recent backups
    with django_assert_num_queries(6):
        page = client.get(workspace_page(team.workspace)).content.decode()
    assert page.count('class="backup-job"') == 5


def test_restoring_from_the_browser_makes_a_workspace_the_user_owns(team, client_for, journey, touchpoint, backup_of):
    data = backup_of(team.workspace)
    client = client_for(team.viewer)  # any user may restore: the new workspace is theirs
    response = client.post(reverse("backups:restore"), {"file": upload(data), "name": "Kopia zespołu"})
    job = RestoreJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("backups:restore_job", args=[job.pk])
    assert "Restore progress" in client.get(response["Location"]).content.decode()

    services.restore_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and not job.file  # the upload is not kept
    new = Workspace.objects.get(name="Kopia zespołu")
    assert Membership.objects.get(workspace=new).user == team.viewer
    assert Membership.objects.get(workspace=new).role == Role.OWNER
    page = client.get(reverse("backups:restore_job", args=[job.pk])).content.decode()
    assert "Restored into the new workspace “Kopia zespołu”." in page
    restored_map = Journey.objects.get(workspace=new)
    assert f'href="/maps/{restored_map.pk}/">Retail journey</a>' in page
    assert "People who are not members here" in page and "@olivia" in page
    assert client.get(f"/maps/{restored_map.pk}/").status_code == 200


def test_a_refused_archive_lists_its_problems_and_writes_nothing(team, client_for):
    client = client_for(team.editor)
    client.post(reverse("backups:restore"), {"file": upload(b"not a zip")})
    job = RestoreJob.objects.get()
    services.restore_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file
    assert job.error == "The archive was refused: 1 problem found; nothing was restored."
    page = client.get(reverse("backups:restore_job", args=[job.pk])).content.decode()
    assert "This is not a backup archive: expected a .zip file made by “Download backup”." in page
    assert Workspace.objects.count() == 2  # the team's and the outsider's


def test_the_restore_form_says_what_is_wrong_beside_its_fields(team, client_for, settings):
    client = client_for(team.editor)
    response = client.post(reverse("backups:restore"), {"name": "x" * 121})
    assert response.status_code == 422
    page = response.content.decode()
    assert "This field is required." in page and "Ensure this value has at most 120 characters" in page
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    response = client.post(reverse("backups:restore"), {"file": upload(b"x" * 11)})
    assert response.status_code == 422 and "The file is larger than 0 MB." in response.content.decode()
    assert not RestoreJob.objects.exists()


def test_a_user_has_at_most_three_restores_under_way(team, client_for):
    client = client_for(team.editor)
    for _number in range(3):
        assert client.post(reverse("backups:restore"), {"file": upload(b"zip")}).status_code == 302
    response = client.post(reverse("backups:restore"), {"file": upload(b"zip")})
    assert response.status_code == 422
    assert "You have 3 restores under way: wait for one to finish." in response.content.decode()


def test_a_restore_is_its_makers_alone(team, client_for):
    client_for(team.editor).post(reverse("backups:restore"), {"file": upload(b"zip")})
    job = RestoreJob.objects.get()
    for user in (team.owner, team.outsider):
        assert client_for(user).get(reverse("backups:restore_job", args=[job.pk])).status_code == 404
    assert client_for(None).get(reverse("backups:restore_job", args=[job.pk])).status_code == 302


def test_the_archive_is_a_plain_zip_of_json(team, journey, backup_of):
    with zipfile.ZipFile(io.BytesIO(backup_of(team.workspace))) as archive:
        assert archive.testzip() is None
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
