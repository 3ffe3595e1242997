"""Backups and restores through a real Celery worker on PostgreSQL and Redis (skipped on SQLite): the jobs
are committed by the test, run by `celery -A config worker --pool=solo` in its own process, and read back."""

import io

import pytest
from django.urls import reverse

from backups import services
from backups.models import RestoreJob
from exports.models import JobStatus
from journeys.models import Journey
from tests.exports.conftest import needs_worker
from workspaces.models import Workspace

from .conftest import wait_for_job
from .helpers import archive_content, blank_people, differences

pytestmark = [needs_worker, pytest.mark.django_db(transaction=True)]


def download(client, job) -> bytes:
    response = client.get(reverse("backups:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_backup_and_its_restore_run_in_the_worker(celery_worker, client_for, team, full_workspace, backup_of):
    job = services.backup_job_create(workspace=full_workspace, created_by=team.owner)
    wait_for_job(job)
    assert (job.status, job.progress, job.error) == (JobStatus.SUCCEEDED, 100, "")
    client = client_for(team.owner)
    data = download(client, job)

    response = client.post(
        reverse("backups:restore"), {"file": io.BytesIO(data), "name": "Z kopii"}, format="multipart"
    )
    assert response.status_code == 302
    restore = wait_for_job(RestoreJob.objects.get())
    assert restore.status == JobStatus.SUCCEEDED, restore.problems
    assert not restore.file
    copy = Workspace.objects.get(pk=restore.workspace_id)
    assert copy.name == "Z kopii"
    assert Journey.objects.filter(workspace=copy).count() == 2

    expected, second = archive_content(data), archive_content(backup_of(copy))
    expected["workspace"]["workspace"]["name"] = expected["manifest"]["workspace"] = "Z kopii"
    for map_file in expected["maps"]:
        map_file["workspace"]["name"] = "Z kopii"
    for content in (expected, second):
        blank_people(content)
    assert differences(second, expected) == []


def test_a_refused_archive_fails_in_the_worker_with_its_problems(celery_worker, client_for, team):
    client_for(team.editor).post(reverse("backups:restore"), {"file": io.BytesIO(b"PK\x03\x04 torn")})
    restore = wait_for_job(RestoreJob.objects.get())
    assert restore.status == JobStatus.FAILED
    assert restore.problems[0]["message"].startswith("This is not a backup archive")
    assert not restore.file
    assert Workspace.objects.count() == 2


def test_the_api_follows_a_backup_to_its_download(celery_worker, api_for, team, journey):
    client = api_for("owner")
    response = client.post(f"/api/v1/workspaces/{team.workspace.pk}/backup/")
    assert response.status_code == 202
    job_id = response.json()["id"]
    from backups.models import BackupJob

    wait_for_job(BackupJob.objects.get(pk=job_id))
    body = client.get(f"/api/v1/backups/{job_id}/").json()
    assert body["status"] == "succeeded" and body["counts"]["maps"] == 1
    assert client.get(body["download_url"]).status_code == 200
