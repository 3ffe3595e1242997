"""Writes for metrics, readings and the metric a map's cards show."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from boards.services import card_badges_refresh
from core.changes import readable_values
from core.versioning import reject_unknown_fields, versioned_update
from journeys.signals import Change, announce_change
from live.events import publish_board_event

from .models import CardMetric, Metric, MetricKind, PeriodKind, Reading, ReadingSource, RoiRole

MAX_METRICS_PER_WORKSPACE = 60
# The first and last period a reading may be for.
FIRST_PERIOD = datetime.date(1990, 1, 1)
LAST_PERIOD = datetime.date(2100, 12, 31)
# The board event a reading on a card or a stage publishes (live.events).
READING_CHANGED = "reading.changed"
CARD_METRIC_CHANGED = "card_metric.changed"

# name, kind, unit, higher is better, target, warning, role in the channel report
DEFAULT_METRICS = (
    (gettext_lazy("CSAT"), MetricKind.CSAT, "", True, Decimal("4"), Decimal("3.5"), RoiRole.NONE),
    (gettext_lazy("NPS"), MetricKind.NPS, "", True, Decimal("30"), Decimal("0"), RoiRole.NONE),
    (gettext_lazy("CES"), MetricKind.CES, "", True, Decimal("5.5"), Decimal("4.5"), RoiRole.NONE),
    (gettext_lazy("Conversion rate"), MetricKind.PERCENT, "%", True, Decimal("3"), Decimal("2"), RoiRole.NONE),
    (gettext_lazy("Drop-off rate"), MetricKind.PERCENT, "%", False, Decimal("30"), Decimal("50"), RoiRole.NONE),
    (gettext_lazy("Open rate"), MetricKind.PERCENT, "%", True, Decimal("25"), Decimal("20"), RoiRole.NONE),
    (gettext_lazy("Cost"), MetricKind.MONEY, "USD", False, None, None, RoiRole.COST),
    (gettext_lazy("Revenue"), MetricKind.MONEY, "USD", True, None, None, RoiRole.REVENUE),
    (gettext_lazy("Conversions"), MetricKind.COUNT, "", True, None, None, RoiRole.CONVERSIONS),
)

METRIC_FIELDS = ("name", "kind", "unit", "higher_is_better", "target", "warning", "roi_role", "description")
READING_FIELDS = ("value", "note", "period_kind", "period_start")


def metrics_create_defaults(*, workspace) -> list[Metric]:
    return Metric.objects.bulk_create(
        [
            Metric(
                workspace=workspace,
                name=str(name),
                kind=kind,
                unit=unit,
                higher_is_better=higher,
                target=target,
                warning=warning,
                roi_role=role,
                position=index,
            )
            for index, (name, kind, unit, higher, target, warning, role) in enumerate(DEFAULT_METRICS)
        ],
        ignore_conflicts=True,
    )


def _clean_text(fields: dict) -> dict:
    for name in ("name", "unit", "description"):
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip()
    return fields


@transaction.atomic
def metric_create(*, workspace, **fields) -> Metric:
    reject_unknown_fields(fields, METRIC_FIELDS, where="metric_create")
    if Metric.objects.filter(workspace=workspace).count() >= MAX_METRICS_PER_WORKSPACE:
        raise ValidationError(
            _("A workspace keeps at most %(max)d metrics: delete one you no longer use first.")
            % {"max": MAX_METRICS_PER_WORKSPACE}
        )
    position = Metric.objects.filter(workspace=workspace).count()
    metric = Metric(workspace=workspace, position=position, **_clean_text(fields))
    metric.full_clean()
    metric.save()
    return metric


@transaction.atomic
def metric_update(*, metric: Metric, expected_version: int | None = None, **fields) -> Metric:
    """Change a metric. Its kind changes only while every reading it has fits the new kind's range."""
    reject_unknown_fields(fields, METRIC_FIELDS, where="metric_update")
    fields = _clean_text({"kind": fields.get("kind", metric.kind), **fields})

    def readings_fit(current: Metric) -> None:
        if fields["kind"] == current.kind:
            return
        low, high = Metric(kind=fields["kind"]).bounds
        outside = current.readings.exclude(value__gte=low, value__lte=high).count()
        if outside:
            raise ValidationError(
                {
                    "kind": ngettext(
                        "%(count)d reading of this metric is outside the new kind's range (%(low)s to %(high)s).",
                        "%(count)d readings of this metric are outside the new kind's range (%(low)s to %(high)s).",
                        outside,
                    )
                    % {"count": outside, "low": low, "high": high}
                }
            )

    updated = versioned_update(
        Metric.objects, metric.pk, expected_version=expected_version, fields=fields, on_locked=readings_fit
    )
    if {"target", "warning", "higher_is_better", "name", "kind", "unit"} & set(fields):
        # The maps whose cards show it redraw (colours and values may change).
        for journey_id in CardMetric.objects.filter(metric=updated).values_list("journey_id", flat=True):
            card_badges_refresh(journey=journey_id)
            publish_board_event(journey_id, kind=CARD_METRIC_CHANGED, whole_board=True)
    return updated


