"""A real Celery worker for the tests that need one (PostgreSQL + Redis runs), and the media folder it
shares with them. Defined once, here, for every folder of tests: a session fixture imported into two
conftest files is two fixtures, and two workers reading one queue each kept files in its own folder."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


def worker_command(queue: str, *, hostname: str | None = None, loglevel: str = "INFO") -> list[str]:
    """`celery -A config worker` as the tests start it: one process, reading only `queue`."""
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", f"--loglevel={loglevel}"]
    command += ["--without-gossip", "--without-mingle", "--queues", queue]
    return command + (["--hostname", hostname] if hostname else [])


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}?pool=false"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, media_dir, tmp_path_factory, celery_queue_of_this_process):
    """`celery -A config worker --pool=solo` on the test database and the test Redis."""
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("a real Celery worker needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)")
    from config.celery import app

    app.control.purge()  # messages left by earlier runs point at rows that no longer exist
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(media_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    hostname = f"exports-test-{os.getpid()}@{socket.gethostname()}"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            worker_command(celery_queue_of_this_process, hostname=hostname),
            cwd=PROJECT_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[hostname], timeout=1.0):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not start:\n{log.read_text()[-3000:]}")
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # The live server's threads hand their connections back to psycopg's pool, which keeps
        # them open; close it so the test database can be dropped after the session.
        if getattr(connection, "pool", None) is not None:
            connection.close()
            connection.close_pool()
