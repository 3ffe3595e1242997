"""How a journey performs: a workspace's metric library and the readings recorded against a map.

A **metric** says what is measured and how to read it: its kind bounds its values (CSAT 1-5,
NPS -100 to 100...), its direction says whether more is better, its target and warning threshold
colour a value. A metric may count in the channel ROI report as its cost, revenue or conversions.

A **reading** is one value of a metric for one period (a day, a week or a month, stored as the
period's first day) on a map: for one touchpoint, one stage, one channel, or the whole map.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import date_bounds


class MetricKind(models.TextChoices):
    CSAT = "csat", _("CSAT (1–5)")
    NPS = "nps", _("NPS (−100 to 100)")
    CES = "ces", _("CES (1–7)")
    PERCENT = "percent", _("Percentage")
    COUNT = "count", _("Count")
    MONEY = "money", _("Money")
    DURATION = "duration", _("Duration")
    NUMBER = "number", _("Number")


BIG = Decimal("1000000000000")  # 10^12: no count, sum or amount of a map comes near it
KIND_BOUNDS: dict[str, tuple[Decimal, Decimal]] = {
    MetricKind.CSAT: (Decimal(1), Decimal(5)),
    MetricKind.NPS: (Decimal(-100), Decimal(100)),
    MetricKind.CES: (Decimal(1), Decimal(7)),
    MetricKind.PERCENT: (Decimal(0), Decimal(100)),
    MetricKind.COUNT: (Decimal(0), BIG),
    MetricKind.MONEY: (Decimal(0), BIG),
    MetricKind.DURATION: (Decimal(0), BIG),
    MetricKind.NUMBER: (-BIG, BIG),
}


CURRENCY = re.compile(r"[A-Z]{3}")


def _plain(number: Decimal) -> str:
    """A bound as people write it: 100, not 1E+2 or 100.0000."""
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number.normalize():f}"


class RoiRole(models.TextChoices):
    NONE = "", _("Not in the channel report")
    COST = "cost", _("Cost")
    REVENUE = "revenue", _("Revenue")
    CONVERSIONS = "conversions", _("Conversions")


class Status(models.TextChoices):
    """How a value stands against its metric's target."""

    GOOD = "good", _("On target")
    WARN = "warn", _("Near target")
    BAD = "bad", _("Off target")
    NONE = "none", _("No target")


