"""A share link's guest on a live board (issue 12), served by uvicorn: the guest gets the board's events,
the team sees a "Guest" and the guest sees no member's name; revoking the link ends the guest's stream
at once, and a link that does not show the board, or whose password was not given, opens no stream."""

import time

import pytest
from django.urls import reverse

from sharing.services import share_link_create, share_link_revoke

from .http_client import Browserless, session_cookie
from .test_stream import events_url, publish

pytestmark = pytest.mark.django_db(transaction=True)


def guest_stream(server, token, client_id="guest-tab"):
    return Browserless(server.url, "").stream(reverse("sharing:events", args=[token]) + f"?client={client_id}")


def test_a_guest_gets_the_boards_events_and_shows_as_guest_without_seeing_names(asgi_live_server, team, journey):
    link, token = share_link_create(journey=journey, created_by=team.editor)
    member = Browserless(asgi_live_server.url, session_cookie(team.owner)).stream(events_url(journey))
    guest = guest_stream(asgi_live_server, token)
    try:
        assert guest.status == 200
        # (The member's first presence may already show the guest, when the guest joined first.)
        shown = member.next("presence")["data"]
        seen = guest.next("presence")["data"]
        deadline = time.monotonic() + 5
        while len(seen) < 2 and time.monotonic() < deadline:
            seen = guest.next("presence")["data"]
        # The guest sees the team as people without names, and itself as a guest.
        assert {(person["guest"], person["name"], person["initials"]) for person in seen} == {
            (False, "", ""),
            (True, "Guest", ""),
        }
        assert all("Olivia" not in str(person) and person["user"] != team.owner.pk for person in seen)
        # The team sees the guest as a guest (each browser says "Guest" in its own language).
        while len(shown) < 2:
            shown = member.next("presence")["data"]
        assert [(person["name"], person["guest"], person["user"]) for person in shown] == [
            ("Olivia", False, team.owner.pk),
            ("Guest", True, -link.pk),
        ]
        publish(journey, stages=[3])
        assert guest.next("board")["data"]["stages"] == [3]
    finally:
        guest.close()
        member.close()


def test_revoking_a_link_ends_its_guests_streams_at_once(asgi_live_server, team, journey):
    link, token = share_link_create(journey=journey, created_by=team.editor)
    guest = guest_stream(asgi_live_server, token)
    try:
        guest.next("presence")
        started = time.perf_counter()
        share_link_revoke(link=link)
        assert guest.next("revoked", timeout=5)["received"] - started < 5  # not at the next heartbeat
        again = guest_stream(asgi_live_server, token)
        assert again.status == 404  # the browser's reconnection, refused: it stops there
    finally:
        guest.close()


def test_no_stream_for_a_link_without_the_board_or_without_its_password(asgi_live_server, team, journey):
    _link, guide_only = share_link_create(journey=journey, created_by=team.editor, shows_board=False, shows_guide=True)
    _link, locked = share_link_create(journey=journey, created_by=team.editor, password="open sesame")
    for token in (guide_only, locked, "no-such-token"):
        stream = guest_stream(asgi_live_server, token)
        try:
            assert stream.status == 404
            assert stream.response.getheader("X-Robots-Tag") == "noindex"
        finally:
            stream.close()
