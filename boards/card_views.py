"""The board's cards: a card opens in the side panel with its details and, for editors, its form and
its moves; new cards are written there too. Writes go through touchpoints.services.

After a write the response carries the parts of the grid it changed (the card's stages: their heads,
cells and roll-ups, and the curve around them), out of band, and nothing else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, trigger_client_event

from core import conflicts
from core.forms import add_service_errors, id_from_text, show_conflict
from core.versioning import VersionConflict
from journeys.access import get_rw_stage_for_user
from touchpoints import services
from touchpoints.access import get_rw_touchpoint_for_user, get_touchpoint_for_user
from touchpoints.forms import TouchpointForm, TouchpointMoveForm
from trash.sentences import moved_sentence

from .extensions import board_extensions
from .grid import CARD_LANE_KINDS
from .partials import render_board_parts
from .views import PANEL_CLOSE, left_in_trash

PANEL_TEMPLATE = "boards/card_panel.html"


def _panel(request, *, journey, form=None, touchpoint=None, stage=None, conflict=None, can_edit=True, status=200):
    context = {
        "form": form,
        "journey": journey,
        "stage": stage,
        "touchpoint": touchpoint,
        "conflict": conflict,
        "can_edit": can_edit,
        "sections": board_extensions.card_sections(),
    }
    if touchpoint is not None and form is not None:  # what the edit started from, for a merge
        context["base"] = conflicts.base_for(request, form, conflict)
    template = PANEL_TEMPLATE if request.htmx else "boards/touchpoint_page.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_create(request, stage_pk):
    stage = get_rw_stage_for_user(request.user, stage_pk)
    journey = stage.journey
    initial = {"stage": stage, "channel": request.GET.get("channel") or None}
    form = TouchpointForm(request.POST or None, journey=journey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            touchpoint = services.touchpoint_create(
                stage=form.cleaned_data["stage"],
                personas=form.cleaned_data["personas"],
                actor=request.user,
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                response = render_board_parts(request, journey, True, [touchpoint.stage_id], CARD_LANE_KINDS)
                return trigger_client_event(
                    reswap(response, "none"), PANEL_CLOSE, {"focus": f"touchpoint-{touchpoint.pk}"}
                )
            return redirect("boards:board", pk=journey.pk)
    return _panel(request, journey=journey, form=form, stage=stage, status=422 if form.errors else 200)


@login_required
@require_GET
def touchpoint_detail(request, pk):
    touchpoint, can_edit = get_touchpoint_for_user(request.user, pk)
    form = TouchpointForm(instance=touchpoint, journey=touchpoint.stage.journey) if can_edit else None
    return _panel(request, journey=touchpoint.stage.journey, touchpoint=touchpoint, form=form, can_edit=can_edit)


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_edit(request, pk):
    try:
        touchpoint = get_rw_touchpoint_for_user(request.user, pk)
    except Http404:
        if request.method == "POST":
            return _deleted_while_editing(request)
        raise
    journey = touchpoint.stage.journey
    source_stage_id = touchpoint.stage_id  # before the form's validation sets the instance's new stage
    form = TouchpointForm(request.POST or None, instance=touchpoint, journey=journey)
    conflict = None
    if conflicts.wants_mine(request, form):
        current = get_rw_touchpoint_for_user(request.user, pk)
        data = conflicts.mine_over_current(form, current, conflicts.read_base(request.POST))
        if data is not None:
            touchpoint, source_stage_id = current, current.stage_id
            form = TouchpointForm(data, instance=current, journey=journey)
    if conflicts.wants_merge(request, form):
        current = get_rw_touchpoint_for_user(request.user, pk)
        data, conflict = conflicts.merge(form, current, conflicts.read_base(request.POST))
        form = TouchpointForm(data, instance=current, journey=journey)
        return _panel(request, journey=journey, touchpoint=current, form=form, conflict=conflict)
    if request.method == "POST" and form.is_valid():
        try:
            touchpoint = services.touchpoint_update(
                touchpoint=touchpoint,
                expected_version=form.cleaned_data["version"],
                personas=form.cleaned_data["personas"] if "personas" in form.changed_data else None,
                stage=form.cleaned_data["stage"],
                actor=request.user,
                **form.service_fields(),
            )
        except VersionConflict as error:
            conflict = conflicts.describe(form, error.current, base=conflicts.read_base(request.POST))
            show_conflict(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                # A card edited where it stands (same stage, same row) is sent alone, not its whole cell.
                in_place = not {"stage", "channel", "personas"} & set(form.changed_data)
                response = render_board_parts(
                    request,
                    journey,
                    True,
                    {source_stage_id, touchpoint.stage_id},
                    CARD_LANE_KINDS,
                    card_in_place=touchpoint.pk if in_place else None,
                )
                return trigger_client_event(
                    reswap(response, "none"), PANEL_CLOSE, {"focus": f"touchpoint-{touchpoint.pk}"}
                )
            return redirect("boards:board", pk=journey.pk)
    status = 422 if form.errors else 200
    return _panel(request, journey=journey, touchpoint=touchpoint, form=form, conflict=conflict, status=status)


def _deleted_while_editing(request):
    """The card was deleted while this user edited it: their text is not lost. The panel says so and
    offers it as a new card of the stage the form names (409: the card's current state is gone)."""
    stage_pk = id_from_text(request.POST.get("stage", ""))
    if stage_pk is None:
        raise Http404
    stage = get_rw_stage_for_user(request.user, stage_pk)
    data = request.POST.copy()
    data.pop("version", None)
    form = TouchpointForm(data, journey=stage.journey, initial={"stage": stage})
    form.is_valid()  # (the fields show what was typed, and any problem with it)
    context = {
        "form": form,
        "journey": stage.journey,
        "stage": stage,
        "touchpoint": None,
        "deleted_while_editing": True,
        "can_edit": True,
        "sections": [],
    }
    template = PANEL_TEMPLATE if request.htmx else "boards/touchpoint_page.html"
    return render(request, template, context, status=409)


@login_required
@require_POST
def touchpoint_move(request, pk):
    touchpoint = get_rw_touchpoint_for_user(request.user, pk)
    journey = touchpoint.stage.journey
    form = TouchpointMoveForm(request.POST, journey=journey)
    source_stage_id = touchpoint.stage_id
    if form.is_valid():
        try:
            if form.cleaned_data["direction"]:
                touchpoint = services.touchpoint_step(
                    touchpoint=touchpoint, direction=form.cleaned_data["direction"], actor=request.user
                )
            else:
                after = form.cleaned_data["after"]
                touchpoint = services.touchpoint_move(
                    touchpoint=touchpoint,
                    stage=form.cleaned_data["stage"],
                    # Dropped with no card above it: first in the stage.
                    position=0 if after is None else None,
                    after_id=after,
                    channel=form.cleaned_data["channel"],
                    actor=request.user,
                )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        # The board is put back as the server has it, with the reason.
        response = render_board_parts(request, journey, True, {source_stage_id}, CARD_LANE_KINDS)
        response.status_code = 422 if request.htmx else 400
        return trigger_client_event(reswap(response, "none"), "board-error", {"errors": form.errors.get_json_data()})
    if not request.htmx:
        return redirect("boards:board", pk=journey.pk)
    response = render_board_parts(request, journey, True, {source_stage_id, touchpoint.stage_id}, CARD_LANE_KINDS)
    if request.htmx.target == "panel-body":
        # Moved from its panel: the panel again, with the card as it is now (its new version), and the
        # grid's parts out of band.
        moved = get_rw_touchpoint_for_user(request.user, pk)
        panel = _panel(request, journey=journey, touchpoint=moved, form=TouchpointForm(instance=moved, journey=journey))
        panel.content += response.content
        panel["HX-Trigger"] = response["HX-Trigger"]
        return panel
    reswap(response, "none")
    return trigger_client_event(
        response, "card-moved", {"card": touchpoint.pk, "direction": form.cleaned_data["direction"]}, after="settle"
    )


@login_required
@require_POST
def touchpoint_delete(request, pk):
    touchpoint = get_rw_touchpoint_for_user(request.user, pk)
    journey, stage_id = touchpoint.stage.journey, touchpoint.stage_id
    entry = services.touchpoint_delete(touchpoint=touchpoint, actor=request.user)
    if request.htmx:
        response = render_board_parts(request, journey, True, [stage_id], CARD_LANE_KINDS)
        return left_in_trash(request, reswap(response, "none"), entry)
    if entry is not None:
        messages.success(request, moved_sentence(entry))
    return redirect("boards:board", pk=journey.pk)
