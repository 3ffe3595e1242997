"""What the guide's pages and presentation mode show, for members (views.py) and for a share link's guests
(sharing/): each page's context. The pages link to each other through `GuideUrls`, a member's or the
share link's, and leave out the strategies when `strategies` is False (a link that does not show them)."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse

from core.forms import id_from_text
from core.url_patterns import pk_url_pattern
from evidence.selectors import evidence_of_stage
from journeys.models import Journey, LaneCell, LaneKind, Stage
from journeys.selectors import curve_line, emotion_curves
from metrics.selectors import stage_trends
from strategies.models import Strategy
from strategies.selectors import active_strategies

from .selectors import guide_stages, needs_reread

# What customers say about a stage, as the guide shows it: the highlighted items first.
GUIDE_EVIDENCE = 5


@dataclass(frozen=True)
class GuideUrls:
    board: str  # "" when the reader may not open the board
    guide: str
    stage: str  # a stage's page, `{pk}` where its id goes


def member_urls(journey: Journey) -> GuideUrls:
    return GuideUrls(
        board=reverse("boards:board", args=[journey.pk]),
        guide=reverse("guide:map", args=[journey.pk]),
        stage=pk_url_pattern("guide:stage"),
    )


def _guide_stages(journey: Journey, reads: dict, urls: GuideUrls) -> list:
    """The map's stages in order, numbered, each with its reader's state (`reads`: when they read each
    stage; none for a guest) and its page's `url`."""
    stages = guide_stages(journey)
    for number, stage in enumerate(stages, start=1):
        stage.number = number
        stage.read_at = reads.get(stage.pk)
        stage.needs_reread = needs_reread(stage, stage.read_at)
        stage.url = urls.stage.format(pk=stage.pk)
    return stages


def guide_map_context(journey: Journey, *, reads: dict, urls: GuideUrls, strategies: bool = True) -> dict:
    stages = _guide_stages(journey, reads, urls)
    to_read = [stage for stage in stages if stage.read_at is None or stage.needs_reread]
    map_strategies = Strategy.objects.filter(journey=journey, stage=None, touchpoint=None)
    return {
        "journey": journey,
        "urls": urls,
        "stages": stages,
        "next_stage": to_read[0] if to_read else None,
        "finished": bool(stages) and not to_read,
        "show_strategies": strategies,
        "map_strategies": active_strategies(map_strategies) if strategies else [],
    }


def guide_stage_context(stage: Stage, *, reads: dict, urls: GuideUrls, strategies: bool = True) -> dict:
    journey = stage.journey
    stages = _guide_stages(journey, reads, urls)
    index = next((i for i, item in enumerate(stages) if item.pk == stage.pk), None)
    if index is None:
        raise Http404
    stage_evidence = evidence_of_stage(stage)
    touchpoints = stage.touchpoints.select_related("channel").order_by("position", "id")
    if strategies:
        touchpoints = touchpoints.prefetch_related(
            Prefetch("strategies", queryset=active_strategies(Strategy.objects.all()), to_attr="active_strategies")
        )
    return {
        "journey": journey,
        "urls": urls,
        "stage": stages[index],
        "stage_count": len(stages),
        "previous_stage": stages[index - 1] if index > 0 else None,
        "next_stage": stages[index + 1] if index + 1 < len(stages) else None,
        "touchpoints": touchpoints,
        "show_strategies": strategies,
        "strategies": active_strategies(Strategy.objects.filter(stage=stage)) if strategies else [],
        "evidence": stage_evidence[:GUIDE_EVIDENCE],
        "evidence_count": stage_evidence.count(),
    }


def present_context(journey: Journey, stage_text: str, *, board_url: str, strategies: bool = True) -> dict:
    """Presentation mode at the stage numbered `stage_text` (the first if it is no number, the nearest one
    if out of range): its cards, the texts of its lanes, its point on the emotion curve, its active
    strategies and its metrics. `board_url`: where "Leave the presentation" goes."""
    stages = list(journey.stages.order_by("position", "id"))
    number = min(max(id_from_text(stage_text) or 1, 1), max(len(stages), 1))
    context: dict = {
        "journey": journey,
        "stage_count": len(stages),
        "number": number,
        "board_url": board_url,
        "show_strategies": strategies,
    }
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
            strategies=active_strategies(Strategy.objects.filter(stage=stage)) if strategies else [],
            trends=stage_trends(journey, [stage.pk]).get(stage.pk, []),
        )
    return context
