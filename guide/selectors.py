"""The onboarding guide: who read which stage, and when each stage was last reviewed.

Reviews and staleness: a stage counts as reviewed on the latest of
- the day it was created,
- a "mark stage reviewed" by an editor (a `StageReview`),
- the review date of any strategy of the stage or of its touchpoints (a strategy
  is reviewed when someone creates, edits, restores or confirms it).
A stage is stale when that day is more than the map's `review_interval_days` ago.

Re-reading: a reader must read a stage again when one of its strategies (or one
of its touchpoints' strategies) changed in a way the guide shows — an active
strategy edited, a strategy activated or retired — after they read it.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from core.dates import start_of_day
from core.precompiled import precompiled
from journeys.models import Journey, Stage
from strategies.models import Strategy
from strategies.selectors import with_stage_strategy_count
from workspaces.models import Membership

from .models import StageRead, StageReview


def review_cutoff(journey: Journey, today: datetime.date | None = None) -> datetime.date:
    """Stages not reviewed on or after this day are stale."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=journey.review_interval_days)


def _stage_strategies():
    return Strategy.objects.for_stage_and_its_touchpoints(OuterRef("pk"))


def stale_flag(journey: Journey, today: datetime.date | None = None):
    """For a queryset of the map's stages: whether nobody reviewed the stage within the map's review
    interval (see the module docstring), in the same query."""
    return _stale_since(review_cutoff(journey, today))


def _stale_since(cutoff: datetime.date):
    reviewed = Exists(StageReview.objects.filter(stage=OuterRef("pk"), reviewed_at__gte=start_of_day(cutoff)))
    strategy_reviewed = Exists(_stage_strategies().filter(last_reviewed_on__gte=cutoff))
    fresh = Q(created_at__gte=start_of_day(cutoff)) | Q(reviewed) | Q(strategy_reviewed)
    return ExpressionWrapper(~fresh, output_field=BooleanField())


def board_stale_flag(journey: Journey):
    """`stale_flag` for the board's own stage query, compiled to SQL once per review cutoff (and time zone,
    which places its midnight): the board reads it on every request (core.precompiled)."""
    cutoff = review_cutoff(journey)
    key = f"guide:stale:{cutoff.isoformat()}:{timezone.get_current_timezone_name()}"
    return precompiled(Stage, key, lambda: _stale_since(cutoff))


def with_stale_flag(stages: QuerySet, *, journey: Journey, today: datetime.date | None = None) -> QuerySet:
    return stages.annotate(is_stale=stale_flag(journey, today))


def with_guide_dates(stages: QuerySet) -> QuerySet:
    """Annotate stages with `last_stage_review_at`, `last_strategy_review_on` and `guide_changed_at`
    (the last change readers must see)."""

    return stages.annotate(
        last_stage_review_at=Subquery(
            StageReview.objects.filter(stage=OuterRef("pk")).order_by("-reviewed_at").values("reviewed_at")[:1]
        ),
        last_strategy_review_on=Subquery(
            _stage_strategies()
            .exclude(last_reviewed_on=None)
            .order_by("-last_reviewed_on")
            .values("last_reviewed_on")[:1],
            output_field=DateField(),
        ),
        guide_changed_at=Subquery(
            _stage_strategies()
            .exclude(guide_changed_at=None)
            .order_by("-guide_changed_at")
            .values("guide_changed_at")[:1],
            output_field=DateTimeField(),
        ),
    )


def last_reviewed_on(stage: Any) -> datetime.date:
    """The day a stage annotated by `with_guide_dates` was last reviewed (see the module docstring)."""
    days = [timezone.localdate(stage.created_at)]
    if stage.last_stage_review_at:
        days.append(timezone.localdate(stage.last_stage_review_at))
    if stage.last_strategy_review_on:
        days.append(stage.last_strategy_review_on)
    return max(days)


def guide_stages(journey: Journey, *, today: datetime.date | None = None) -> list[Stage]:
    """The map's stages in order, with strategy counts, stale flags and guide dates. One query."""
    queryset = with_stage_strategy_count(journey.stages.all())
    queryset = with_guide_dates(with_stale_flag(queryset, journey=journey, today=today))
    stages: list[Any] = list(queryset.order_by("position", "id"))  # Stages with the annotations above
    for stage in stages:
        stage.last_reviewed = last_reviewed_on(stage)
    return stages


def needs_reread(stage: Any, read_at: datetime.datetime | None) -> bool:
    """Whether a reader who read `stage` (annotated by `with_guide_dates`) at `read_at` must read it again."""
    return read_at is not None and stage.guide_changed_at is not None and stage.guide_changed_at > read_at


def reads_by_stage(journey: Journey, user) -> dict[int, datetime.datetime]:
    return dict(StageRead.objects.filter(stage__journey=journey, user=user).values_list("stage_id", "read_at"))


@dataclass
class ReaderProgress:
    user: object
    role: str
    read_count: int = 0
    finished_at: datetime.datetime | None = None
    reread: list = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


def guide_progress(journey: Journey) -> tuple[list[Stage], list[ReaderProgress]]:
    """Per member of the map's workspace: stages read, when they finished, stages to read again.
    Three queries, whatever the number of members and stages."""
    stages = list(with_guide_dates(journey.stages.all()).order_by("position", "id"))
    memberships = Membership.objects.filter(workspace_id=journey.workspace_id).select_related("user")
    memberships = memberships.order_by("user__first_name", "user__username")
    reads: dict[int, dict[int, datetime.datetime]] = {}
    for user_id, stage_id, read_at in StageRead.objects.filter(stage__journey=journey).values_list(
        "user_id", "stage_id", "read_at"
    ):
        reads.setdefault(user_id, {})[stage_id] = read_at
    rows = []
    for membership in memberships:
        mine = reads.get(membership.user_id, {})
        row = ReaderProgress(user=membership.user, role=membership.get_role_display())
        row.read_count = sum(1 for stage in stages if stage.pk in mine)
        if stages and row.read_count == len(stages):
            row.finished_at = max(mine[stage.pk] for stage in stages)
        row.reread = [stage for stage in stages if needs_reread(stage, mine.get(stage.pk))]
        rows.append(row)
    return stages, rows
