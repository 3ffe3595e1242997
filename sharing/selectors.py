"""Reads for share links and for the pages a link opens."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from journeys.models import Journey, Stage
from strategies.models import Strategy
from strategies.selectors import active_strategies

from .models import ShareLink


def share_links_of(journey: Journey) -> QuerySet:
    """The map's links, newest first, with who made them."""
    return ShareLink.objects.filter(journey=journey).select_related("created_by").order_by("-created_at", "-id")


@dataclass
class StageStrategies:
    stage: Stage
    strategies: list = field(default_factory=list)  # the stage's own
    touchpoints: dict = field(default_factory=dict)  # its cards' own, by card: {touchpoint: [strategy...]}

    @property
    def touchpoint_strategies(self) -> list:
        return list(self.touchpoints.items())


def map_active_strategies(journey: Journey) -> tuple[list, list[StageStrategies]]:
    """The map's active strategies: those of the whole map, and by stage in the map's order (each
    stage's own, then its cards' by card). Two queries."""
    stages = list(journey.stages.order_by("position", "id"))
    groups = {stage.pk: StageStrategies(stage) for stage in stages}
    whole_map = []
    queryset = active_strategies(Strategy.objects.filter(journey=journey)).select_related("stage", "touchpoint")
    for strategy in queryset.order_by("touchpoint__position", "touchpoint_id", "title", "id"):
        if strategy.touchpoint is not None and strategy.touchpoint.stage_id in groups:
            groups[strategy.touchpoint.stage_id].touchpoints.setdefault(strategy.touchpoint, []).append(strategy)
        elif strategy.stage_id in groups:
            groups[strategy.stage_id].strategies.append(strategy)
        else:
            whole_map.append(strategy)
    return whole_map, [group for group in groups.values() if group.strategies or group.touchpoints]
