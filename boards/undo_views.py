"""Undo on the board: the toast's button restores what a delete moved to the trash (trash.services) and
answers with the parts of the board that changed, as the create of the same thing would."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from journeys.models import Journey
from trash.access import get_rw_trash_entry_for_user
from trash.models import TrashKind
from trash.sentences import restored_sentence
from trash.services import trash_entry_restore

from .grid import CARD_LANE_KINDS
from .lane_views import lanes_panel
from .partials import BOARD_CHANGED, board_body_html, render_board_parts
from .undo import TOAST_TEMPLATE

UNDONE = "undo-done"  # the client event that focuses what came back


@login_required
@require_POST
def undo(request, pk):
    entry = get_rw_trash_entry_for_user(request.user, pk)
    in_panel = request.htmx.target == "panel-body"
    try:
        restored = trash_entry_restore(entry=entry, actor=request.user)
    except ValidationError as error:
        reason = " ".join(error.messages)
        if not request.htmx:
            messages.error(request, reason)
            return redirect("trash:workspace", pk=entry.workspace_id)
        if in_panel:
            journey = Journey.objects.get(pk=entry.journey_id)
            return lanes_panel(request, journey, error=reason, status=422)
        return HttpResponse(render_to_string(TOAST_TEMPLATE, {"error": reason}, request), status=422)
    journey = Journey.objects.select_related("workspace").get(pk=restored.journey_id)
    notice = restored_sentence(entry)
    if not request.htmx:
        messages.success(request, notice)
        return redirect("boards:board", pk=journey.pk)
    if entry.kind == TrashKind.MAP:
        return HttpResponseClientRedirect(reverse("boards:board", args=[journey.pk]))
    if in_panel:
        return lanes_panel(request, journey, notice=notice, board_changed=True)
    toast = render_to_string(TOAST_TEMPLATE, {"restored": notice}, request)
    if entry.kind == TrashKind.CARD:
        response = render_board_parts(request, journey, True, restored.stage_ids, CARD_LANE_KINDS)
        focus = f"touchpoint-{restored.obj.pk}"
    else:
        response = trigger_client_event(HttpResponse(board_body_html(request, journey, True, oob=True)), BOARD_CHANGED)
        focus = f"stage-{restored.obj.pk}-name" if entry.kind == TrashKind.STAGE else ""
    response.content = toast.encode() + response.content
    return trigger_client_event(response, UNDONE, {"focus": focus}, after="settle")
