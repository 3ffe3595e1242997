"""Import metric readings from a CSV file (a monthly analytics export, a survey tool's scores...).

The file's own columns are kept: a mapping says which column holds the date, the value, the metric
(or one metric for the whole file), and the touchpoint, stage or channel a row is for (by name; a
row with none of them is for the whole map). The whole file is checked before anything is written,
each problem named by its row and column; a row whose touchpoint, stage, channel or metric matches
nothing is such a problem, never dropped silently.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from boards.services import card_badges_refresh
from channels.models import Channel
from journeys.models import Journey
from live.events import publish_board_event
from metrics.models import Metric, PeriodKind, Reading, ReadingSource
from metrics.services import FIRST_PERIOD, LAST_PERIOD, period_start_of
from touchpoints.models import Touchpoint

from .common import ImportInvalid, Problems
from .csv_mapping import (
    MAX_CELL,
    MAX_ROWS,
    PreviewRow,
    by_name,
    cells_of,
    decode,
    guess_columns,
    header_of,
    parse_date,
    parse_number,
    preview_rows,
    reader_of,
    sample,
)

# What each mapped column holds; `value` and `date` are required.
ROLES = ("date", "value", "metric", "touchpoint", "stage", "channel", "note")
# Header names that suggest a role, in the languages of our users.
GUESSES = {
    "date": (
        "date",
        "day",
        "month",
        "week",
        "period",
        "날짜",
        "기간",
        "월",
        "data",
        "okres",
        "miesiąc",
        "дата",
        "период",
        "месяц",
    ),
    "value": ("value", "score", "rate", "값", "점수", "wartość", "wynik", "значение", "оценка"),
    "metric": ("metric", "kpi", "지표", "wskaźnik", "метрика", "показатель"),
    "touchpoint": ("touchpoint", "접점", "punkt styku", "точка контакта"),
    "stage": ("stage", "단계", "etap", "этап"),
    "channel": ("channel", "source", "채널", "kanał", "канал"),
    "note": ("note", "comment", "메모", "notatka", "примечание", "комментарий"),
}


@dataclass
class Mapping:
    """Which column (its index in the header) holds what; `metric_id` when one metric is the whole file's."""

    columns: dict[str, int] = field(default_factory=dict)
    metric_id: int | None = None
    period_kind: str = PeriodKind.MONTH

    def as_json(self) -> dict:
        return {"columns": self.columns, "metric_id": self.metric_id, "period_kind": self.period_kind}

    @classmethod
    def from_json(cls, data: dict) -> "Mapping":
        return cls(
            columns={role: int(index) for role, index in (data.get("columns") or {}).items() if role in ROLES},
            metric_id=data.get("metric_id"),
            period_kind=data.get("period_kind") or PeriodKind.MONTH,
        )


def guess_mapping(header: list[str]) -> Mapping:
    return Mapping(columns=guess_columns(header, GUESSES))


@dataclass
class ReadingsPlan:
    rows: list[dict]


