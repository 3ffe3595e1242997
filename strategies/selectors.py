"""Reads for strategy panels, histories, the manager's digest and the activity feed.

Each returns a QuerySet with its joins, so templates never query.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from boards.extensions import BadgeTarget, board_extensions
from core.dates import start_of_day
from journeys.models import Journey, Stage

from .diff import text_diff
from .models import Strategy, StrategyRevision, StrategyStatus

STATUS_ORDER: dict[str, int] = {StrategyStatus.ACTIVE: 0, StrategyStatus.DRAFT: 1, StrategyStatus.RETIRED: 2}


def _with_scope(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("stage", "touchpoint__stage", "persona", "owner")


def strategies_for_scope(*, journey: Journey, stage: Stage | None = None, touchpoint=None) -> list[Strategy]:
    """The strategies of a map (map-wide ones only), a stage or a touchpoint: active, then drafts,
    then retired."""
    queryset = _with_scope(Strategy.objects.filter(journey=journey)).annotate(
        **board_extensions.annotations(BadgeTarget.STRATEGY, journey)
    )
    if touchpoint is not None:
        queryset = queryset.filter(touchpoint=touchpoint)
    elif stage is not None:
        queryset = queryset.filter(stage=stage)
    else:
        queryset = queryset.filter(stage=None, touchpoint=None)
    return sorted(queryset, key=lambda strategy: (STATUS_ORDER[strategy.status], strategy.title.lower(), strategy.pk))


def strategy_revisions(strategy: Strategy) -> QuerySet:
    return strategy.revisions.select_related("author").order_by("-number")


def revision_diff(older: StrategyRevision, newer: StrategyRevision) -> dict:
    """What changed between two revisions: title and body word by word (within the diff's budget:
    `body_by_word` is False when parts too large for it are shown whole), and the status."""
    body = text_diff(older.body, newer.body)
    return {
        "title": text_diff(older.title, newer.title).html,
        "body": body.html,
        "body_by_word": body.by_word,
        "title_changed": older.title != newer.title,
        "body_changed": older.body != newer.body,
        "status_changed": older.status != newer.status,
    }


def map_history(
    journey: Journey,
    *,
    stage: Stage | None = None,
    author=None,
    status: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    """Every strategy change on the map, newest first. `stage` matches strategies of the stage and of its
    touchpoints; dates are inclusive days in the current time zone. `stage` and `author` may be ids."""
    queryset = StrategyRevision.objects.filter(journey=journey)
    if stage is not None:
        # IN (the few strategies of the stage): far cheaper than an OR across two joins on every revision.
        of_stage = Strategy.objects.filter(journey=journey).for_stage_and_its_touchpoints(stage).values("pk")
        queryset = queryset.filter(strategy__in=of_stage)
    if author is not None:
        queryset = queryset.filter(author=author)
    if status:
        queryset = queryset.filter(status=status)
    # Days become datetime bounds: the index on (journey, created_at) serves them, `__date` would not.
    if date_from is not None:
        queryset = queryset.filter(created_at__gte=start_of_day(date_from))
    if date_to is not None:
        queryset = queryset.filter(created_at__lt=start_of_day(date_to + datetime.timedelta(days=1)))
    return queryset.select_related("author", "strategy__stage", "strategy__touchpoint__stage").order_by(
        "-created_at", "-id"
    )


def changes_since(journey: Journey, since: datetime.date) -> list[Strategy]:
    """The Monday digest: each strategy changed on or after `since`, with `change_count`, `first_number`,
    `last_number` and `recent_revisions` (the revisions since then, oldest first). Two queries."""
    recent = Q(revisions__created_at__gte=start_of_day(since))
    queryset = (
        _with_scope(Strategy.objects.filter(journey=journey))
        .filter(recent)
        .annotate(
            change_count=Count("revisions", filter=recent),
            first_number=Min("revisions__number", filter=recent),
            last_number=Max("revisions__number", filter=recent),
            last_change_at=Max("revisions__created_at", filter=recent),
        )
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=StrategyRevision.objects.filter(created_at__gte=start_of_day(since))
                .select_related("author")
                .order_by("number"),
                to_attr="recent_revisions",
            )
        )
        .order_by("-last_change_at", "-id")
    )
    strategies = list(queryset)
    for strategy in strategies:
        strategy.baseline_number = strategy.first_number - 1 if strategy.first_number > 1 else None
    return strategies


def possible_authors(journey: Journey) -> QuerySet:
    """The members of the map's workspace, for the history's author filter (one cheap query, whatever the
    size of the history; someone who has left the workspace is no longer offered)."""
    return (
        get_user_model()
        .objects.filter(memberships__workspace_id=journey.workspace_id)
        .only("pk", "username", "first_name", "last_name")
        .order_by("first_name", "username")
    )


# ---- what the board and the guide count ----------------------------------------------------------------------


def _count(queryset: QuerySet, group: str):
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def stage_strategy_count():
    """For a stage queryset: how many current strategies are attached to the stage itself, in the same query."""
    return _count(Strategy.objects.current().filter(stage=OuterRef("pk")), "stage")


def touchpoint_strategy_count():
    """For a touchpoint queryset: how many current strategies it has, in the same query."""
    return _count(Strategy.objects.current().filter(touchpoint=OuterRef("pk")), "touchpoint")


def with_stage_strategy_count(stages: QuerySet) -> QuerySet:
    return stages.annotate(strategy_count=stage_strategy_count())


def with_touchpoint_strategy_count(touchpoints: QuerySet) -> QuerySet:
    return touchpoints.annotate(strategy_count=touchpoint_strategy_count())


def active_strategies(queryset: QuerySet) -> QuerySet:
    return queryset.filter(status=StrategyStatus.ACTIVE).select_related("persona", "owner").order_by("title", "id")
