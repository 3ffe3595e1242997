"""The map's lanes, managed in the side panel (add, rename, split, reorder, hide, delete), and the text a
team writes per stage in a text lane. Writes go through journeys.services; every other browser on the
map redraws at once (the services publish the change)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_errors, show_conflict
from core.versioning import VersionConflict
from journeys import services
from journeys.access import get_lane_for_user, get_rw_journey_for_user, get_rw_lane_for_user, get_stage_for_user
from journeys.models import LaneCell, LaneKind
from trash.sentences import moved_sentence

from .extensions import board_extensions
from .forms import CellForm, LaneAddForm, LaneEditForm, LaneMoveForm
from .partials import board_body_html, render_board_parts
from .selectors import rollup_items
from .undo import undo_toast_html
from .views import saved


def lanes_panel(
    request, journey, *, add_form=None, edit_forms=None, status=200, board_changed=False, undo="", notice="", error=""
):
    """The lane manager; after a change, the board's body comes along out of band. `undo`: the toast of a
    lane just deleted (boards/undo.py); `notice` and `error`: what an undo did."""
    lanes = list(journey.lanes.order_by("position", "id"))
    edit_forms = edit_forms or {}
    for lane in lanes:
        lane.form = edit_forms.get(lane.pk) or LaneEditForm(instance=lane, auto_id=f"lane-{lane.pk}-%s")
        lane.name = board_extensions.lane_name(lane)
    context = {
        "journey": journey,
        "lanes": lanes,
        "add_form": add_form or LaneAddForm(auto_id="lane-new-%s"),
        "undo": undo,
        "notice": notice,
        "error": error,
    }
    if not request.htmx:
        return render(request, "boards/lanes_page.html", context, status=status)
    html = render_to_string("boards/lanes_panel.html", context, request)
    if board_changed:
        html += board_body_html(request, journey, True, oob=True)
    return HttpResponse(html, status=status)


@login_required
@require_http_methods(["GET"])
def lanes(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    return lanes_panel(request, journey)


@login_required
@require_POST
def lane_create(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    form = LaneAddForm(request.POST, auto_id="lane-new-%s")
    if form.is_valid():
        try:
            services.lane_create(journey=journey, title=form.cleaned_data["title"], **form.cleaned_data["lane"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not request.htmx:
                return redirect("boards:lanes", pk=journey.pk)
            return lanes_panel(request, journey, board_changed=True)
    return lanes_panel(request, journey, add_form=form, status=422)


@login_required
@require_POST
def lane_edit(request, pk):
    lane = get_rw_lane_for_user(request.user, pk)
    form = LaneEditForm(request.POST, instance=lane, auto_id=f"lane-{lane.pk}-%s")
    status = 422
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("title", "split_by", "hidden") if name in form.fields}
        try:
            services.lane_update(lane=lane, expected_version=form.cleaned_data["version"], **fields)
        except VersionConflict as conflict:
            show_conflict(form, conflict)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not request.htmx:
                return redirect("boards:lanes", pk=lane.journey_id)
            return lanes_panel(request, lane.journey, board_changed=True)
    return lanes_panel(request, lane.journey, edit_forms={lane.pk: form}, status=status)


@login_required
@require_POST
def lane_move(request, pk):
    lane = get_rw_lane_for_user(request.user, pk)
    form = LaneMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown direction."), status=400)
    services.lane_step(lane=lane, direction=form.cleaned_data["direction"])
    if not request.htmx:
        return redirect("boards:lanes", pk=lane.journey_id)
    return lanes_panel(request, lane.journey, board_changed=True)


@login_required
@require_POST
def lane_delete(request, pk):
    lane = get_rw_lane_for_user(request.user, pk)
    journey = lane.journey
    entry = services.lane_delete(lane=lane, actor=request.user, name=board_extensions.lane_name(lane))
    if not request.htmx:
        if entry is not None:
            messages.success(request, moved_sentence(entry))
        return redirect("boards:lanes", pk=journey.pk)
    return lanes_panel(request, journey, board_changed=True, undo=undo_toast_html(request, entry, in_panel=True))


@login_required
@require_http_methods(["GET", "POST"])
def cell(request, lane_pk, stage_pk):
    """A cell of the grid beside the map: a text lane's text (editors write it here), or everything a
    roll-up gathers for the stage (the board shows the first few)."""
    lane, can_edit = get_lane_for_user(request.user, lane_pk)
    stage, _can_edit = get_stage_for_user(request.user, stage_pk)
    if stage.journey_id != lane.journey_id or lane.kind not in (LaneKind.TEXT, LaneKind.ROLLUP):
        raise Http404
    if lane.kind == LaneKind.ROLLUP:
        if request.method != "GET":
            return HttpResponse(status=405)
        context = {
            "lane": lane,
            "stage": stage,
            "journey": lane.journey,
            "items": rollup_items(lane, stage),
            "name": board_extensions.lane_name(lane),
        }
        template = "boards/rollup_panel.html" if request.htmx else "boards/rollup_page.html"
        return render(request, template, context)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    current = LaneCell.objects.filter(lane=lane, stage=stage).first()
    initial = {"body": current.body if current else "", "version": current.version if current else 0}
    form = CellForm(request.POST or None, initial=initial, auto_id="cell-%s") if can_edit else None
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.lane_cell_set(
                    lane=lane,
                    stage=stage,
                    body=form.cleaned_data["body"],
                    expected_version=form.cleaned_data["version"],
                    actor=request.user,
                )
            except VersionConflict as conflict:
                show_conflict(form, conflict)
                current = conflict.current  # theirs, shown beside what this user typed
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if not request.htmx:
                    return redirect("boards:board", pk=lane.journey_id)
                return saved(render_board_parts(request, lane.journey, True, [stage.pk], {LaneKind.TEXT}))
    context = {"form": form, "lane": lane, "stage": stage, "journey": lane.journey, "current": current}
    template = "boards/cell_panel.html" if request.htmx else "boards/cell_page.html"
    return render(request, template, context, status=status)
