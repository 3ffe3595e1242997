"""Reads for the maps' own pages."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Prefetch
from django.db.models.functions import Coalesce, Greatest, Lower

from workspaces.access import with_user_role
from workspaces.models import Workspace

from .models import Journey, MapState, Stage

# How the dashboard orders each workspace's maps: the latest change first (a card's counts), or by title.
DASHBOARD_ORDERS: dict[str, tuple[str | Lower, ...]] = {
    "updated": ("-last_change", "id"),
    "name": (Lower("title"), "id"),
}


@dataclass(frozen=True)
class CurvePoint:
    stage: str
    mood: float | None  # the average emotion of the stage's cards, -2 to +2; None without cards
    x: float  # on the sparkline's 100 by 30 view box
    y: float | None


def journeys_for_dashboard(user, *, order: str = "updated", state: str = ""):
    """The user's workspaces with their maps (each with its stage and card counts, its latest change,
    counting its cards', and its emotion curve) and the user's role, in three queries. `order` is a key
    of DASHBOARD_ORDERS; `state` keeps the maps of one MapState."""
    journeys = Journey.objects.annotate(
        stage_count=Count("stages", distinct=True),
        touchpoint_count=Count("stages__touchpoints", distinct=True),
        last_change=Greatest("updated_at", Coalesce(Max("stages__touchpoints__updated_at"), "updated_at")),
    ).order_by(*DASHBOARD_ORDERS.get(order, DASHBOARD_ORDERS["updated"]))
    if state in MapState.values:
        journeys = journeys.filter(state=state)
    workspaces = list(
        with_user_role(Workspace.objects.all(), user, workspace_field="pk")
        .order_by("name", "id")
        .prefetch_related(Prefetch("journeys", queryset=journeys, to_attr="maps"))
    )
    maps = [journey for workspace in workspaces for journey in workspace.maps]
    curves = emotion_curves([journey.pk for journey in maps])
    for journey in maps:
        journey.curve = curves.get(journey.pk, [])
        journey.curve_line = curve_line(journey.curve)
    return workspaces


def curve_line(curve: list[CurvePoint]) -> str:
    """An SVG polyline's points through the curve's stages that have cards."""
    return " ".join(f"{point.x:g},{point.y:g}" for point in curve if point.y is not None)


def emotion_curves(journey_ids: list[int]) -> dict[int, list[CurvePoint]]:
    """Each map's stages in order with the average emotion of their cards, placed on a 100 by 30 box."""
    rows = (
        Stage.objects.filter(journey_id__in=journey_ids)
        .order_by("journey_id", "position", "id")
        .annotate(mood=Avg("touchpoints__emotion"))
        .values_list("journey_id", "name", "mood")
    )
    by_map: dict[int, list[tuple[str, float | None]]] = {}
    for journey_id, name, mood in rows:
        by_map.setdefault(journey_id, []).append((name, None if mood is None else float(mood)))
    curves = {}
    for journey_id, stages in by_map.items():
        step = 100 / (len(stages) - 1) if len(stages) > 1 else 0
        curves[journey_id] = [
            CurvePoint(
                stage=name,
                mood=mood,
                x=round(index * step if step else 50, 1),
                y=None if mood is None else round(15 - mood * 6.5, 1),
            )
            for index, (name, mood) in enumerate(stages)
        ]
    return curves
