"""Backup and restore jobs always end in a final state, and their archives do not outlive them: a job
whose worker died is failed once past its hard time limit; one no worker took is sent again, then
failed; a broker that is down answers 503; old archives are removed, and a workspace's with it."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from backups import services
from backups.models import BackupJob, RestoreJob
from exports import jobs
from exports.models import JobStatus
from tests.exports.test_job_recovery import broker_down  # noqa: F401  (a fixture)
from workspaces.services import workspace_delete

pytestmark = pytest.mark.django_db


@pytest.fixture
def backup(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # no worker here: the job stays queued
        return services.backup_job_create(workspace=team.workspace, created_by=team.owner)


def running_since(model, job, seconds_ago: float) -> None:
    started = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    model.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=started, progress=40)


def test_a_backup_running_past_its_hard_limit_is_failed_with_its_reason(backup, settings):
    limit = settings.BACKUP_TASK_TIME_LIMIT + jobs.STALE_MARGIN.total_seconds()
    running_since(BackupJob, backup, limit - 5)
    assert services.jobs_sweep() == 0
    running_since(BackupJob, backup, limit + 1)
    assert services.jobs_sweep() == 1
    job = BackupJob.objects.get(pk=backup.pk)
    assert job.status == JobStatus.FAILED and "The worker running this job stopped before it finished" in job.error


def test_the_restore_page_settles_a_dead_restore_and_drops_its_upload(team, client_for, settings):
    job = RestoreJob(created_by=team.editor)
    job.file.save("r.zip", ContentFile(b"PK"), save=True)
    running_since(RestoreJob, job, settings.BACKUP_TASK_TIME_LIMIT + 60)
    page = client_for(team.editor).get(reverse("backups:restore_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "The worker running this job stopped before it finished" in page.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file


def test_a_backup_no_worker_took_is_sent_again_then_failed(backup, monkeypatch):
    sent = []
    monkeypatch.setattr(services.tasks.backup_run, "apply_async", lambda args, **kwargs: sent.append(args))
    created = BackupJob.objects.get(pk=backup.pk).created_at
    services.jobs_sweep(now=created + jobs.REQUEUE_AFTER + datetime.timedelta(seconds=1))
    assert sent == [(backup.pk,)]
    assert services.jobs_sweep(now=created + jobs.GIVE_UP_AFTER + datetime.timedelta(seconds=1)) == 1
    assert "No worker took this job in time" in BackupJob.objects.get(pk=backup.pk).error


def test_a_job_past_its_own_deadline_stops_itself(team, journey, settings):
    """The solo pool `make run` uses enforces no time limit: the job checks its deadline as it reports."""
    settings.BACKUP_TASK_SOFT_TIME_LIMIT = -1
    job = BackupJob.objects.create(workspace=team.workspace, created_by=team.owner)
    services.backup_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "The job took longer than -1 seconds and was stopped."
    assert not job.file


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_answers_503_and_leaves_no_backup_queued(team, client_for, broker_down):  # noqa: F811
    response = client_for(team.owner).post(reverse("backups:create", args=[team.workspace.pk]))
    assert response.status_code == 503
    job = BackupJob.objects.get()
    assert job.status == JobStatus.FAILED and "the job was not started" in job.error


def test_old_archives_are_removed_with_their_jobs(team, journey):
    job = BackupJob.objects.create(workspace=team.workspace, created_by=team.owner)
    services.backup_job_run(job_id=job.pk)
    job.refresh_from_db()
    name = job.file.name
    assert default_storage.exists(name)
    assert services.backups_remove_expired(now=job.finished_at + datetime.timedelta(days=6)) == 0
    assert services.backups_remove_expired(now=job.finished_at + datetime.timedelta(days=8)) == 1
    assert not default_storage.exists(name) and not BackupJob.objects.exists()


def test_a_deleted_workspace_takes_its_archives_with_it(team, journey, django_capture_on_commit_callbacks):
    job = BackupJob.objects.create(workspace=team.workspace, created_by=team.owner)
    services.backup_job_run(job_id=job.pk)
    name = BackupJob.objects.get(pk=job.pk).file.name
    with django_capture_on_commit_callbacks(execute=True):
        workspace_delete(workspace=team.workspace)
    assert not default_storage.exists(name)
