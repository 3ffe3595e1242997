"""The board's live stream, served by uvicorn (ASGI) on a thread against the test database."""

import time

import pytest
from django.urls import reverse

from live.broker import get_broker
from live.events import BoardEvent, board_cursor

from .http_client import Browserless, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def events_url(journey, **query):
    url = reverse("boards:events", args=[journey.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def as_user(server, user, client_id=""):
    return Browserless(server.url, session_cookie(user), client_id)


def publish(journey, **fields):
    return get_broker().publish(BoardEvent(journey=journey.pk, **({"kind": "touchpoint.updated"} | fields)))


def test_an_edit_reaches_every_browser_that_has_the_board_open(asgi_live_server, team, journey, touchpoint):
    viewer = as_user(asgi_live_server, team.viewer).stream(events_url(journey, client="viewer-tab"))
    owner = as_user(asgi_live_server, team.owner).stream(events_url(journey))
    try:
        assert viewer.status == 200 and owner.status == 200
        viewer.next("presence"), owner.next("presence")
        editor = as_user(asgi_live_server, team.editor, client_id="editor-tab")
        response = editor.post(
            reverse("boards:touchpoint_edit", args=[touchpoint.pk]),
            {
                "title": "Newsletter",
                "stage": touchpoint.stage_id,
                "channel": touchpoint.channel_id,
                "emotion": "1",
                "version": touchpoint.version,
            },
        )
        assert response.status == 200
        for stream in (viewer, owner):
            event = stream.next("board")
            assert event["data"]["kind"] == "touchpoint.updated"
            assert event["data"]["stages"] == [touchpoint.stage_id]
            assert event["data"]["touchpoint"] == touchpoint.pk
            assert (event["data"]["actor"], event["data"]["origin"]) == (team.editor.pk, "editor-tab")
            assert event["id"] == board_cursor(journey.pk)
    finally:
        viewer.close()
        owner.close()


def test_the_stream_is_a_real_event_stream_that_is_not_buffered(asgi_live_server, team, journey):
    stream = as_user(asgi_live_server, team.editor).stream(events_url(journey))
    try:
        headers = {name.lower(): value for name, value in stream.response.getheaders()}
        assert headers["content-type"].startswith("text/event-stream")
        assert headers["cache-control"] == "no-cache"
        stream.next("presence")
        publish(journey, stages=[1])
        assert stream.next("board")["data"]["stages"] == [1]
    finally:
        stream.close()


def test_a_reconnecting_browser_gets_what_it_missed(asgi_live_server, team, journey):
    for stage in (11, 12, 13):
        publish(journey, stages=[stage])
    user = as_user(asgi_live_server, team.editor)
    stream = user.stream(events_url(journey), headers={"Last-Event-ID": "1"})
    try:
        missed = [stream.next("board"), stream.next("board")]
        assert [(e["id"], e["data"]["stages"]) for e in missed] == [("2", [12]), ("3", [13])]
        stream.next("presence")
        publish(journey, stages=[14])
        event = stream.next("board")
        assert (event["id"], event["data"]["stages"]) == ("4", [14])
    finally:
        stream.close()


def test_the_page_cursor_resumes_a_stream_after_the_events_the_page_already_shows(asgi_live_server, team, journey):
    publish(journey, stages=[11])
    stream = as_user(asgi_live_server, team.editor).stream(events_url(journey, after=1))
    try:
        stream.next("presence")
        publish(journey, stages=[12])
        assert stream.next("board")["id"] == "2"
    finally:
        stream.close()


def test_a_browser_too_far_behind_is_told_to_reread_the_board(asgi_live_server, team, journey):
    publish(journey, stages=[11])
    stream = as_user(asgi_live_server, team.editor).stream(events_url(journey, after=57))
    try:
        assert stream.next("reset")["id"] == "1"
    finally:
        stream.close()


def test_an_idle_stream_sends_heartbeats(asgi_live_server, settings, team, journey):
    settings.LIVE_HEARTBEAT_SECONDS = 0.1
    stream = as_user(asgi_live_server, team.editor).stream(events_url(journey))
    try:
        stream.next("presence")
        stream.closed.wait(0.5)
        assert stream.comments >= 2
    finally:
        stream.close()


def test_a_stream_ends_after_its_lifetime_and_the_browser_reconnects(asgi_live_server, settings, team, journey):
    settings.LIVE_STREAM_MAX_SECONDS = 0.3
    stream = as_user(asgi_live_server, team.editor).stream(events_url(journey))
    try:
        assert stream.closed.wait(5)
    finally:
        stream.close()


def test_presence_shows_who_has_the_board_open_and_what_they_edit(asgi_live_server, team, journey, touchpoint):
    owner = as_user(asgi_live_server, team.owner)
    watching = owner.stream(events_url(journey, client="owner-tab"))
    try:
        assert [p["name"] for p in watching.next("presence")["data"]] == ["Olivia"]
        editor = as_user(asgi_live_server, team.editor)
        editing = editor.stream(events_url(journey, client="editor-tab"))
        people = watching.next("presence")["data"]
        assert [(p["name"], p["editing"]) for p in people] == [("Eddie", []), ("Olivia", [])]

        response = editor.post(
            reverse("boards:presence", args=[journey.pk]), {"client": "editor-tab", "editing": touchpoint.pk}
        )
        assert response.status == 204
        people = watching.next("presence")["data"]
        assert [(p["name"], p["editing"]) for p in people] == [("Eddie", [touchpoint.pk]), ("Olivia", [])]

        editing.close()
        people = watching.next("presence")["data"]
        assert [p["name"] for p in people] == ["Olivia"]
    finally:
        watching.close()


@pytest.mark.parametrize(("role", "status"), [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404)])
def test_who_may_open_a_boards_stream(asgi_live_server, team, journey, role, status):
    stream = as_user(asgi_live_server, team.users[role]).stream(events_url(journey))
    try:
        assert stream.status == status
    finally:
        stream.close()


def test_an_anonymous_visitor_gets_no_stream(asgi_live_server, journey):
    stream = Browserless(asgi_live_server.url, "").stream(events_url(journey))
    assert stream.status == 401
    stream.close()


@pytest.mark.parametrize(("role", "status"), [("owner", 204), ("editor", 204), ("viewer", 403), ("outsider", 404)])
def test_who_may_say_they_are_editing_a_card(asgi_live_server, team, journey, touchpoint, role, status):
    response = as_user(asgi_live_server, team.users[role]).post(
        reverse("boards:presence", args=[journey.pk]), {"client": "tab", "editing": touchpoint.pk}
    )
    assert response.status == status


def test_under_wsgi_the_stream_declines_politely(team, journey, client_for):
    # The WSGI test client, like runserver: no stream, and no reconnecting either.
    response = client_for(team.editor).get(events_url(journey))
    assert response.status_code == 204


def test_streams_end_when_their_browsers_go(asgi_live_server, team, journey):
    user = as_user(asgi_live_server, team.editor)
    for _ in range(3):  # leaving together: each departure is news to the streams still open
        streams = [user.stream(events_url(journey, client=f"tab{number}")) for number in range(15)]
        for stream in streams:
            stream.next("presence")
        for stream in streams:
            stream.close()
    tasks = asgi_live_server.server.server_state.tasks
    deadline = time.monotonic() + 10
    while tasks and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not tasks


def test_a_removed_members_open_stream_ends_at_once(asgi_live_server, team, journey):
    """Finding 11 of the trust issue: a removed member's open stream went on receiving the board's
    events for up to 10 minutes."""
    from workspaces.models import Membership
    from workspaces.services import membership_remove

    stream = as_user(asgi_live_server, team.editor).stream(events_url(journey))
    other = as_user(asgi_live_server, team.viewer).stream(events_url(journey))
    try:
        stream.next("presence"), other.next("presence")
        started = time.perf_counter()
        membership_remove(membership=Membership.objects.get(workspace=team.workspace, user=team.editor))
        assert stream.next("revoked", timeout=5)["received"] - started < 5  # not at the next heartbeat
        stream.closed.wait(5)
        assert stream.closed.is_set()
        publish(journey, stages=[7])
        assert other.next("board")["data"]["stages"] == [7]  # the members' streams go on
        again = as_user(asgi_live_server, team.editor).stream(events_url(journey))
        assert again.status == 404  # the browser's reconnection, refused: it stops there
    finally:
        stream.close()
        other.close()
