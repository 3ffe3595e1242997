"""Export jobs run through the services directly (the worker tests run them through Celery)."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone

from config.celery import app
from exports import services, tasks
from exports.models import ExportFormat, ExportJob, JobStatus

pytestmark = pytest.mark.django_db


def make_job(journey, user, format=ExportFormat.JSON):
    return ExportJob.objects.create(journey=journey, format=format, created_by=user)


def test_creating_an_export_queues_its_task_only_after_commit(rich_map, team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.export_job_create(journey=rich_map, format="pdf", created_by=team.owner)
    assert job.status == JobStatus.QUEUED
    assert job.progress == 0
    assert len(callbacks) == 1


def test_unknown_format_is_refused(rich_map, team):
    with pytest.raises(ValidationError) as error:
        services.export_job_create(journey=rich_map, format="docx", created_by=team.owner)
    assert "format" in error.value.message_dict
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("format", ExportFormat.values)
def test_export_job_writes_its_file_and_succeeds(rich_map, team, format, shared_media_root):
    job = make_job(rich_map, team.owner, format)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    assert job.error == ""
    assert job.started_at and job.finished_at
    assert job.filename.endswith("." + format)
    assert (shared_media_root / job.file.name).stat().st_size > 0


def test_running_an_export_twice_is_safe(rich_map, team, shared_media_root):
    job = make_job(rich_map, team.owner)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    first_file = job.file.name
    assert services.export_job_run(job_id=job.pk) is None  # already done: nothing redone
    # A redelivered message after the worker died mid-run: the job is still "running".
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.file.name == first_file
    assert [p.name for p in (shared_media_root / "exports" / str(job.pk)).iterdir()] == [job.filename]


def test_an_export_that_cannot_save_its_file_is_reported_failed(rich_map, team, shared_media_root):
    (shared_media_root / "exports").write_text("a file where the exports folder should be")
    job = make_job(rich_map, team.owner, ExportFormat.CSV)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("The file could not be saved")
    assert not job.file
    (shared_media_root / "exports").unlink()


def test_a_final_task_failure_is_written_on_the_job(rich_map, team):
    job = make_job(rich_map, team.owner)
    tasks.export_run.on_failure(OperationalError("server closed the connection"), "task-id", (job.pk,), {}, None)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "The job failed after 6 tries: server closed the connection"


def test_export_tasks_are_late_acknowledged_retried_with_backoff_and_time_limited():
    task = tasks.export_run
    assert task.acks_late and task.reject_on_worker_lost
    assert OperationalError in task.autoretry_for
    assert task.retry_backoff and task.retry_jitter and task.max_retries == 5
    assert 0 < task.soft_time_limit < task.time_limit


def test_retention_task_is_scheduled():
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "exports.tasks.exports_remove_expired" in entries
    assert "exports.tasks.exports_remove_expired" in app.tasks


def test_retention_removes_old_files_and_their_jobs_only(rich_map, team, shared_media_root):
    old, recent = make_job(rich_map, team.owner), make_job(rich_map, team.owner)
    services.export_job_run(job_id=old.pk)
    services.export_job_run(job_id=recent.pk)
    old.refresh_from_db()
    old_path = shared_media_root / old.file.name
    long_ago = timezone.now() - dt.timedelta(days=settings.EXPORT_RETENTION_DAYS + 1)
    ExportJob.objects.filter(pk=old.pk).update(finished_at=long_ago)

    assert services.exports_remove_expired() == 1

    assert not old_path.exists()
    assert not old_path.parent.exists()  # its folder too
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    recent.refresh_from_db()
    assert (shared_media_root / recent.file.name).exists()


def test_an_export_past_its_time_limit_is_stopped_and_reported(rich_map, team, settings):
    # The solo pool of `make run` enforces no Celery time limit: the job checks its own.
    settings.EXPORT_TASK_SOFT_TIME_LIMIT = 0
    job = make_job(rich_map, team.owner, ExportFormat.PDF)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "The job took longer than 0 seconds and was stopped."
    assert not job.file


def test_an_import_past_its_time_limit_writes_nothing(rich_map, team, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from exports.formats import FORMATS
    from exports.selectors import map_document
    from journeys.models import Journey

    data = FORMATS["json"].render(map_document(rich_map.pk))
    job = services.import_job_create_map(
        workspace=team.workspace, upload=SimpleUploadedFile("m.json", data), created_by=team.owner
    )
    settings.EXPORT_TASK_SOFT_TIME_LIMIT = 0
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "took longer than" in job.error
    assert Journey.objects.count() == 1
