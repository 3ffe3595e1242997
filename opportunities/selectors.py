"""Reads for opportunities: the backlog, the matrix, what the board shows."""

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from core.aggregates import SEPARATOR, JoinedText, split_joined

from .models import OPEN_STATUSES, Opportunity

SORTS = {
    "score": ("-score", "title"),
    "impact": ("-impact", "-score"),
    "effort": ("effort", "-score"),
    "target": ("target_date", "-score"),
    "status": ("status", "-score"),
    "title": ("title",),
}
LANE_ITEMS = 3


def touchpoint_open_opportunities():
    """For a touchpoint queryset: how many open opportunities name the card."""
    count = (
        Opportunity.touchpoints.through.objects.filter(
            touchpoint_id=OuterRef("pk"), opportunity__status__in=OPEN_STATUSES
        )
        .order_by()
        .values("touchpoint_id")
        .annotate(n=Count("pk"))
        .values("n")  # type: ignore[misc]  # django-stubs does not see annotations on an auto-created through model
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def stage_opportunity_annotations() -> dict:
    """For a stage queryset: its open opportunities (named for the stage or one of its cards) as
    "score|title", joined; one named twice (for the stage and a card, or two cards) comes twice
    (`stage_opportunities` reads each once). Read from the links, by the stage's own index, each
    opportunity looked up by key."""

    def named(links, stage: str):
        item = Concat(
            Cast("opportunity__score", CharField()), Value("|"), "opportunity__title", output_field=CharField()
        )
        joined: Any = (
            links.objects.filter(opportunity__status__in=OPEN_STATUSES, **{stage: OuterRef("pk")})
            .order_by()
            .values(stage)
            .annotate(joined=JoinedText(item))
        )
        return Coalesce(Subquery(joined.values("joined"), output_field=CharField()), Value(""))

    for_stage = named(Opportunity.stages.through, "stage_id")
    for_cards = named(Opportunity.touchpoints.through, "touchpoint__stage_id")
    return {"opportunity_titles": Concat(for_stage, Value(SEPARATOR), for_cards, output_field=CharField())}


def stage_opportunities(joined: str | None) -> tuple[list[tuple[str, str]], int]:
    """The stage's best open opportunities [(score, title)], and how many it has."""
    items = []
    for item in dict.fromkeys(split_joined(joined)):
        score, _sep, title = item.partition("|")
        items.append((score, title))
    items.sort(key=lambda item: (-float(item[0] or 0), item[1].lower()))
    return items[:LANE_ITEMS], len(items)


@dataclass
class BacklogFilters:
    status: str = ""
    stage: object = None
    sort: str = "score"


def backlog(journey, filters: BacklogFilters) -> QuerySet[Opportunity]:
    items = Opportunity.objects.filter(journey=journey)
    if filters.status == "open":
        items = items.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        items = items.filter(status=filters.status)
    if filters.stage is not None:
        items = items.filter(Q(stages=filters.stage) | Q(touchpoints__stage=filters.stage)).distinct()
    return (
        items.select_related("owner", "strategy")
        .prefetch_related("touchpoints", "stages")
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by(*SORTS.get(filters.sort, SORTS["score"]), "id")
    )


@dataclass
class MatrixPoint:
    opportunity: Opportunity
    x: float
    y: float
    quadrant: str


QUICK_WINS, BIG_BETS, FILL_INS, MONEY_PITS = "quick_wins", "big_bets", "fill_ins", "money_pits"


def quadrant_of(impact: int, effort: int) -> str:
    high_impact, high_effort = impact >= 3, effort >= 3
    if high_impact:
        return BIG_BETS if high_effort else QUICK_WINS
    return MONEY_PITS if high_effort else FILL_INS


def matrix_points(opportunities, *, size: int = 400, margin: int = 40) -> list[MatrixPoint]:
    """Where each opportunity sits on the impact/effort square: effort left to right, impact bottom to
    top; items on the same spot are spread around it so each stays visible and clickable."""
    cell = (size - 2 * margin) / 5
    seen: dict[tuple[int, int], int] = {}
    points = []
    for opportunity in opportunities:
        spot = (opportunity.effort, opportunity.impact)
        nth = seen.get(spot, 0)
        seen[spot] = nth + 1
        dx, dy = ((nth % 3) - 1) * cell / 4, ((nth // 3) % 3 - 1) * cell / 4
        x = margin + (opportunity.effort - 0.5) * cell + dx
        y = size - margin - (opportunity.impact - 0.5) * cell + dy
        points.append(
            MatrixPoint(opportunity, round(x, 1), round(y, 1), quadrant_of(opportunity.impact, opportunity.effort))
        )
    return points


def opportunities_of_touchpoint(touchpoint) -> QuerySet[Opportunity]:
    return touchpoint.backlog_items.order_by("-score", "title")
