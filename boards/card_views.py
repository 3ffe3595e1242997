"""The board's cards: the htmx partials and pages that add, show, edit, move and delete a touchpoint.
Writes go through touchpoints.services."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, trigger_client_event

from core import conflicts
from core.forms import add_service_errors, show_conflict
from core.versioning import VersionConflict
from journeys.access import get_rw_stage_for_user
from touchpoints import services
from touchpoints.access import get_rw_touchpoint_for_user, get_touchpoint_for_user
from touchpoints.forms import TouchpointForm, TouchpointMoveForm

from .partials import card_html, render_stage_columns

FORM_TEMPLATE = "boards/touchpoint.html#form"


def _columns_after_change(request, journey, stage_ids):
    """After a write, the affected columns replace themselves in the page."""
    return reswap(render_stage_columns(request, journey, True, stage_ids, oob=True), "none")


def _render_form(request, form, *, journey, stage=None, touchpoint=None, conflict=None):
    context = {"form": form, "journey": journey, "stage": stage, "touchpoint": touchpoint, "conflict": conflict}
    if touchpoint is not None:  # what the edit started from, for a merge if someone else saves first
        context["base"] = conflicts.base_for(request, form, conflict)
    if request.htmx:
        return render(request, FORM_TEMPLATE, context, status=422 if form.errors else 200)
    return render(request, "boards/touchpoint_form_page.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_create(request, stage_pk):
    stage = get_rw_stage_for_user(request.user, stage_pk)
    journey = stage.journey
    form = TouchpointForm(request.POST or None, journey=journey, initial={"stage": stage})
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
                return _columns_after_change(request, journey, [touchpoint.stage_id])
            return redirect("boards:board", pk=journey.pk)
    return _render_form(request, form, journey=journey, stage=stage)


@login_required
@require_GET
def touchpoint_detail(request, pk):
    touchpoint, can_edit = get_touchpoint_for_user(request.user, pk)
    card = card_html(request, touchpoint, can_edit)
    if request.htmx:
        return HttpResponse(card)
    context = {"touchpoint": touchpoint, "journey": touchpoint.stage.journey, "card": card}
    return render(request, "boards/touchpoint_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_edit(request, pk):
    touchpoint = get_rw_touchpoint_for_user(request.user, pk)
    journey = touchpoint.stage.journey
    form = TouchpointForm(request.POST or None, instance=touchpoint, journey=journey)
    conflict = None
    if conflicts.wants_merge(request, form):
        current = get_rw_touchpoint_for_user(request.user, pk)
        data, conflict = conflicts.merge(form, current, conflicts.read_base(request.POST))
        form = TouchpointForm(data, instance=current, journey=journey)
        return _render_form(request, form, journey=journey, touchpoint=current, conflict=conflict)
    if request.method == "POST" and form.is_valid():
        source_stage_id = touchpoint.stage_id
        try:
            touchpoint = services.touchpoint_update(
                touchpoint=touchpoint,
                expected_version=form.cleaned_data["version"],
                personas=form.cleaned_data["personas"],
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
                return _columns_after_change(request, journey, {source_stage_id, touchpoint.stage_id})
            return redirect("boards:board", pk=journey.pk)
    return _render_form(request, form, journey=journey, touchpoint=touchpoint, conflict=conflict)


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
                    actor=request.user,
                )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        # The board is put back as the server has it, with the reason.
        response = render_stage_columns(request, journey, True, {source_stage_id}, oob=True)
        response.status_code = 422 if request.htmx else 400
        return trigger_client_event(reswap(response, "none"), "board-error", {"errors": form.errors.get_json_data()})
    if not request.htmx:
        return redirect("boards:board", pk=journey.pk)
    response = _columns_after_change(request, journey, {source_stage_id, touchpoint.stage_id})
    direction = form.cleaned_data["direction"]
    if direction:
        trigger_client_event(response, "card-moved", {"card": touchpoint.pk, "direction": direction}, after="settle")
    return response


@login_required
@require_POST
def touchpoint_delete(request, pk):
    touchpoint = get_rw_touchpoint_for_user(request.user, pk)
    journey, stage_id = touchpoint.stage.journey, touchpoint.stage_id
    services.touchpoint_delete(touchpoint=touchpoint, actor=request.user)
    if request.htmx:
        return _columns_after_change(request, journey, [stage_id])
    return redirect("boards:board", pk=journey.pk)
