"""The guide: a read-only walkthrough of a map, one stage at a time, for onboarding; and the managers' view of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from journeys.access import get_journey_for_user, get_rw_stage_for_user, get_stage_for_user

from .pages import guide_map_context, guide_stage_context, member_urls, present_context
from .selectors import guide_progress, reads_by_stage
from .services import stage_mark_read, stage_mark_reviewed


@login_required
@require_safe
def guide(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    reads = reads_by_stage(journey, request.user)
    context = guide_map_context(journey, reads=reads, urls=member_urls(journey))
    return render(request, "guide/map.html", {**context, "can_edit": can_edit})


@login_required
@require_safe
def present(request, pk):
    """Presentation mode: one stage of the map at a time, full screen, for a room or a phone: its cards,
    the texts of its lanes, its point on the emotion curve, its active strategies and its metrics."""
    journey, _can_edit = get_journey_for_user(request.user, pk)
    board_url = reverse("boards:board", args=[journey.pk])
    return render(
        request, "guide/present.html", present_context(journey, request.GET.get("stage", ""), board_url=board_url)
    )


@login_required
@require_safe
def guide_stage(request, pk):
    stage, can_edit = get_stage_for_user(request.user, pk)
    reads = reads_by_stage(stage.journey, request.user)
    context = guide_stage_context(stage, reads=reads, urls=member_urls(stage.journey))
    return render(request, "guide/stage.html", {**context, "can_edit": can_edit})


@login_required
@require_POST
def guide_stage_read(request, pk):
    """Any member, viewers too, marks a stage as read: it changes their reading state, not the map."""
    stage, _can_edit = get_stage_for_user(request.user, pk)
    stage_mark_read(stage=stage, user=request.user)
    following = stage.journey.stages.filter(position__gt=stage.position).order_by("position", "id").first()
    if following is not None:
        return redirect("guide:stage", pk=following.pk)
    return redirect("guide:map", pk=stage.journey_id)


@login_required
@require_POST
def stage_reviewed(request, pk):
    stage = get_rw_stage_for_user(request.user, pk)
    stage_mark_reviewed(stage=stage, reviewed_by=request.user)
    if request.htmx:
        return render(request, "guide/_stage_reviewed.html", {"stage": stage})
    messages.success(request, _("“%(name)s” is marked as reviewed today.") % {"name": stage.name})
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect(reverse("guide:stage", args=[stage.pk]))


@login_required
@require_safe
def guide_progress_view(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied
    stages, readers = guide_progress(journey)
    context = {"journey": journey, "can_edit": can_edit, "stages": stages, "readers": readers}
    return render(request, "guide/progress.html", context)