class Metric(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=MetricKind.choices)
    # The currency of a money metric (ISO 4217), or what a count, duration or number counts.
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    warning = models.DecimalField(_("warning threshold"), max_digits=18, decimal_places=4, null=True, blank=True)
    roi_role = models.CharField(_("in the channel report"), max_length=12, choices=RoiRole.choices, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name", "id"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"],
                name="metric_unique_name_per_workspace",
                violation_error_message=_("This workspace already has a metric of this name."),
            ),
            models.UniqueConstraint(
                fields=["workspace", "roi_role"],
                condition=~models.Q(roi_role=""),
                name="metric_one_per_roi_role",
                violation_error_message=_("Another metric of this workspace already counts as this in the report."),
            ),
            models.CheckConstraint(condition=models.Q(kind__in=MetricKind.values), name="metric_kind_valid"),
            models.CheckConstraint(condition=models.Q(roi_role__in=RoiRole.values), name="metric_roi_role_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def bounds(self) -> tuple[Decimal, Decimal]:
        return KIND_BOUNDS.get(self.kind, KIND_BOUNDS[MetricKind.NUMBER])

    def bounds_error(self, value) -> str | None:
        """Why `value` cannot be a value of this metric, or None."""
        low, high = self.bounds
        if value is not None and not low <= value <= high:
            return _("A value of “%(name)s” is between %(low)s and %(high)s.") % {
                "name": self.name,
                "low": _plain(low),
                "high": _plain(high),
            }
        return None

    def clean(self):
        errors = {}
        if self.kind == MetricKind.MONEY:
            self.unit = (self.unit or "").strip().upper()
        for name in ("target", "warning"):
            message = self.bounds_error(getattr(self, name))
            if message:
                errors[name] = message
        if self.kind == MetricKind.MONEY and not CURRENCY.fullmatch(self.unit or ""):
            errors["unit"] = _("Give the currency as its three-letter code, such as EUR, KRW or PLN.")
        if self.roi_role in (RoiRole.COST, RoiRole.REVENUE) and self.kind != MetricKind.MONEY:
            errors["roi_role"] = _("Cost and revenue are amounts of money: choose the kind “Money”.")
        if self.roi_role == RoiRole.CONVERSIONS and self.kind != MetricKind.COUNT:
            errors["roi_role"] = _("Conversions are a count: choose the kind “Count”.")
        if not errors and self.target is not None and self.warning is not None:
            wrong_side = self.warning > self.target if self.higher_is_better else self.warning < self.target
            if wrong_side:
                errors["warning"] = (
                    _("When higher is better, the warning threshold is below the target.")
                    if self.higher_is_better
                    else _("When lower is better, the warning threshold is above the target.")
                )
        if self.warning is not None and self.target is None:
            errors["target"] = _("Set a target for the warning threshold to warn against.")
        if errors:
            raise ValidationError(errors)

    def status_of(self, value) -> str:
        """good / warn / bad against the target, or none when the metric has no target."""
        if value is None or self.target is None:
            return Status.NONE
        value = Decimal(value)
        better = (lambda a, b: a >= b) if self.higher_is_better else (lambda a, b: a <= b)
        if better(value, self.target):
            return Status.GOOD
        if self.warning is not None and better(value, self.warning):
            return Status.WARN
        return Status.BAD


class PeriodKind(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class ReadingSource(models.TextChoices):
    TYPED = "typed", _("Typed in")
    CSV = "csv", _("CSV import")
    API = "api", _("API")


class Reading(models.Model):
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="readings", verbose_name=_("metric"))
    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="readings")
    # At most one of these: none means the whole map.
    touchpoint = models.ForeignKey(
        "touchpoints.Touchpoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="readings",
        verbose_name=_("touchpoint"),
    )
    stage = models.ForeignKey(
        "journeys.Stage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="readings",
        verbose_name=_("stage"),
    )
    channel = models.ForeignKey(
        "channels.Channel",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="readings",
        verbose_name=_("channel"),
    )
    period_kind = models.CharField(_("period"), max_length=5, choices=PeriodKind.choices, default=PeriodKind.MONTH)
    period_start = models.DateField(_("period start"), validators=date_bounds())
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=5, choices=ReadingSource.choices, default=ReadingSource.TYPED)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(touchpoint__isnull=False, stage__isnull=False)
                & ~models.Q(touchpoint__isnull=False, channel__isnull=False)
                & ~models.Q(stage__isnull=False, channel__isnull=False),
                name="reading_at_most_one_target",
            ),
            models.CheckConstraint(condition=models.Q(period_kind__in=PeriodKind.values), name="reading_period_valid"),
            models.CheckConstraint(condition=models.Q(source__in=ReadingSource.values), name="reading_source_valid"),
        ]
        indexes = [
            # A card's, a stage's or a channel's latest readings; a metric's series on a map.
            models.Index(fields=["touchpoint", "metric", "-period_start"], name="reading_touchpoint_latest"),
            models.Index(fields=["stage", "metric", "-period_start"], name="reading_stage_latest"),
            models.Index(fields=["journey", "channel", "period_start"], name="reading_map_channel_period"),
            models.Index(fields=["metric", "journey", "period_start"], name="reading_metric_series"),
        ]

    def __str__(self):
        return f"{self.metric} {self.period_start}: {self.value}"

    def clean(self):
        if self.metric_id is not None and self.value is not None:
            message = self.metric.bounds_error(self.value)
            if message:
                raise ValidationError({"value": message})

    @property
    def target_kind(self) -> str:
        if self.touchpoint_id:
            return "touchpoint"
        if self.stage_id:
            return "stage"
        if self.channel_id:
            return "channel"
        return "map"

    @property
    def status(self) -> str:
        return self.metric.status_of(self.value)


class CardMetric(models.Model):
    """The metric a map's cards show (their latest reading of it), and colour by in the heat view."""

    journey = models.OneToOneField("journeys.Journey", on_delete=models.CASCADE, related_name="card_metric")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="card_for_maps")

    class Meta:
        verbose_name = _("card metric")
        verbose_name_plural = _("card metrics")

    def __str__(self):
        return f"{self.journey} · {self.metric}"
