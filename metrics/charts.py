"""Geometry for the server-drawn SVG charts (a sparkline, a line over periods, horizontal bars).

Each function returns plain numbers for a template to draw; every chart has a table or a text
beside it that says the same for screen readers."""

from dataclasses import dataclass
from decimal import Decimal


def _scale(values: list[Decimal], low: float, high: float):
    lo, hi = float(min(values)), float(max(values))
    if hi == lo:
        return lambda v: (low + high) / 2
    return lambda v: high - (float(v) - lo) / (hi - lo) * (high - low)


def sparkline_points(values: list[Decimal], *, width: int = 64, height: int = 16) -> str:
    """An SVG polyline's `points` for the values, oldest first ("" for fewer than two)."""
    if len(values) < 2:
        return ""
    y = _scale(values, 1.0, height - 1.0)
    step = width / (len(values) - 1)
    return " ".join(f"{index * step:.1f},{y(value):.1f}" for index, value in enumerate(values))


@dataclass
class ChartPoint:
    x: float
    y: float
    label: str
    value: Decimal
    status: str


@dataclass
class LineChart:
    width: int
    height: int
    points: list[ChartPoint]
    polyline: str
    lines: list[tuple[str, float, str]]  # (kind, y, label): target and warning
    ticks: list[tuple[float, str]]  # (y, label) on the value axis
    left: int
    bottom: int


def line_chart(
    points: list[tuple[str, Decimal, str]],
    *,
    extra: list[tuple[str, Decimal, str]] = (),
    width: int = 640,
    height: int = 220,
) -> LineChart | None:
    """A line through `points` (label, value, status), oldest first, with horizontal lines for the
    `extra` values (kind, value, label) such as the target."""
    if not points:
        return None
    left, right, top, bottom = 56, 12, 12, height - 28
    values = [value for _label, value, _status in points] + [value for _kind, value, _label in extra]
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    y = _scale([lo, hi], top, bottom)
    right_edge = width - right
    step = (right_edge - left) / max(len(points) - 1, 1)

    def x(index: int) -> float:
        return round(left + index * step if len(points) > 1 else (left + right_edge) / 2, 1)

    chart_points = [
        ChartPoint(x=x(index), y=round(y(value), 1), label=label, value=value, status=status)
        for index, (label, value, status) in enumerate(points)
    ]
    ticks = [(round(y(value), 1), _short(value)) for value in (lo, (lo + hi) / 2, hi)]
    return LineChart(
        width=width,
        height=height,
        points=chart_points,
        polyline=" ".join(f"{p.x},{p.y}" for p in chart_points),
        lines=[(kind, round(y(value), 1), label) for kind, value, label in extra],
        ticks=ticks,
        left=left,
        bottom=bottom,
    )


def _short(value: Decimal) -> str:
    value = Decimal(value)
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if abs(value) >= 10_000:
        return f"{value / 1_000:.0f}k"
    return f"{value.quantize(Decimal('0.1')) if value != value.to_integral_value() else value.to_integral_value()}"


def bar_widths(values: list[Decimal | None], *, width: int = 240) -> list[tuple[float, float]]:
    """For each value, where its bar starts and how wide it is, on one scale with zero in it
    (negative values to the left of zero)."""
    known = [float(v) for v in values if v is not None]
    lo, hi = min([0.0, *known]), max([0.0, *known])
    if hi == lo:
        return [(0.0, 0.0) for _ in values]
    scale = width / (hi - lo)
    zero = -lo * scale
    out = []
    for value in values:
        if value is None:
            out.append((zero, 0.0))
            continue
        length = float(value) * scale
        out.append((round(zero + min(length, 0), 1), round(abs(length), 1)))
    return out