@transaction.atomic
def metric_delete(*, metric: Metric) -> None:
    journey_ids = list(CardMetric.objects.filter(metric=metric).values_list("journey_id", flat=True))
    for journey_id in journey_ids:
        publish_board_event(journey_id, kind=CARD_METRIC_CHANGED, whole_board=True)
    metric.delete()
    for journey_id in journey_ids:  # their cards show no metric now
        card_badges_refresh(journey=journey_id)


def period_start_of(day: datetime.date, period_kind: str) -> datetime.date:
    """The first day of the period (day, week from Monday, month) that holds `day`."""
    if period_kind == PeriodKind.WEEK:
        return day - datetime.timedelta(days=day.weekday())
    if period_kind == PeriodKind.MONTH:
        return day.replace(day=1)
    return day


def _check_period(period_kind: str, period_start) -> datetime.date:
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Choose a day, a week or a month.")})
    if not isinstance(period_start, datetime.date) or not FIRST_PERIOD <= period_start <= LAST_PERIOD:
        raise ValidationError(
            {
                "period_start": _("Give a date between %(first)s and %(last)s.")
                % {"first": FIRST_PERIOD, "last": LAST_PERIOD}
            }
        )
    return period_start_of(period_start, period_kind)


def _check_target(metric: Metric, journey, touchpoint, stage, channel) -> None:
    if metric.workspace_id != journey.workspace_id:
        raise ValidationError({"metric": _("This metric belongs to another workspace.")})
    if sum(target is not None for target in (touchpoint, stage, channel)) > 1:
        raise ValidationError(_("A reading is for one touchpoint, one stage, one channel or the whole map."))
    if touchpoint is not None and touchpoint.stage.journey_id != journey.pk:
        raise ValidationError({"touchpoint": _("This touchpoint is on another map.")})
    if stage is not None and stage.journey_id != journey.pk:
        raise ValidationError({"stage": _("This stage is on another map.")})
    if channel is not None and channel.workspace_id != journey.workspace_id:
        raise ValidationError({"channel": _("This channel belongs to another workspace.")})


def _reading_changed(reading: Reading) -> None:
    """Boards show readings of cards and stages (chips, the Metrics lane): their column is read again.
    (A card's chip is kept: `_card_chip_changed` once the change is written.)"""
    stage_id = reading.touchpoint.stage_id if reading.touchpoint is not None else reading.stage_id
    if stage_id is not None:
        publish_board_event(
            reading.journey_id, kind=READING_CHANGED, stage_ids=[stage_id], touchpoint_id=reading.touchpoint_id
        )


