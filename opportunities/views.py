"""Opportunity pages: the backlog, the impact/effort matrix, the form, and a card's opportunities
beside the board."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_service_errors, show_conflict
from core.versioning import VersionConflict
from journeys.access import get_journey_for_user, get_rw_journey_for_user
from touchpoints.access import get_touchpoint_for_user
from touchpoints.models import Touchpoint

from . import services
from .access import get_rw_opportunity_for_user
from .forms import BacklogFilterForm, OpportunityForm
from .models import OPEN_STATUSES
from .selectors import BacklogFilters, backlog, matrix_points, opportunities_of_touchpoint

UNPROCESSABLE = 422
MATRIX_SIZE = 400


def _filters(form: BacklogFilterForm) -> BacklogFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return BacklogFilters(status=data.get("status") or "", stage=data.get("stage"), sort=data.get("sort") or "score")


@login_required
@require_safe
def backlog_page(request, pk):
    """The map's opportunities, best score first (or as sorted), with the score's formula."""
    journey, can_edit = get_journey_for_user(request.user, pk)
    form = BacklogFilterForm(request.GET or None, journey=journey)
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "form": form,
        "opportunities": backlog(journey, _filters(form)),
    }
    return render(request, "opportunities/backlog.html", context, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_safe
def matrix_page(request, pk):
    """Impact against effort: each open opportunity a labelled point, reachable by keyboard, and the
    same in a table beside it."""
    journey, can_edit = get_journey_for_user(request.user, pk)
    opportunities = list(backlog(journey, BacklogFilters(status="open")))
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "points": matrix_points(opportunities, size=MATRIX_SIZE),
        "size": MATRIX_SIZE,
        "ticks": range(1, 6),
    }
    return render(request, "opportunities/matrix.html", context)


def _links(form) -> dict:
    return {name: form.cleaned_data[name] for name in ("touchpoints", "stages", "evidence")}


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.OPPORTUNITY_FIELDS}


def _initial(request, journey) -> dict:
    """What "New opportunity" from a card, a pain point or a stage fills in."""
    initial: dict = {"owner": request.user.pk}
    touchpoint_id = request.GET.get("touchpoint", "")
    if touchpoint_id.isdecimal() and len(touchpoint_id) < 19:
        touchpoint = Touchpoint.objects.filter(pk=touchpoint_id, stage__journey=journey).first()
        if touchpoint is not None:
            initial["touchpoints"] = [touchpoint.pk]
            initial["evidence"] = list(touchpoint.evidence.values_list("pk", flat=True)[:50])
            pain_point = request.GET.get("pain_point", "")[:300]
            if pain_point:
                initial["pain_points"] = pain_point
                initial["title"] = pain_point[:200]
    stage_id = request.GET.get("stage", "")
    if stage_id.isdecimal() and len(stage_id) < 19:
        initial["stages"] = [int(stage_id)]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    form = OpportunityForm(request.POST or None, journey=journey, initial=_initial(request, journey))
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_create(journey=journey, created_by=request.user, **_links(form), **_fields(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Opportunity added."))
            return redirect("opportunities:backlog", journey.pk)
    status = UNPROCESSABLE if form.is_bound else 200
    return render(
        request, "opportunities/form_page.html", {"journey": journey, "form": form, "item": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, pk):
    item = get_rw_opportunity_for_user(request.user, pk)
    journey = item.journey
    if request.method == "GET":
        form = OpportunityForm(instance=item, journey=journey, initial={"version": item.version})
        return render(request, "opportunities/form_page.html", {"journey": journey, "form": form, "item": item})
    saved = get_rw_opportunity_for_user(request.user, pk)
    form = OpportunityForm(request.POST, instance=item, journey=journey)
    if form.is_valid():
        try:
            services.opportunity_update(
                opportunity=saved,
                expected_version=form.cleaned_data["version"],
                actor=request.user,
                **_links(form),
                **_fields(form),
            )
        except VersionConflict as conflict:
            show_conflict(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Opportunity saved."))
            return redirect("opportunities:backlog", journey.pk)
    context = {"journey": journey, "form": form, "item": saved}
    return render(request, "opportunities/form_page.html", context, status=UNPROCESSABLE)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_delete(request, pk):
    item = get_rw_opportunity_for_user(request.user, pk)
    if request.method == "GET":
        return render(request, "opportunities/delete.html", {"item": item, "journey": item.journey})
    journey_id = item.journey_id
    services.opportunity_delete(opportunity=item, actor=request.user)
    messages.success(request, _("Opportunity deleted."))
    return redirect("opportunities:backlog", journey_id)


@login_required
@require_safe
def touchpoint_opportunities(request, pk):
    """A card's opportunities (a section of its panel), and "new opportunity" from it or one of its pain points."""
    touchpoint, can_edit = get_touchpoint_for_user(request.user, pk)
    pain_points = touchpoint.pain_point_list
    context = {
        "touchpoint": touchpoint,
        "journey": touchpoint.stage.journey,
        "can_edit": can_edit,
        "opportunities": opportunities_of_touchpoint(touchpoint),
        "pain_points": pain_points[:20],
        "open_statuses": OPEN_STATUSES,
    }
    template = "opportunities/_card_section.html" if request.htmx else "opportunities/card_page.html"
    return render(request, template, context)
