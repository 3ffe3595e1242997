"""Values as people read them, in the reader's language: 4.2, 31.5 %, 12,000 KRW, -12."""

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format

from .models import MetricKind


def format_value(value, kind: str, unit: str = "") -> str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    places = (
        0
        if number == number.to_integral_value()
        else (1 if kind in (MetricKind.PERCENT, MetricKind.CSAT, MetricKind.CES) else 2)
    )
    if kind in (MetricKind.COUNT, MetricKind.MONEY) and abs(number) >= 100:
        places = 0
    text = number_format(round(number, places), decimal_pos=places, use_l10n=True, force_grouping=abs(number) >= 1000)
    text = text.replace("-", "−")
    if kind == MetricKind.PERCENT:
        return f"{text} %"
    if unit and kind in (MetricKind.MONEY, MetricKind.COUNT, MetricKind.DURATION, MetricKind.NUMBER):
        return f"{text} {unit}"
    return text