@transaction.atomic
def reading_record(
    *,
    metric: Metric,
    journey,
    value,
    period_start: datetime.date,
    period_kind: str = PeriodKind.MONTH,
    touchpoint=None,
    stage=None,
    channel=None,
    note: str = "",
    source: str = ReadingSource.TYPED,
    recorded_by=None,
) -> Reading:
    """Record a metric's value for a period. A value for the same metric, target and period
    replaces the one recorded before (a corrected figure, a re-imported month)."""
    _check_target(metric, journey, touchpoint, stage, channel)
    period_start = _check_period(period_kind, period_start)
    reading = (
        Reading.objects.select_for_update()
        .filter(
            metric=metric,
            journey=journey,
            touchpoint=touchpoint,
            stage=stage,
            channel=channel,
            period_kind=period_kind,
            period_start=period_start,
        )
        .first()
    )
    before = None if reading is None else readable_values(reading, ("value", "note"))
    if reading is None:
        reading = Reading(
            metric=metric,
            journey=journey,
            touchpoint=touchpoint,
            stage=stage,
            channel=channel,
            period_kind=period_kind,
            period_start=period_start,
        )
    else:
        reading.version += 1
    reading.metric = metric
    reading.value = value
    reading.note = (note or "").strip()
    reading.source = source
    reading.recorded_by = recorded_by
    reading.full_clean(exclude=["journey", "touchpoint", "stage", "channel", "recorded_by"])
    reading.save()
    announce_change(
        journey_id=journey.pk,
        actor=recorded_by,
        action=Change.CREATED if before is None else Change.EDITED,
        target=reading,
        before=before,
    )
    _reading_changed(reading)
    _card_chip_changed(reading)
    return reading


@transaction.atomic
def reading_update(*, reading: Reading, expected_version: int | None = None, recorded_by=None, **fields) -> Reading:
    reject_unknown_fields(fields, READING_FIELDS, where="reading_update")
    if "period_kind" in fields or "period_start" in fields:
        fields["period_start"] = _check_period(
            fields.get("period_kind", reading.period_kind), fields.get("period_start", reading.period_start)
        )
    if isinstance(fields.get("note"), str):
        fields["note"] = fields["note"].strip()
    before: dict = {}
    changing = [name for name in fields if name in READING_FIELDS]
    fields["recorded_by"] = recorded_by
    updated = versioned_update(
        Reading.objects.select_related("metric"),
        reading.pk,
        expected_version=expected_version,
        fields=fields,
        on_locked=lambda current: before.update(readable_values(current, changing)),
    )
    announce_change(
        journey_id=updated.journey_id, actor=recorded_by, action=Change.EDITED, target=updated, before=before
    )
    _reading_changed(updated)
    _card_chip_changed(updated)
    return updated


@transaction.atomic
def reading_delete(*, reading: Reading, actor=None) -> None:
    announce_change(journey_id=reading.journey_id, actor=actor, action=Change.DELETED, target=reading)
    _reading_changed(reading)
    reading.delete()
    _card_chip_changed(reading)


def _card_chip_changed(reading: Reading) -> None:
    """A card's reading changed: its chip (a kept badge, boards.services) shows its latest reading."""
    if reading.touchpoint_id is not None:
        card_badges_refresh(journey=reading.journey_id, touchpoint_ids=[reading.touchpoint_id])


@transaction.atomic
def card_metric_set(*, journey, metric: Metric | None) -> None:
    """Choose the metric the map's cards show (None: none)."""
    if metric is None:
        CardMetric.objects.filter(journey=journey).delete()
    else:
        if metric.workspace_id != journey.workspace_id:
            raise ValidationError({"metric": _("This metric belongs to another workspace.")})
        CardMetric.objects.update_or_create(journey=journey, defaults={"metric": metric})
    card_badges_refresh(journey=journey)
    publish_board_event(journey.pk, kind=CARD_METRIC_CHANGED, whole_board=True)
