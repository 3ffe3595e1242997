"""A board's live stream and presence: who may open it, which card a person says they edit.
The transport (events, broker, presence, the stream itself) is live/."""

import secrets

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from core.forms import id_from_text
from journeys.access import get_journey_for_user, get_rw_journey_for_user
from live.events import clean_client_id
from live.presence import Presence
from live.streams import event_stream, set_editing
from touchpoints.models import Touchpoint
from workspaces.models import Membership


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
    client = clean_client_id(request.GET.get("client", "")) or secrets.token_hex(8)
    after = request.headers.get("Last-Event-ID") or request.GET.get("after") or None

    async def still_allowed() -> bool:
        return await sync_to_async(_still_member)(user.pk, journey.workspace_id)

    return event_stream(journey.pk, after=after, me=Presence.for_user(user), client=client, still_allowed=still_allowed)


def _still_member(user_id: int, workspace_id: int) -> bool:
    try:
        return Membership.objects.filter(user_id=user_id, workspace_id=workspace_id).exists()
    finally:
        connections.close_all()  # (as above: a stream holds no connection between its checks)


def _editing_id(journey, value: str) -> int | None:
    pk = id_from_text(value or "")
    if pk is None:
        return None
    return Touchpoint.objects.filter(pk=pk, stage__journey=journey).values_list("pk", flat=True).first()


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
    editing = await sync_to_async(_editing_id)(journey, request.POST.get("editing", ""))
    await set_editing(journey.pk, user=user, client=client, editing=editing)
    return HttpResponse(status=204)
