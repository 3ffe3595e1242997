"""A guest's live board: the board's event stream (live/) for a share link's visitor, who shows as
"Guest" to the people on the board and sees them without their names. It ends (`revoked`) once the
link is revoked or expires."""

import secrets

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from django_ratelimit.exceptions import Ratelimited

from core.errors import page_not_found
from core.security import rate_limited
from live.events import clean_client_id
from live.presence import Presence, without_names
from live.streams import event_stream

from .access import is_unlocked, open_share_link, still_opens
from .guest_views import ROBOTS_HEADER
from .models import ShareLink


def _link_for_stream(request, token: str) -> ShareLink:
    try:
        link = open_share_link(request, token)
        if not link.shows_board or not is_unlocked(request, link):
            raise Http404
        return link
    finally:
        # A stream lasts minutes and needs no database: hand this thread's connection back now.
        connections.close_all()


def _still_opens(link_id: int) -> bool:
    try:
        return still_opens(link_id)
    finally:
        connections.close_all()  # (as above: a stream holds no connection between its checks)


@require_GET
async def guest_events(request, token):
    response: HttpResponse
    if not isinstance(request, ASGIRequest):
        # Under WSGI a stream would hold a worker thread for good: 204 tells the browser not to
        # reconnect; the board still works (boards.stream does the same).
        response = HttpResponse(status=204)
    else:
        try:
            link = await sync_to_async(_link_for_stream)(request, token)
        except Http404 as error:
            response = await sync_to_async(page_not_found)(request, error)
        except Ratelimited as error:
            response = await sync_to_async(rate_limited)(request, error)
        else:
            client = clean_client_id(request.GET.get("client", "")) or secrets.token_hex(8)
            after = request.headers.get("Last-Event-ID") or request.GET.get("after") or None

            async def still_allowed() -> bool:
                return await sync_to_async(_still_opens)(link.pk)

            response = event_stream(
                link.journey_id,
                after=after,
                me=Presence.for_guest(-link.pk),
                client=client,
                still_allowed=still_allowed,
                shown=without_names,
            )
    response[ROBOTS_HEADER] = "noindex"
    return response
