"""Jobs always end in a final state (finding 7 of the trust issue): a job whose worker died is failed,
saying so, once it is past its hard time limit; one that no worker took is sent again, then failed;
a broker that is down when a job is queued answers 503 and leaves no job queued for ever."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from exports import jobs, services
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
    limit = settings.EXPORT_TASK_TIME_LIMIT + jobs.STALE_MARGIN.total_seconds()
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
    services.jobs_sweep(now=created + jobs.REQUEUE_AFTER - datetime.timedelta(seconds=1))
    assert sent == []
    services.jobs_sweep(now=created + jobs.REQUEUE_AFTER + datetime.timedelta(seconds=1))
    assert sent == [(export.pk,)]
    assert services.jobs_sweep(now=created + jobs.GIVE_UP_AFTER + datetime.timedelta(seconds=1)) == 1
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


@pytest.fixture
def own_broker(tmp_path):
    """A Redis of our own for the app's broker, that the test stops and starts again."""
    import shutil
    import socket
    import subprocess
    import time

    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    def start():
        process = subprocess.Popen(
            [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            cwd=tmp_path,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return process
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    previous = app.conf.broker_url, app._pool, app.amqp._producer_pool
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    app._pool = app.amqp._producer_pool = None
    state = {"process": start()}

    def stop():
        state["process"].kill()
        state["process"].wait()

    def restart():
        state["process"] = start()

    yield port, stop, restart
    stop()
    app.conf.broker_url, app._pool, app.amqp._producer_pool = previous


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_stops_and_comes_back_leaves_every_job_final_or_queued_for_real(
    team, journey, client_for, own_broker
):
    """The broker stops (losing what it held, like a Redis without persistence) and comes back: the
    job queued before is sent again by the sweep, the one asked for meanwhile failed with its reason
    (503), and the one after is queued normally."""
    import redis

    port, stop, restart = own_broker
    client = client_for(team.editor)
    queue = app.conf.task_default_queue
    assert client.post(reverse("exports:create", args=[journey.pk]), {"format": "json"}).status_code == 302
    before = ExportJob.objects.get()
    stop()
    assert client.post(reverse("exports:create", args=[journey.pk]), {"format": "json"}).status_code == 503
    during = ExportJob.objects.exclude(pk=before.pk).get()
    assert during.status == JobStatus.FAILED
    restart()
    app._pool = app.amqp._producer_pool = None  # (the connections to the stopped server are gone)
    assert client.post(reverse("exports:create", args=[journey.pk]), {"format": "json"}).status_code == 302
    broker = redis.Redis(port=port)
    assert broker.llen(queue) == 1  # the first job's message went with the old server
    waited = timezone.now() - jobs.REQUEUE_AFTER - datetime.timedelta(seconds=1)
    ExportJob.objects.filter(pk=before.pk).update(created_at=waited)  # as if the sweep came two minutes on
    services.jobs_sweep()
    assert broker.llen(queue) == 2  # sent again, and only that one
    assert set(ExportJob.objects.values_list("status", flat=True)) == {JobStatus.QUEUED, JobStatus.FAILED}
