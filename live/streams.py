"""The live stream of a board (server-sent events) and the presence it feeds; who may open it is
the board's business (boards/stream.py).

Under ASGI (uvicorn) `board_stream`, an async generator, streams each event as it happens. A stream:

1. subscribes to the board, then catches up on what the browser missed since
   the id it names (`Last-Event-ID` on a reconnect, `?after=` from the page);
   when that cannot be told it sends `reset` (re-read the whole board);
2. sends `board` events (JSON of `live.events.BoardEvent`), `presence` (the
   people on the board, when they change) and a comment line every
   `LIVE_HEARTBEAT_SECONDS`, which also keeps its presence entry alive;
3. ends after `LIVE_STREAM_MAX_SECONDS`, or when the browser goes; the browser
   reconnects by itself and catches up;
4. ends with `revoked` when its user may no longer read the board (removed from the workspace): the
   browser's reconnection then gets a 404 and stops.
"""

import asyncio
import contextlib
import json
from collections.abc import Callable

from django.conf import settings
from django.http import StreamingHttpResponse

from .asgi import end_streams_on_shutdown
from .broker import CLOSED, EVENT, PRESENCE, get_broker
from .presence import Presence, entry_key, get_presence, people

RETRY_MILLISECONDS = 1000


def sse_message(event: str, data, event_id: str | None = None) -> str:
    lines = []
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append(f"event: {event}")
    lines.append(f"data: {json.dumps(data, separators=(',', ':'))}")
    return "\n".join(lines) + "\n\n"


async def board_stream(
    journey_id: int, after: str | None, key: str, me: Presence, still_allowed=None, shown: Callable | None = None
):
    """`still_allowed()`, awaited at every heartbeat and every presence message (which a membership's
    end sends to the workspace's boards), ends the stream with `revoked` once its user may no longer
    read the board. `shown(people)` is what the stream tells of the people on the board (all of it
    by default)."""
    shown_people = shown or (lambda everyone: everyone)
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
            shown_now = shown_people(people(await presence.entries(journey_id)))
            yield sse_message("presence", shown_now)
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
                    if still_allowed is not None and not await still_allowed():
                        yield sse_message("revoked", {})
                        return
                    await presence.join(journey_id, key, me)
                    now = shown_people(people(await presence.entries(journey_id)))
                    if now != shown_now:
                        shown_now = now
                        yield sse_message("presence", shown_now)
                    yield ": heartbeat\n\n"
                    continue
                if kind == EVENT:
                    if int(payload.id) <= last:
                        continue  # already sent while catching up
                    last = int(payload.id)
                    yield sse_message("board", payload.as_dict(), payload.id)
                elif kind == PRESENCE:
                    if still_allowed is not None and not await still_allowed():
                        yield sse_message("revoked", {})
                        return
                    now = shown_people(people(await presence.entries(journey_id)))
                    if now != shown_now:
                        shown_now = now
                        yield sse_message("presence", shown_now)
                elif kind == CLOSED:
                    return
    finally:
        if joined:
            with contextlib.suppress(Exception):  # the stream is over either way; the entry expires by itself
                await presence.leave(journey_id, key)
                await broker.apublish_presence(journey_id)


def event_stream(
    journey_id: int, *, after: str | None, me: Presence, client: str, still_allowed=None, shown: Callable | None = None
) -> StreamingHttpResponse:
    """The stream of one board for one browser tab (`client`) of one person (`me`: a user's presence, or
    a guest's), as a response: catches up after `after`, then sends events and presence (as
    `shown(people)` tells it) until the browser goes, or `still_allowed()` says no. The caller has
    checked access."""
    end_streams_on_shutdown()
    stream = board_stream(journey_id, after, entry_key(me.user, client), me, still_allowed, shown)
    response = StreamingHttpResponse(stream, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


async def set_editing(journey_id: int, *, user, client: str, editing: int | None) -> None:
    """A tab says which card its user is editing now (None for none); everyone on the board hears of it."""
    me = Presence.for_user(user)
    me.editing = editing
    await get_presence().set_editing(journey_id, entry_key(user.pk, client), me)
    await get_broker().apublish_presence(journey_id)
