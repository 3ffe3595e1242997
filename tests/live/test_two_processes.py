"""Two web processes on different ports sharing one Redis behave as one site."""

import signal

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from .http_client import Browserless, WebProcess, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_web_processes(transactional_db):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): processes share them")
    processes = [WebProcess(redis_url=settings.REDIS_URL), WebProcess(redis_url=settings.REDIS_URL)]
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
    events = reverse("boards:events", args=[journey.pk])
    watching = Browserless(second.url, session_cookie(team.viewer)).stream(events)
    try:
        assert watching.status == 200
        assert [p["name"] for p in watching.next("presence", timeout=10)["data"]] == ["Vera"]

        editor = Browserless(first.url, session_cookie(team.editor), client_id="editor-tab")
        # Presence crosses too: the editor's stream on the first process shows on the second.
        editing = editor.stream(events)
        assert [p["name"] for p in watching.next("presence", timeout=10)["data"]] == ["Eddie", "Vera"]

        response = editor.post(reverse("boards:touchpoint_move", args=[touchpoint.pk]), {"direction": "next"})
        assert response.status == 200
        event = watching.next("board", timeout=10)["data"]
        next_stage = journey.stages.get(position=1)
        assert (event["kind"], event["touchpoint"], event["origin"]) == (
            "touchpoint.moved",
            touchpoint.pk,
            "editor-tab",
        )
        assert sorted(event["stages"]) == sorted([touchpoint.stage_id, next_stage.pk])
        # The second process serves the changed column as the first one wrote it.
        column = Browserless(second.url, session_cookie(team.viewer)).get(
            reverse("boards:stage_detail", args=[next_stage.pk])
        )
        assert "Promotional e-mail" in column.body
        editing.close()
    finally:
        watching.close()


def test_open_streams_hold_no_database_connection(transactional_db, team, journey):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the pool belongs to the web process")
    web = WebProcess(redis_url=settings.REDIS_URL, env={"DATABASE_POOL_MAX": "2"}).wait_ready()
    streams = []
    try:
        viewer = Browserless(web.url, session_cookie(team.viewer))
        events = reverse("boards:events", args=[journey.pk])
        streams = [viewer.stream(f"{events}?client=tab{number}") for number in range(5)]
        assert [stream.status for stream in streams] == [200] * 5
        for stream in streams:
            stream.next("presence", timeout=10)
        assert viewer.get(reverse("boards:board", args=[journey.pk])).status == 200
    finally:
        for stream in streams:
            stream.close()
        web.stop()


def test_a_stopping_server_ends_its_streams_instead_of_waiting_for_them(transactional_db, team, journey):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the server runs in a process of its own")
    web = WebProcess(redis_url=settings.REDIS_URL, graceful_timeout=None).wait_ready()  # as `make run` starts it
    stream = Browserless(web.url, session_cookie(team.viewer)).stream(reverse("boards:events", args=[journey.pk]))
    try:
        stream.next("presence", timeout=10)
        web.process.send_signal(signal.SIGINT)  # Ctrl-C
        assert stream.closed.wait(10)
        assert web.process.wait(timeout=10) == 0
    finally:
        stream.close()
        web.stop()
