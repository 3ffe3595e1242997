from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from core import conflicts
from core.forms import add_service_errors, show_conflict
from core.versioning import VersionConflict
from live.events import board_cursor
from workspaces.selectors import editable_workspaces

from . import services
from .access import get_journey_for_user, get_rw_journey_for_user, get_rw_stage_for_user, get_stage_for_user
from .forms import JourneyCreateForm, JourneyForm, StageForm, StageMoveForm
from .partials import BOARD_TEMPLATE, board_context, render_board_body, render_stage_columns
from .selectors import BoardFilters, journeys_for_dashboard


@login_required
@require_GET
def dashboard(request):
    workspaces = journeys_for_dashboard(request.user)
    return render(
        request,
        "journeys/dashboard.html",
        {"workspaces": workspaces, "can_create": any(w.user_role in ("owner", "editor") for w in workspaces)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def journey_create(request):
    workspaces = editable_workspaces(request.user)
    if not workspaces.exists():
        messages.error(request, _("You need the editor or owner role in a workspace to create maps."))
        return redirect("journeys:dashboard")
    form = JourneyCreateForm(
        request.POST or None, workspaces=workspaces, initial={"workspace": request.GET.get("workspace")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            journey = services.journey_create(
                workspace=form.cleaned_data["workspace"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                template=form.cleaned_data["template"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("journeys:board", pk=journey.pk)
    status = 422 if form.errors else 200
    return render(request, "journeys/journey_form.html", {"form": form}, status=status)


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
def journey_edit(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    form = JourneyForm(request.POST or None, instance=journey)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.journey_update(
                journey=journey,
                expected_version=data["version"],
                personas=data["personas"],
                title=data["title"],
                description=data["description"],
                review_interval_days=data["review_interval_days"],
            )
        except VersionConflict as conflict:
            show_conflict(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Map saved."))
            return redirect("journeys:board", pk=journey.pk)
    status = 422 if form.errors else 200
    return render(request, "journeys/journey_edit.html", {"form": form, "journey": journey}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def journey_delete(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    if request.method == "POST":
        services.journey_delete(journey=journey)
        messages.success(request, _("Map “%(title)s” deleted.") % {"title": journey.title})
        if request.htmx:
            return HttpResponseClientRedirect(reverse("journeys:dashboard"))
        return redirect("journeys:dashboard")
    return render(request, "journeys/journey_delete.html", {"journey": journey})


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
            return redirect("journeys:board", pk=journey.pk)
    status = 422 if form.errors else 200
    template = "journeys/board.html#stage-form" if request.htmx else "journeys/stage_form_page.html"
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
            return redirect("journeys:board", pk=stage.journey_id)
    status = 422 if form.errors else 200
    template = "journeys/board.html#stage-form" if request.htmx else "journeys/stage_form_page.html"
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
    return redirect("journeys:board", pk=stage.journey_id)


@login_required
@require_POST
def stage_delete(request, pk):
    stage = get_rw_stage_for_user(request.user, pk)
    services.stage_delete(stage=stage, actor=request.user)
    if request.htmx:
        return render_board_body(request, stage.journey, can_edit=True)
    messages.success(request, _("Stage “%(name)s” deleted.") % {"name": stage.name})
    return redirect("journeys:board", pk=stage.journey_id)
