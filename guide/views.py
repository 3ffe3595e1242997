"""The guide: a read-only walkthrough of a map, one stage at a time, for onboarding; and the managers' view of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.forms import id_from_text
from evidence.selectors import evidence_of_stage
from journeys.access import get_journey_for_user, get_rw_stage_for_user, get_stage_for_user
from journeys.models import LaneCell, LaneKind
from journeys.selectors import curve_line, emotion_curves
from metrics.selectors import stage_trends
from strategies.models import Strategy
from strategies.selectors import active_strategies

from .selectors import guide_progress, guide_stages, needs_reread, reads_by_stage
from .services import stage_mark_read, stage_mark_reviewed

# What customers say about a stage, as the guide shows it: the highlighted items first.
GUIDE_EVIDENCE = 5


def _mark_reading_state(stages, reads) -> None:
    for number, stage in enumerate(stages, start=1):
        stage.number = number
        stage.read_at = reads.get(stage.pk)
        stage.needs_reread = needs_reread(stage, stage.read_at)


@login_required
@require_safe
def guide(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    stages = guide_stages(journey)
    _mark_reading_state(stages, reads_by_stage(journey, request.user))
    to_read = [stage for stage in stages if stage.read_at is None or stage.needs_reread]
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "stages": stages,
        "next_stage": to_read[0] if to_read else None,
        "finished": bool(stages) and not to_read,
        "map_strategies": active_strategies(Strategy.objects.filter(journey=journey, stage=None, touchpoint=None)),
    }
    return render(request, "guide/map.html", context)


@login_required
@require_safe
def present(request, pk):
    """Presentation mode: one stage of the map at a time, full screen, for a room or a phone: its cards,
    the texts of its lanes, its point on the emotion curve, its active strategies and its metrics."""
    journey, _can_edit = get_journey_for_user(request.user, pk)
    stages = list(journey.stages.order_by("position", "id"))
    number = min(max(id_from_text(request.GET.get("stage", "")) or 1, 1), max(len(stages), 1))
    context: dict = {"journey": journey, "stage_count": len(stages), "number": number}
    if stages:
        stage = stages[number - 1]
        curve = emotion_curves([journey.pk]).get(journey.pk, [])
        context.update(
            stage=stage,
            curve=curve,
            curve_line=curve_line(curve),
            point=curve[number - 1] if len(curve) >= number else None,
            cards=stage.touchpoints.select_related("channel").order_by("position", "id"),
            notes=LaneCell.objects.filter(stage=stage, lane__kind=LaneKind.TEXT, lane__hidden=False)
            .exclude(body="")
            .select_related("lane")
            .order_by("lane__position", "lane_id"),
            strategies=active_strategies(Strategy.objects.filter(stage=stage)),
            trends=stage_trends(journey, [stage.pk]).get(stage.pk, []),
        )
    return render(request, "guide/present.html", context)


@login_required
@require_safe
def guide_stage(request, pk):
    stage, can_edit = get_stage_for_user(request.user, pk)
    journey = stage.journey
    stages = guide_stages(journey)
    _mark_reading_state(stages, reads_by_stage(journey, request.user))
    index = next((i for i, item in enumerate(stages) if item.pk == stage.pk), None)
    if index is None:
        raise Http404
    current = stages[index]
    stage_evidence = evidence_of_stage(stage)
    touchpoints = (
        stage.touchpoints.select_related("channel")
        .prefetch_related(
            Prefetch("strategies", queryset=active_strategies(Strategy.objects.all()), to_attr="active_strategies")
        )
        .order_by("position", "id")
    )
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "stage": current,
        "stage_count": len(stages),
        "previous_stage": stages[index - 1] if index > 0 else None,
        "next_stage": stages[index + 1] if index + 1 < len(stages) else None,
        "touchpoints": touchpoints,
        "strategies": active_strategies(Strategy.objects.filter(stage=stage)),
        "evidence": stage_evidence[:GUIDE_EVIDENCE],
        "evidence_count": stage_evidence.count(),
    }
    return render(request, "guide/stage.html", context)


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
