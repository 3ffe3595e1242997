"""Metric values, periods and statuses as the pages and the board show them."""

import datetime

from django import template
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from ..charts import sparkline_points
from ..formatting import format_value
from ..models import MetricKind, PeriodKind, Status
from ..selectors import parse_card_metric

register = template.Library()

STATUS_MARKS = {Status.GOOD: "✓", Status.WARN: "!", Status.BAD: "✗", Status.NONE: "·"}


@register.filter
def metric_value(value, metric) -> str:
    """`{{ reading.value|metric_value:reading.metric }}`: 4.2, 31.5 %, 12,000 KRW."""
    return format_value(value, metric.kind, metric.unit)


@register.filter
def percent(value) -> str:
    """A share already in percent (150.0 for 150 %), in the reader's language; "—" for none."""
    return "—" if value is None else format_value(value, MetricKind.PERCENT)


@register.filter
def period_label(day: datetime.date, period_kind: str) -> str:
    """The period a reading is for, in the reader's language: "March 2026", "week of 2 Mar 2026"."""
    if not isinstance(day, datetime.date):
        return ""
    if period_kind == PeriodKind.MONTH:
        return format_date(day, get_format("YEAR_MONTH_FORMAT"))
    if period_kind == PeriodKind.WEEK:
        return _("week of %(date)s") % {"date": format_date(day, get_format("SHORT_DATE_FORMAT"))}
    return format_date(day, get_format("SHORT_DATE_FORMAT"))


@register.filter
def status_mark(status: str) -> str:
    """A mark that says the status without colour."""
    return STATUS_MARKS.get(status, "")


@register.filter
def status_label(status: str) -> str:
    try:
        return str(Status(status).label)
    except ValueError:
        return ""


@register.filter
def sparkline(trend) -> str:
    return sparkline_points(trend.values)


@register.filter
def card_chip(value) -> dict | None:
    """The card badge's value ("status|value|kind|unit|name") as what the chip shows."""
    chip = parse_card_metric(value)
    if chip is None:
        return None
    chip["text"] = format_value(chip["value"], chip["kind"], chip["unit"])
    chip["mark"] = STATUS_MARKS.get(chip["status"], "")
    chip["status_label"] = status_label(chip["status"])
    return chip
