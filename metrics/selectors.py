"""Reads for metrics: a workspace's library, a metric's series, what the board shows, channel ROI."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Concat, RowNumber, TruncMonth

from channels.models import Channel
from touchpoints.models import Touchpoint

from .models import CardMetric, Metric, PeriodKind, Reading, RoiRole, Status

# How many of the latest periods the board's sparklines and a card's panel show.
TREND_LENGTH = 8
# The most periods a metric's chart draws (the latest ones).
MAX_CHART_PERIODS = 120


def metrics_of(workspace) -> list[Metric]:
    return list(Metric.objects.filter(workspace=workspace))


def _status_expression():
    """A reading's status against its metric's target, in SQL (Metric.status_of in Python)."""
    higher = Q(metric__higher_is_better=True)
    lower = Q(metric__higher_is_better=False)
    has_warning = Q(metric__warning__isnull=False)
    return Case(
        When(metric__target__isnull=True, then=Value(Status.NONE.value)),
        When(higher & Q(value__gte=F("metric__target")), then=Value(Status.GOOD.value)),
        When(higher & has_warning & Q(value__gte=F("metric__warning")), then=Value(Status.WARN.value)),
        When(lower & Q(value__lte=F("metric__target")), then=Value(Status.GOOD.value)),
        When(lower & has_warning & Q(value__lte=F("metric__warning")), then=Value(Status.WARN.value)),
        default=Value(Status.BAD.value),
        output_field=CharField(),
    )


def touchpoint_card_metric(journey_id: int):
    """For a touchpoint queryset of the map `journey_id`: "status|value|kind|unit|name" of the card's
    latest reading of the metric the map's cards show, or None. One string, so the board's badge
    renders once per value. (The metric's id is a subquery of its own, read once rather than once per
    card, and the database reads each card's readings by index.)"""
    card_metric = CardMetric.objects.filter(journey_id=journey_id).values("metric_id")[:1]
    latest = (
        Reading.objects.filter(touchpoint=OuterRef("pk"), metric_id=Subquery(card_metric))
        .order_by("-period_start", "-id")
        .annotate(
            chip=Concat(
                _status_expression(),
                Value("|"),
                Cast("value", CharField()),
                Value("|"),
                "metric__kind",
                Value("|"),
                "metric__unit",
                Value("|"),
                "metric__name",
                output_field=CharField(),
            )
        )
        .values("chip")[:1]
    )
    return Subquery(latest, output_field=CharField())


def parse_card_metric(chip: str | None) -> dict | None:
    if not chip:
        return None
    status, value, kind, unit, name = chip.split("|", 4)
    return {"status": status, "value": value, "kind": kind, "unit": unit, "name": name}


@dataclass
class Trend:
    """A metric's latest readings for one card or stage: the last value and the line before it."""

    metric: Metric
    period_kind: str
    values: list[Decimal] = field(default_factory=list)  # oldest first
    periods: list[datetime.date] = field(default_factory=list)

    @property
    def latest(self) -> Decimal:
        return self.values[-1]

    @property
    def latest_period(self) -> datetime.date:
        return self.periods[-1]

    @property
    def status(self) -> str:
        return self.metric.status_of(self.latest)

    @property
    def change(self) -> Decimal | None:
        return self.values[-1] - self.values[-2] if len(self.values) > 1 else None


METRIC_COLUMNS = ("name", "kind", "unit", "higher_is_better", "target", "warning", "position")


def latest_trends(readings, key: str) -> dict[int, list[Trend]]:
    """The last TREND_LENGTH readings of each metric for each `key` (stage_id or touchpoint_id) of
    `readings`: one query whatever the number of readings, read with a window (as plain values: a
    board reads hundreds of them, and model instances cost ten times the query)."""
    ranked = (
        readings.annotate(
            rank=Window(
                RowNumber(), partition_by=[F(key), F("metric_id"), F("period_kind")], order_by=F("period_start").desc()
            )
        )
        .filter(rank__lte=TREND_LENGTH)
        .order_by(key, "metric__position", "metric__name", "period_start")
        .values_list(
            key, "period_kind", "period_start", "value", "metric_id", *(f"metric__{c}" for c in METRIC_COLUMNS)
        )
    )
    metrics: dict[int, Metric] = {}
    trends: dict[int, dict[tuple, Trend]] = defaultdict(dict)
    for owner, period_kind, period_start, value, metric_id, *metric_fields in ranked:
        metric = metrics.get(metric_id)
        if metric is None:
            metric = metrics[metric_id] = Metric(pk=metric_id, **dict(zip(METRIC_COLUMNS, metric_fields, strict=True)))
        trend = trends[owner].setdefault((metric_id, period_kind), Trend(metric=metric, period_kind=period_kind))
        trend.values.append(value)
        trend.periods.append(period_start)
    return {owner: list(by_metric.values()) for owner, by_metric in trends.items()}


def stage_trends(journey, stage_ids) -> dict[int, list[Trend]]:
    # By stage alone (they are the map's), so the database reads them through the stages' index.
    return latest_trends(Reading.objects.filter(stage_id__in=stage_ids), "stage_id")


def touchpoint_trends(touchpoint) -> list[Trend]:
    return latest_trends(Reading.objects.filter(touchpoint=touchpoint), "touchpoint_id").get(touchpoint.pk, [])


@dataclass
class SeriesFilters:
    journey: object = None
    stage: object = None
    touchpoint: object = None
    channel: object = None
    period_kind: str = PeriodKind.MONTH


def series(metric: Metric, filters: SeriesFilters) -> list[dict]:
    """The metric's value per period, oldest first (the mean when several readings share a period,
    for instance every touchpoint of a map), at most MAX_CHART_PERIODS of the latest."""
    readings = metric.readings.filter(period_kind=filters.period_kind)
    for name in ("journey", "stage", "touchpoint", "channel"):
        if getattr(filters, name) is not None:
            readings = readings.filter(**{name: getattr(filters, name)})
    rows = list(
        readings.order_by()
        .values("period_start")
        .annotate(value=Avg("value"), count=Count("id"))
        .order_by("-period_start")[:MAX_CHART_PERIODS]
    )
    rows.reverse()
    for row in rows:
        row["value"] = Decimal(row["value"]).quantize(Decimal("0.01"))
        row["status"] = metric.status_of(row["value"])
    return rows


# -- channel ROI ---------------------------------------------------------------------------------------------


@dataclass
class ChannelFigures:
    channel: Channel
    cost: Decimal | None = None
    revenue: Decimal | None = None
    conversions: Decimal | None = None
    touchpoints: list[str] = field(default_factory=list)
    months: dict = field(default_factory=dict)  # month -> {role: total}

    @property
    def roi(self) -> Decimal | None:
        """(revenue - cost) / cost, as a fraction (0.5 is 50 %); None without both or with no cost."""
        if self.cost is None or self.revenue is None or self.cost == 0:
            return None
        return (self.revenue - self.cost) / self.cost

    @property
    def roi_percent(self) -> Decimal | None:
        return None if self.roi is None else (self.roi * 100).quantize(Decimal("0.1"))

    @property
    def cost_per_conversion(self) -> Decimal | None:
        if self.cost is None or not self.conversions:
            return None
        return (self.cost / self.conversions).quantize(Decimal("0.01"))

    @property
    def has_figures(self) -> bool:
        return any(value is not None for value in (self.cost, self.revenue, self.conversions))


@dataclass
class ChannelReport:
    channels: list[ChannelFigures]
    metrics: dict  # role -> Metric
    months: list[datetime.date]
    first: datetime.date | None
    last: datetime.date | None

    @property
    def ranked(self) -> list[ChannelFigures]:
        """Channels with figures, best ROI first; those without an ROI after them, by revenue."""
        with_figures = [figures for figures in self.channels if figures.has_figures]
        return sorted(
            with_figures,
            key=lambda f: (f.roi is None, -(f.roi or 0), -(f.revenue or 0), f.channel.name.lower()),
        )

    @property
    def currency_mismatch(self) -> bool:
        cost, revenue = self.metrics.get(RoiRole.COST), self.metrics.get(RoiRole.REVENUE)
        return bool(cost and revenue and cost.unit != revenue.unit)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def channel_report(journey, *, first: datetime.date | None = None, last: datetime.date | None = None) -> ChannelReport:
    """Each of the workspace's channels on this map, over the months from `first` to `last` (both
    optional): the cost, revenue and conversions recorded for it, and its ROI and cost per conversion.
    Three queries whatever the number of channels, months and readings."""
    metrics = {
        metric.roi_role: metric
        for metric in Metric.objects.filter(workspace_id=journey.workspace_id).exclude(roi_role="")
    }
    readings = Reading.objects.filter(
        journey=journey, channel__isnull=False, metric__roi_role__in=[r for r in RoiRole.values if r]
    )
    if first is not None:
        readings = readings.filter(period_start__gte=first)
    if last is not None:
        readings = readings.filter(period_start__lt=_next_month(last))
    totals = (
        readings.order_by()
        .annotate(month=TruncMonth("period_start"))
        .values("channel_id", "metric__roi_role", "month")
        .annotate(total=Sum("value"))
    )
    channels = {
        channel.pk: ChannelFigures(channel=channel)
        for channel in Channel.objects.filter(workspace_id=journey.workspace_id)
    }
    months: set[datetime.date] = set()
    for row in totals:
        figures = channels.get(row["channel_id"])
        if figures is None:
            continue
        role, month = row["metric__roi_role"], row["month"]
        months.add(month)
        setattr(figures, role, (getattr(figures, role) or Decimal(0)) + row["total"])
        by_role = figures.months.setdefault(month, {})
        by_role[role] = by_role.get(role, Decimal(0)) + row["total"]
    for figures in channels.values():
        figures.months = dict(sorted(figures.months.items()))
    for channel_id, title in (
        Touchpoint.objects.filter(stage__journey=journey)
        .order_by("stage__position", "position")
        .values_list("channel_id", "title")
    ):
        if channel_id in channels:
            channels[channel_id].touchpoints.append(title)
    return ChannelReport(
        channels=list(channels.values()), metrics=metrics, months=sorted(months), first=first, last=last
    )


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
