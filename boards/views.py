"""The board page and its htmx partials for the map and its stages: the emotion curve, stage columns,
and the forms that add, edit, move and delete stages. Writes go through journeys.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from core import conflicts
from core.forms import add_service_errors, show_conflict
from core.versioning import VersionConflict
from journeys import services
from journeys.access import get_journey_for_user, get_rw_journey_for_user, get_rw_stage_for_user, get_stage_for_user
from journeys.forms import StageForm, StageMoveForm
from live.events import board_cursor

from .partials import BOARD_TEMPLATE, board_context, render_board_body, render_stage_columns
from .selectors import BoardFilters


@login_required
@require_GET
def board(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    live_after = board_cursor(journey.pk)  # before the board is read, so its live stream misses nothing
    context = board_context(request, journey, can_edit, BoardFilters.from_query(request.GET))
    context["live_after"] = live_after
    template = f"{BOARD_TEMPLATE}#board-body" if request.htmx.target == "board-body" else BOARD_TEMPLATE
    response = TemplateResponse(request, template, context)
    response.headers["Vary"] = "HX-Request"
    return response


@login_required
@require_GET
def emotion_curve(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    return render(request, f"{BOARD_TEMPLATE}#curve", board_context(request, journey, can_edit))


@login_required
@require_http_methods(["GET", "POST"])
def stage_create(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.STAGE_FIELDS}
        try:
            services.stage_create(journey=journey, actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return reswap(retarget(render_board_body(request, journey, can_edit=True), "#board-body"), "outerHTML")
            return redirect("boards:board", pk=journey.pk)
    status = 422 if form.errors else 200
    template = "boards/board.html#stage-form" if request.htmx else "boards/stage_form_page.html"
    return render(request, template, {"form": form, "journey": journey, "stage": None}, status=status)


@login_required
@require_GET
def stage_detail(request, pk):
    stage, can_edit = get_stage_for_user(request.user, pk)
    return render_stage_columns(request, stage.journey, can_edit, [stage.pk])


@login_required
@require_http_methods(["GET", "POST"])
def stage_edit(request, pk):
    stage = get_rw_stage_for_user(request.user, pk)
    form = StageForm(request.POST or None, instance=stage)
    conflict = None
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
                return reswap(render_stage_columns(request, stage.journey, True, [stage.pk], oob=True), "none")
            return redirect("boards:board", pk=stage.journey_id)
    status = 422 if form.errors else 200
    template = "boards/board.html#stage-form" if request.htmx else "boards/stage_form_page.html"
    context = {
        "form": form,
        "journey": stage.journey,
        "stage": stage,
        "conflict": conflict,
        "base": conflicts.base_for(request, form, conflict),
    }
    return render(request, template, context, status=status)


@login_required
@require_POST
def stage_move(request, pk):
    stage = get_rw_stage_for_user(request.user, pk)
    form = StageMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown direction."), status=400)
    services.stage_step(stage=stage, direction=form.cleaned_data["direction"], actor=request.user)
    if request.htmx:
        return render_board_body(request, stage.journey, can_edit=True)
    return redirect("boards:board", pk=stage.journey_id)


@login_required
@require_POST
def stage_delete(request, pk):
    stage = get_rw_stage_for_user(request.user, pk)
    services.stage_delete(stage=stage, actor=request.user)
    if request.htmx:
        return render_board_body(request, stage.journey, can_edit=True)
    messages.success(request, _("Stage “%(name)s” deleted.") % {"name": stage.name})
    return redirect("boards:board", pk=stage.journey_id)