def validate(
    raw: bytes, *, journey: Journey, mapping: Mapping, progress: Callable[[int], None] | None = None
) -> ReadingsPlan:
    """Every row checked; ImportInvalid lists every problem by row and column, and nothing is written."""
    problems = Problems()
    reader = reader_of(decode(raw))
    header = header_of(reader)
    columns = {role: index for role, index in mapping.columns.items() if 0 <= index < len(header)}
    missing = {
        "date": _("Choose the column that holds the date."),
        "value": _("Choose the column that holds the value."),
    }
    for role, message in missing.items():
        if role not in columns:
            problems.add(1, role, message)
    metrics = {metric.name.casefold(): metric for metric in Metric.objects.filter(workspace_id=journey.workspace_id)}
    fixed_metric = None
    if "metric" not in columns:
        fixed_metric = next((m for m in metrics.values() if m.pk == mapping.metric_id), None)
        if fixed_metric is None:
            problems.add(1, "metric", _("Choose the metric, or the column that names it."))
    if mapping.period_kind not in PeriodKind.values:
        problems.add(1, "period_kind", _("Choose a day, a week or a month."))
    if problems:
        raise ImportInvalid(problems)

    names = {role: header[index] for role, index in columns.items()}
    touchpoints = by_name(Touchpoint.objects.filter(stage__journey=journey), "title")
    stages = by_name(journey.stages.all(), "name")
    channels = by_name(Channel.objects.filter(workspace_id=journey.workspace_id), "name")
    rows = []
    try:
        for line, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                problems.add(line, "", _("At most %(max)d rows can be imported at once.") % {"max": MAX_ROWS})
                break
            cells = cells_of(values, columns)
            if any(len(value) > MAX_CELL for value in cells.values()):
                problems.add(line, "", _("A value is longer than %(max)d characters.") % {"max": MAX_CELL})
                continue
            row = _row(problems, line, cells, names, metrics, fixed_metric, touchpoints, stages, channels, mapping)
            if row is not None:
                rows.append(row)
            if progress and line % 2000 == 0:
                progress(min(40, 5 + line // 1000))
    except csv.Error as error:
        problems.add(reader.line_num, "", str(error))
    if not rows and not problems:
        problems.add(2, "", _("The file has no readings."))
    if problems:
        raise ImportInvalid(problems)
    return ReadingsPlan(rows=rows)


def _row(problems, line, cells, names, metrics, fixed_metric, touchpoints, stages, channels, mapping) -> dict | None:
    before = len(problems)
    metric = fixed_metric
    if metric is None:
        name = cells.get("metric", "")
        metric = metrics.get(name.casefold())
        if metric is None:
            problems.add(
                line,
                names["metric"],
                _("No metric of this workspace is called “%(name)s”.") % {"name": name}
                if name
                else _("This field is required."),
            )
    day = parse_date(cells.get("date", ""))
    if day is None:
        problems.add(line, names["date"], _("Give a date such as 2026-03-31, 31.03.2026 or 2026-03."))
    elif not FIRST_PERIOD <= day <= LAST_PERIOD:
        problems.add(
            line,
            names["date"],
            _("Give a date between %(first)s and %(last)s.") % {"first": FIRST_PERIOD, "last": LAST_PERIOD},
        )
    value = parse_number(cells.get("value", ""))
    if value is None:
        problems.add(line, names["value"], _("Give a number."))
    elif metric is not None and (message := metric.bounds_error(value)):
        problems.add(line, names["value"], message)
    elif value != value.quantize(Decimal("0.0001")) or abs(value) >= Decimal(10) ** 14:
        problems.add(line, names["value"], _("Give at most four decimal places."))
    target: dict = {}
    for role, known, message in (
        ("touchpoint", touchpoints, _("This map has no touchpoint called “%(name)s” (or several).")),
        ("stage", stages, _("This map has no stage called “%(name)s” (or several).")),
        ("channel", channels, _("This workspace has no channel called “%(name)s”.")),
    ):
        name = cells.get(role, "")
        if not name:
            continue
        obj = known.get(name.casefold())
        if obj is None:
            problems.add(line, names[role], message % {"name": name})
        elif target:
            problems.add(
                line, names[role], _("A reading is for one touchpoint, one stage, one channel or the whole map.")
            )
        else:
            target[role] = obj
    note = cells.get("note", "")
    if len(note) > 500:
        problems.add(line, names["note"], _("A note is at most 500 characters long."))
    if len(problems) > before:
        return None
    return {
        "metric": metric,
        "value": value,
        "period_start": period_start_of(day, mapping.period_kind),
        "note": note,
        **target,
    }


def _key(metric_id, touchpoint_id, stage_id, channel_id, period_start) -> tuple:
    return (metric_id, touchpoint_id, stage_id, channel_id, period_start)


@transaction.atomic
def write(
    plan: ReadingsPlan, *, journey: Journey, mapping: Mapping, created_by, progress: Callable[[int], None] | None = None
) -> int:
    """Write the readings: a period recorded before is replaced (as when it is typed in again), in a
    few bulk statements whatever the size of the file. Open boards read the map again once."""
    Journey.objects.select_for_update().get(pk=journey.pk)
    wanted: dict[tuple, dict] = {}
    for row in plan.rows:
        key = _key(
            row["metric"].pk,
            getattr(row.get("touchpoint"), "pk", None),
            getattr(row.get("stage"), "pk", None),
            getattr(row.get("channel"), "pk", None),
            row["period_start"],
        )
        wanted[key] = row  # a period given twice in the file: its last row counts
    periods = {key[4] for key in wanted}
    existing = {
        _key(r.metric_id, r.touchpoint_id, r.stage_id, r.channel_id, r.period_start): r
        for r in Reading.objects.filter(
            journey=journey,
            period_kind=mapping.period_kind,
            period_start__in=periods,
            metric_id__in={k[0] for k in wanted},
        )
    }
    if progress:
        progress(60)
    changed, new = [], []
    for key, row in wanted.items():
        reading = existing.get(key)
        if reading is None:
            reading = Reading(
                journey=journey,
                metric=row["metric"],
                touchpoint=row.get("touchpoint"),
                stage=row.get("stage"),
                channel=row.get("channel"),
                period_kind=mapping.period_kind,
                period_start=row["period_start"],
            )
            new.append(reading)
        else:
            reading.version += 1
            changed.append(reading)
        reading.value = row["value"]
        reading.note = row["note"]
        reading.source = ReadingSource.CSV
        reading.recorded_by = created_by
    Reading.objects.bulk_create(new, batch_size=1000)
    Reading.objects.bulk_update(changed, ["value", "note", "source", "recorded_by", "version"], batch_size=1000)
    if progress:
        progress(90)
    card_badges_refresh(journey=journey)  # the cards' metric chips (written in bulk, counted once)
    publish_board_event(journey.pk, kind="readings.imported", whole_board=True)
    return len(wanted)


def preview(raw: bytes, *, journey: Journey, mapping: Mapping) -> list[PreviewRow]:
    """The first rows as they would be imported with this mapping, each with its problems."""
    table = sample(raw)
    header = table.header
    columns = {role: index for role, index in mapping.columns.items() if 0 <= index < len(header)}
    if "date" not in columns or "value" not in columns:
        return []
    metrics = {metric.name.casefold(): metric for metric in Metric.objects.filter(workspace_id=journey.workspace_id)}
    fixed_metric = (
        None if "metric" in columns else next((m for m in metrics.values() if m.pk == mapping.metric_id), None)
    )
    if "metric" not in columns and fixed_metric is None:
        return []
    names = {role: header[index] for role, index in columns.items()}
    touchpoints = by_name(Touchpoint.objects.filter(stage__journey=journey), "title")
    stages = by_name(journey.stages.all(), "name")
    channels = by_name(Channel.objects.filter(workspace_id=journey.workspace_id), "name")

    def read_row(problems, line, values):
        cells = cells_of(values, columns)
        return _row(problems, line, cells, names, metrics, fixed_metric, touchpoints, stages, channels, mapping)

    return preview_rows(table, read_row)
