"""The live stream of a board (server-sent events) and the presence it feeds.

`board_events` is an async view: under ASGI (uvicorn) its async generator
streams each event as it happens. A stream:

1. subscribes to the board, then catches up on what the browser missed since
   the id it names (`Last-Event-ID` on a reconnect, `?after=` from the page);
   when that cannot be told it sends `reset` (re-read the whole board);
2. sends `board` events (JSON of `live.events.BoardEvent`), `presence` (the
   people on the board, when they change) and a comment line every
   `LIVE_HEARTBEAT_SECONDS`, which also keeps its presence entry alive;
3. ends after `LIVE_STREAM_MAX_SECONDS`, or when the browser goes; the browser
   reconnects by itself and catches up.
"""

import asyncio
import contextlib
import json
import secrets

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET, require_POST

from journeys.access import get_journey_for_user, get_rw_journey_for_user
from touchpoints.models import Touchpoint

from .asgi import end_streams_on_shutdown
from .broker import CLOSED, EVENT, PRESENCE, get_broker
from .events import clean_client_id
from .presence import Presence, entry_key, get_presence, people

RETRY_MILLISECONDS = 1000


def sse_message(event: str, data, event_id: str | None = None) -> str:
    lines = []
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append(f"event: {event}")
    lines.append(f"data: {json.dumps(data, separators=(',', ':'))}")
    return "\n".join(lines) + "\n\n"


async def _board_stream(journey_id: int, after: str | None, key: str, me: Presence):
    broker, presence = get_broker(), get_presence()
    heartbeat = float(settings.LIVE_HEARTBEAT_SECONDS)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + float(settings.LIVE_STREAM_MAX_SECONDS)
    joined = False
    try:
        async with broker.subscribe(journey_id) as subscription:
            yield f"retry: {RETRY_MILLISECONDS}\n\n"
            current = await broker.alast_id(journey_id)
            last = int(current)
            if after is not None:
                missed = await broker.since(journey_id, after)
                if missed is None:
                    yield sse_message("reset", {"id": current}, current)
                else:
                    for event in missed:
                        yield sse_message("board", event.as_dict(), event.id)
                        last = max(last, int(event.id))
            await presence.join(journey_id, key, me)
            joined = True
            await broker.apublish_presence(journey_id)
            shown = people(await presence.entries(journey_id))
            yield sse_message("presence", shown)
            while True:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return
                try:
                    # Not asyncio.wait_for: on Python 3.11 it can swallow the cancellation
                    # that tells a stream its browser has gone, and the stream would live on.
                    async with asyncio.timeout(min(heartbeat, remaining)):
                        kind, payload = await subscription.get()
                except TimeoutError:
                    await presence.join(journey_id, key, me)
                    now = people(await presence.entries(journey_id))
                    if now != shown:
                        shown = now
                        yield sse_message("presence", shown)
                    yield ": heartbeat\n\n"
                    continue
                if kind == EVENT:
                    if int(payload.id) <= last:
                        continue  # already sent while catching up
                    last = int(payload.id)
                    yield sse_message("board", payload.as_dict(), payload.id)
                elif kind == PRESENCE:
                    now = people(await presence.entries(journey_id))
                    if now != shown:
                        shown = now
                        yield sse_message("presence", shown)
                elif kind == CLOSED:
                    return
    finally:
        if joined:
            with contextlib.suppress(Exception):  # the stream is over either way; the entry expires by itself
                await presence.leave(journey_id, key)
                await broker.apublish_presence(journey_id)


def _journey_for_stream(user, pk):
    try:
        journey, _can_edit = get_journey_for_user(user, pk)
        return journey
    finally:
        # A stream lasts minutes and needs no database: hand this thread's connection
        # (used for the session, the user and this check) back now, not when it ends.
        connections.close_all()


@require_GET
async def board_events(request, pk):
    if not isinstance(request, ASGIRequest):
        # Under WSGI (runserver, the test live server) a stream would hold a worker
        # thread for good: 204 tells the browser not to reconnect; the board still works.
        return HttpResponse(status=204)
    user = await request.auser()
    if not user.is_authenticated:
        return HttpResponse(status=401)
    journey = await sync_to_async(_journey_for_stream)(user, pk)
    end_streams_on_shutdown()
    client = clean_client_id(request.GET.get("client", "")) or secrets.token_hex(8)
    after = request.headers.get("Last-Event-ID") or request.GET.get("after") or None
    me = Presence.for_user(user)
    stream = _board_stream(journey.pk, after, entry_key(user.pk, client), me)
    response = StreamingHttpResponse(stream, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


def _editing_id(journey, value: str) -> int | None:
    if not value or not value.isdigit():
        return None
    found = Touchpoint.objects.filter(pk=int(value), stage__journey=journey).values_list("pk", flat=True).first()
    return found


@require_POST
async def presence_update(request, pk):
    """A tab says which card its user is editing now (`editing`, empty for none)."""
    user = await request.auser()
    if not user.is_authenticated:
        return HttpResponse(status=401)
    journey = await sync_to_async(get_rw_journey_for_user)(user, pk)
    client = clean_client_id(request.POST.get("client", ""))
    if not client:
        return HttpResponse(status=400)
    me = Presence.for_user(user)
    me.editing = await sync_to_async(_editing_id)(journey, request.POST.get("editing", ""))
    await get_presence().set_editing(journey.pk, entry_key(user.pk, client), me)
    await get_broker().apublish_presence(journey.pk)
    return HttpResponse(status=204)
