"""Two web processes on different ports sharing one Redis behave as one site."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from .conftest import free_port
from .http_client import Browserless, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


class WebProcess:
    """`uvicorn config.asgi:application` in a process of its own, on the test database."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": settings.REDIS_URL, "DEBUG": "0"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--timeout-graceful-shutdown", "1"],
            cwd=BASE_DIR, env=env,
        )

    def wait_ready(self):
        client = Browserless(self.url, "")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn on port {self.port} exited with {self.process.returncode}")
            try:
                if client.get("/healthz/", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"uvicorn on port {self.port} did not answer")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def two_web_processes(transactional_db):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): processes share them")
    processes = [WebProcess(), WebProcess()]
    try:
        yield [process.wait_ready() for process in processes]
    finally:
        for process in processes:
            process.stop()


def test_a_change_made_through_one_process_reaches_a_browser_connected_to_the_other(
    two_web_processes, team, journey, touchpoint
):
    first, second = two_web_processes
    assert first.port != second.port
    events = reverse("live:events", args=[journey.pk])
    watching = Browserless(second.url, session_cookie(team.viewer)).stream(events)
    try:
        assert watching.status == 200
        assert [p["name"] for p in watching.next("presence", timeout=10)["data"]] == ["Vera"]

        editor = Browserless(first.url, session_cookie(team.editor), client_id="editor-tab")
        # Presence crosses too: the editor's stream on the first process shows on the second.
        editing = editor.stream(events)
        assert [p["name"] for p in watching.next("presence", timeout=10)["data"]] == ["Eddie", "Vera"]

        response = editor.post(reverse("touchpoints:touchpoint_move", args=[touchpoint.pk]), {"direction": "next"})
        assert response.status == 200
        event = watching.next("board", timeout=10)["data"]
        next_stage = journey.stages.get(position=1)
        assert (event["kind"], event["touchpoint"], event["origin"]) == ("touchpoint.moved", touchpoint.pk, "editor-tab")
        assert sorted(event["stages"]) == sorted([touchpoint.stage_id, next_stage.pk])
        # The second process serves the changed column as the first one wrote it.
        column = Browserless(second.url, session_cookie(team.viewer)).get(
            reverse("journeys:stage_detail", args=[next_stage.pk])
        )
        assert "Promotional e-mail" in column.body
        editing.close()
    finally:
        watching.close()
