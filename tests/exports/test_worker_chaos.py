"""A real worker killed mid-export, on Redis and on the embedded filesystem broker (finding 7 of the trust
issue: the job stayed "running" for ever). Its job is failed, saying why, once it is past its hard time
limit (the sweep is run at that moment rather than waited for); nothing else is lost, and a worker
started afterwards runs the next export to the end. PostgreSQL only: the worker, in its own process,
shares the test database."""

import datetime
import os
import signal
import subprocess
import time

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from exports import jobs, services
from exports.models import ExportJob, JobStatus
from touchpoints.models import Touchpoint

from .conftest import PROJECT_DIR, _database_url, wait_for_job, worker_command

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def big_map(journey, channel):
    """A map whose PDF takes the worker a few seconds: time to kill it in the middle."""
    stages = list(journey.stages.all())
    Touchpoint.objects.bulk_create(
        Touchpoint(
            stage=stages[number % len(stages)],
            channel=channel,
            title=f"Card {number}: promotional e-mail and store visit",
            does="Compares the offer on the phone, then checks the store's stock. " * 8,
            pain_points="Delivery costs appear only at checkout.\nThe chatbot cannot answer stock questions.",
            position=number,
        )
        for number in range(400)
    )
    return journey


def start_worker(broker: str, tmp_path, queue: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(tmp_path / "media")}
    if broker == "filesystem":
        env.pop("REDIS_URL", None)
        env["VAR_DIR"] = str(tmp_path / "var")
    return subprocess.Popen(
        worker_command(queue, loglevel="WARNING"),
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: killed whole
    )


def send(broker: str, tmp_path, queue: str, job_id: int) -> None:
    """What export_job_create's commit does, through the broker this worker reads."""
    # (Not the current app: shared tasks elsewhere in this process must keep sending through config's.)
    if broker == "redis":
        sender = Celery(broker=os.environ["REDIS_URL"], set_as_current=False)
    else:
        folder = str(tmp_path / "var" / "broker" / "queue")
        os.makedirs(folder, exist_ok=True)
        sender = Celery(
            broker="filesystem://",
            # (Its broadcasts too: kombu's default control folder is the working directory.)
            broker_transport_options={
                "data_folder_in": folder,
                "data_folder_out": folder,
                "control_folder": str(tmp_path / "var" / "broker" / "control"),
            },
            set_as_current=False,
        )
    sender.send_task("exports.tasks.export_run", args=[job_id], queue=queue)
    sender.close()


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.mark.parametrize("broker", ["redis", "filesystem"])
def test_a_worker_killed_mid_export_leaves_a_failed_job_and_loses_nothing(
    broker, big_map, team, tmp_path, django_capture_on_commit_callbacks
):
    if connection.vendor != "postgresql" or (broker == "redis" and not os.environ.get("REDIS_URL")):
        pytest.skip("the worker shares the test database: PostgreSQL (and REDIS_URL for the Redis broker)")
    queue = f"chaos-{os.getpid()}-{broker}"
    cards = Touchpoint.objects.filter(stage__journey=big_map).count()
    with django_capture_on_commit_callbacks(execute=False):
        job = services.export_job_create(journey=big_map, format="pdf", created_by=team.editor)
    worker = start_worker(broker, tmp_path, queue)
    try:
        send(broker, tmp_path, queue, job.pk)
        wait_for(lambda: ExportJob.objects.get(pk=job.pk).status != JobStatus.QUEUED)
        assert ExportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING
        os.killpg(worker.pid, signal.SIGKILL)  # mid-export
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    dead = ExportJob.objects.get(pk=job.pk)
    assert dead.status == JobStatus.RUNNING  # what a dead worker leaves

    limit = datetime.timedelta(seconds=settings.EXPORT_TASK_TIME_LIMIT) + jobs.STALE_MARGIN
    assert services.jobs_sweep(now=dead.started_at + limit - datetime.timedelta(seconds=1)) == 0
    assert services.jobs_sweep(now=dead.started_at + limit + datetime.timedelta(seconds=1)) == 1
    failed = ExportJob.objects.get(pk=job.pk)
    assert failed.status == JobStatus.FAILED and "stopped before it finished" in failed.error

    # Nothing else is lost, and the next worker runs the next export to the end.
    assert Touchpoint.objects.filter(stage__journey=big_map).count() == cards
    with django_capture_on_commit_callbacks(execute=False):
        again = services.export_job_create(journey=big_map, format="json", created_by=team.editor)
    worker = start_worker(broker, tmp_path, queue)
    try:
        send(broker, tmp_path, queue, again.pk)
        wait_for_job(again)
        assert again.status == JobStatus.SUCCEEDED, again.error
        assert ExportJob.objects.get(pk=job.pk).status == JobStatus.FAILED  # not run again behind our back
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
