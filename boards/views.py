"""The board page and its parts: the grid, the parts a live update re-reads, and the stage forms that
open in the side panel. Writes go through journeys.services.

Forms open in the panel beside the map (`#panel-body`); a saved form closes it (`panel-close`) and
the parts of the grid it changed arrive out of band. Every view also works as a plain page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget, trigger_client_event

from core import conflicts
from core.forms import add_service_errors, show_conflict
from core.versioning import VersionConflict
from journeys import services
from journeys.access import get_journey_for_user, get_rw_journey_for_user, get_rw_stage_for_user, get_stage_for_user
from journeys.forms import StageForm, StageMoveForm
from live.events import board_cursor
from trash.sentences import moved_sentence

from . import partials
from .forms import StageIdsForm
from .partials import (
    BOARD_CHANGED,
    BOARD_TEMPLATE,
    board_body_html,
    board_context,
    render_board_body,
    render_board_parts,
)
from .selectors import BoardFilters
from .undo import undo_button_id, undo_toast_html

PANEL_CLOSE = "panel-close"
CARD_ROWS_HEADER = "X-Card-Rows"  # see partials.BoardParts


def saved(response: HttpResponse, *, announce: str = "") -> HttpResponse:
    """A write from the panel went through: nothing to swap in its place, the panel closes, the grid's
    changed parts come out of band."""
    return trigger_client_event(reswap(response, "none"), PANEL_CLOSE, {"announce": announce})


def left_in_trash(request, response: HttpResponse, entry) -> HttpResponse:
    """A delete from the panel went through: the panel closes and the focus goes to the toast's Undo
    button, which comes out of band with the grid's changed parts."""
    if entry is None:
        return trigger_client_event(response, PANEL_CLOSE, {})
    response.content += undo_toast_html(request, entry).encode()
    return trigger_client_event(response, PANEL_CLOSE, {"focus": undo_button_id(entry)})


@login_required
@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def board(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    live_after = board_cursor(journey.pk)  # before the board is read, so its live stream misses nothing
    context = board_context(request, journey, can_edit, BoardFilters.from_query(request.GET))
    context["live_after"] = live_after
    template = BOARD_TEMPLATE
    if request.htmx.target == "board-body":
        template = f"{BOARD_TEMPLATE}#board-body"
    elif request.htmx.target == "board-head":
        template = f"{BOARD_TEMPLATE}#board-head"
    return TemplateResponse(request, template, context)


@login_required
@require_GET
def emotion_curve(request, pk):
    """The emotion curve is a lane of the board now: its old address opens the board."""
    journey, _can_edit = get_journey_for_user(request.user, pk)
    return redirect("boards:board", pk=journey.pk)


@login_required
@require_GET
def board_parts(request, pk):
    """The heads and cells of some stages (`?stage=1&stage=2`), or of some of their rows (`&rows=cards`),
    each to swap into its place by id: what a live update re-reads."""
    journey, can_edit = get_journey_for_user(request.user, pk)
    form = StageIdsForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    parts = partials.board_parts(request, journey, can_edit, form.cleaned_data["stage"], form.lane_kinds())
    response = HttpResponse(parts.html)
    if parts.card_rows is not None:
        response[CARD_ROWS_HEADER] = ",".join(parts.card_rows)
    return response


def _stage_form(request, context: dict, *, status: int = 200):
    template = "boards/board.html#stage-form" if request.htmx else "boards/stage_form_page.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def stage_create(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.STAGE_FIELDS}
        try:
            stage = services.stage_create(journey=journey, actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                body = retarget(render_board_body(request, journey, can_edit=True), "#board-body")
                return trigger_client_event(reswap(body, "outerHTML"), PANEL_CLOSE, {"focus": f"stage-{stage.pk}-name"})
            return redirect("boards:board", pk=journey.pk)
    status = 422 if form.errors else 200
    return _stage_form(request, {"form": form, "journey": journey, "stage": None}, status=status)


@login_required
@require_GET
def stage_detail(request, pk):
    stage, can_edit = get_stage_for_user(request.user, pk)
    if not request.htmx:
        return redirect("boards:board", pk=stage.journey_id)
    return render_board_parts(request, stage.journey, can_edit, [stage.pk])


@login_required
@require_http_methods(["GET", "POST"])
def stage_edit(request, pk):
    stage = get_rw_stage_for_user(request.user, pk)
    form = StageForm(request.POST or None, instance=stage)
    conflict = None
    if conflicts.wants_mine(request, form):
        current = get_rw_stage_for_user(request.user, pk)
        data = conflicts.mine_over_current(form, current, conflicts.read_base(request.POST))
        if data is not None:
            form, stage = StageForm(data, instance=current), current
    if conflicts.wants_merge(request, form):
        current = get_rw_stage_for_user(request.user, pk)
        data, conflict = conflicts.merge(form, current, conflicts.read_base(request.POST))
        form, stage = StageForm(data, instance=current), current
    elif request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.STAGE_FIELDS}
        try:
            services.stage_update(
                stage=stage, expected_version=form.cleaned_data["version"], actor=request.user, **data
            )
        except VersionConflict as error:
            conflict = conflicts.describe(form, error.current, base=conflicts.read_base(request.POST))
            show_conflict(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return saved(render_board_parts(request, stage.journey, True, [stage.pk]))
            return redirect("boards:board", pk=stage.journey_id)
    status = 422 if form.errors else 200
    context = {
        "form": form,
        "journey": stage.journey,
        "stage": stage,
        "conflict": conflict,
        "base": conflicts.base_for(request, form, conflict),
    }
    return _stage_form(request, context, status=status)


@login_required
@require_POST
def stage_move(request, pk):
    stage = get_rw_stage_for_user(request.user, pk)
    form = StageMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown direction."), status=400)
    moved = services.stage_step(stage=stage, direction=form.cleaned_data["direction"], actor=request.user)
    if request.htmx and request.htmx.target == "panel-body":
        # Moved from its panel: the panel again, with the stage as it is now (its new version), and the
        # grid out of band.
        context = {"form": StageForm(instance=moved), "journey": moved.journey, "stage": moved}
        response = _stage_form(request, context)
        response.content += board_body_html(request, moved.journey, True, oob=True).encode()
        return trigger_client_event(response, BOARD_CHANGED)
    if request.htmx:
        body = retarget(render_board_body(request, stage.journey, can_edit=True), "#board-body")
        return trigger_client_event(reswap(body, "outerHTML"), "stage-moved", {"stage": moved.pk}, after="settle")
    return redirect("boards:board", pk=stage.journey_id)


@login_required
@require_POST
def stage_delete(request, pk):
    stage = get_rw_stage_for_user(request.user, pk)
    entry = services.stage_delete(stage=stage, actor=request.user)
    if request.htmx:
        body = retarget(render_board_body(request, stage.journey, can_edit=True), "#board-body")
        return left_in_trash(request, reswap(body, "outerHTML"), entry)
    if entry is not None:
        messages.success(request, moved_sentence(entry))
    return redirect("boards:board", pk=stage.journey_id)
