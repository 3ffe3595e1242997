"""Jobs always end in a final state (finding 7 of the trust issue): a job whose worker died is failed,
saying so, once it is past its hard time limit; one that no worker took is sent again, then failed;
a broker that is down when a job is queued answers 503 and leaves no job queued for ever."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from exports import services
from exports.models import ExportJob, JobStatus

pytestmark = pytest.mark.django_db


def running_since(job, seconds_ago: float):
    started = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=started, progress=40)


@pytest.fixture
def export(journey, team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # no worker here: the job stays queued
        return services.export_job_create(journey=journey, format="json", created_by=team.editor)


def test_a_job_running_past_its_hard_limit_is_failed_with_its_reason(export, settings):
    limit = settings.EXPORT_TASK_TIME_LIMIT + services.STALE_MARGIN.total_seconds()
    running_since(export, limit - 5)
    assert services.jobs_sweep() == 0
    assert ExportJob.objects.get(pk=export.pk).status == JobStatus.RUNNING  # it may still be working
    running_since(export, limit + 1)
    assert services.jobs_sweep() == 1
    job = ExportJob.objects.get(pk=export.pk)
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "The worker running this job stopped before it finished" in job.error


def test_the_job_page_settles_a_dead_job_when_it_is_asked(export, client_for, team, settings):
    running_since(export, settings.EXPORT_TASK_TIME_LIMIT + 60)
    page = client_for(team.editor).get(reverse("exports:job", args=[export.pk]), HTTP_HX_REQUEST="true")
    assert "The worker running this job stopped before it finished" in page.content.decode()
    assert ExportJob.objects.get(pk=export.pk).status == JobStatus.FAILED


def test_a_job_no_worker_took_is_sent_again_then_failed(export, monkeypatch):
    sent = []
    monkeypatch.setattr(services.tasks.export_run, "apply_async", lambda args, **kwargs: sent.append(args))
    created = ExportJob.objects.get(pk=export.pk).created_at
    services.jobs_sweep(now=created + services.REQUEUE_AFTER - datetime.timedelta(seconds=1))
    assert sent == []
    services.jobs_sweep(now=created + services.REQUEUE_AFTER + datetime.timedelta(seconds=1))
    assert sent == [(export.pk,)]
    assert services.jobs_sweep(now=created + services.GIVE_UP_AFTER + datetime.timedelta(seconds=1)) == 1
    job = ExportJob.objects.get(pk=export.pk)
    assert job.status == JobStatus.FAILED and "No worker took this job in time" in job.error


@pytest.fixture
def broker_down():
    """The Celery app's broker is a port nothing listens on (a real refused connection)."""
    previous = app.conf.broker_url, app._pool, app.amqp._producer_pool
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._pool = app.amqp._producer_pool = None  # (new connections, to the dead port)
    yield
    app.conf.broker_url, app._pool, app.amqp._producer_pool = previous


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_answers_503_and_leaves_no_job_queued(team, journey, client_for, broker_down, api_for):
    response = client_for(team.editor).post(reverse("exports:create", args=[journey.pk]), {"format": "pdf"})
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "The job queue is unavailable for a moment" in response.content.decode()
    job = ExportJob.objects.get()
    assert job.status == JobStatus.FAILED and "the job was not started" in job.error
    api = api_for("editor").post("/api/v1/exports/", {"journey": journey.pk, "format": "json"}, format="json")
    assert api.status_code == 503 and "job queue is unavailable" in api.json()["detail"]
    assert not ExportJob.objects.filter(status=JobStatus.QUEUED).exists()
