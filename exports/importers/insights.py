"""The `metrics`, `readings`, `evidence`, `card_confidence` and `opportunities` sections of a JSON
export (exports/insights.py): checked with the rest of the file, written after its cards and
strategies. Metrics are matched by name in the target workspace and created when missing."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boards.services import card_badges_refresh
from evidence.models import CardConfidence, Confidence, Evidence
from evidence.services import MAX_EVIDENCE_PER_MAP
from metrics.models import CardMetric, Metric, PeriodKind, Reading, ReadingSource, RoiRole
from metrics.services import FIRST_PERIOD, LAST_PERIOD, period_start_of
from opportunities.models import Opportunity
from opportunities.services import MAX_OPPORTUNITIES_PER_MAP, opportunity_create

from ..insights import EVIDENCE_FIELDS, METRIC_FIELDS, OPPORTUNITY_FIELDS
from .common import Problems, check_model_fields, text_value

MAX_READINGS = 200_000


@dataclass
class InsightsPlan:
    metrics: list[dict] = field(default_factory=list)
    card_metric: str | None = None
    readings: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    confidences: list[dict] = field(default_factory=list)
    opportunities: list[dict] = field(default_factory=list)

    def usernames(self) -> set[str]:
        return {item["owner"] for item in self.opportunities if item["owner"]}


def _list(problems: Problems, data, key: str, limit: int) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        problems.add(key, "", _("Expected a list."))
        return []
    if len(value) > limit:
        problems.add(key, "", _("At most %(max)d items can be imported at once.") % {"max": limit})
        return []
    return value


def _decimal(problems: Problems, where: str, name: str, value, *, required: bool = False) -> Decimal | None:
    if value is None and not required:
        return None
    try:
        number = Decimal(str(value)) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        problems.add(where, name, _("Give a number."))
        return None
    return number


def _date(problems: Problems, where: str, name: str, value, *, required: bool = True) -> datetime.date | None:
    if value is None and not required:
        return None
    try:
        day = datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None or not FIRST_PERIOD <= day <= LAST_PERIOD:
        problems.add(where, name, _("Give a date such as 2026-03-31."))
        return None
    return day


def _card(problems: Problems, where: str, name: str, value, stages: list[dict]):
    if value is None:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(part, int) and not isinstance(part, bool) for part in value)
        and 0 <= value[0] < len(stages)
        and 0 <= value[1] < len(stages[value[0]]["touchpoints"])
    ):
        return tuple(value)
    problems.add(where, name, _("Name a card by its stage and its place: [stage, position]."))
    return None


def _stage(problems: Problems, where: str, name: str, value, count: int):
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < count:
        return value
    problems.add(where, name, _("Enter the position of an item in the file (0 to %(last)d).") % {"last": count - 1})
    return None


def validate(problems: Problems, data: dict, *, stages: list[dict], persona_refs: set[str]) -> InsightsPlan:
    plan = InsightsPlan()
    metrics_data = data.get("metrics") or {}
    if not isinstance(metrics_data, dict):
        problems.add("metrics", "", _("Expected an object."))
        metrics_data = {}
    by_name: dict[str, Metric] = {}
    for index, entry in enumerate(_list(problems, metrics_data, "library", 100)):
        where = f"metrics.library[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "", _("Expected an object."))
            continue
        values = {name: entry.get(name) for name in METRIC_FIELDS}
        values["name"] = text_value(problems, where, "name", values["name"], required=True)
        for name in ("unit", "description", "roi_role"):
            values[name] = text_value(problems, where, name, values[name] or "")
        for name in ("target", "warning"):
            values[name] = _decimal(problems, where, name, values[name])
        values["higher_is_better"] = values["higher_is_better"] is not False
        metric = Metric(**values)
        try:
            metric.clean_fields(exclude=["workspace"])
            metric.clean()
        except ValidationError as error:
            problems.add_validation_error(where, error)
            continue
        by_name[metric.name] = metric
        plan.metrics.append({name: getattr(metric, name) for name in METRIC_FIELDS})
    card_metric = metrics_data.get("card_metric")
    if card_metric is not None and card_metric not in by_name:
        problems.add("metrics", "card_metric", _("No metric of the file is called “%(name)s”.") % {"name": card_metric})
    plan.card_metric = card_metric if card_metric in by_name else None

    for index, entry in enumerate(_list(problems, data, "readings", MAX_READINGS)):
        where = f"readings[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "", _("Expected an object."))
            continue
        metric = by_name.get(entry.get("metric"))
        if metric is None:
            problems.add(
                where, "metric", _("No metric of the file is called “%(name)s”.") % {"name": entry.get("metric")}
            )
        period_kind = entry.get("period_kind", PeriodKind.MONTH)
        if period_kind not in PeriodKind.values:
            problems.add(where, "period_kind", _("Choose a day, a week or a month."))
        day = _date(problems, where, "period_start", entry.get("period_start"))
        value = _decimal(problems, where, "value", entry.get("value"), required=True)
        if metric is not None and value is not None and (message := metric.bounds_error(value)):
            problems.add(where, "value", message)
        targets = {
            "touchpoint": _card(problems, where, "touchpoint", entry.get("touchpoint"), stages),
            "stage": _stage(problems, where, "stage", entry.get("stage"), len(stages)),
            "channel": text_value(problems, where, "channel", entry.get("channel") or "") or None,
        }
        if sum(target is not None for target in targets.values()) > 1:
            problems.add(where, "", _("A reading is for one touchpoint, one stage, one channel or the whole map."))
        source = entry.get("source", ReadingSource.TYPED)
        plan.readings.append(
            {
                "metric": entry.get("metric"),
                "period_kind": period_kind,
                "period_start": period_start_of(day, period_kind) if day and period_kind in PeriodKind.values else day,
                "value": value,
                "note": text_value(problems, where, "note", entry.get("note") or "")[:500],
                "source": source if source in ReadingSource.values else ReadingSource.TYPED,
                **targets,
            }
        )

    for index, entry in enumerate(_list(problems, data, "evidence", MAX_EVIDENCE_PER_MAP)):
        where = f"evidence[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "", _("Expected an object."))
            continue
        values = {name: entry.get(name) for name in EVIDENCE_FIELDS}
        for name in ("kind", "text", "source", "rating_scale", "sentiment", "segment", "link", "pain_point"):
            values[name] = text_value(problems, where, name, values[name] or "", required=name == "text")
        values["highlighted"] = values["highlighted"] is True
        values["observed_on"] = _date(problems, where, "observed_on", entry.get("observed_on"))
        item = Evidence(**values)
        try:
            item.clean_fields(exclude=["journey", "persona", "created_by"])
            item.clean()
        except ValidationError as error:
            problems.add_validation_error(where, error)
        persona = entry.get("persona")
        if persona is not None and persona not in persona_refs:
            problems.add(where, "persona", _("This persona is not in the file."))
        plan.evidence.append(
            {
                **{name: getattr(item, name) for name in (*EVIDENCE_FIELDS, "observed_on")},
                "persona": persona if persona in persona_refs else None,
                "touchpoints": [
                    _card(problems, where, "touchpoints", value, stages)
                    for value in _list(problems, entry, "touchpoints", 500)
                ],
                "stages": [
                    _stage(problems, where, "stages", value, len(stages))
                    for value in _list(problems, entry, "stages", 100)
                ],
            }
        )

    for index, entry in enumerate(_list(problems, data, "card_confidence", 20_000)):
        where = f"card_confidence[{index}]"
        level = entry.get("level") if isinstance(entry, dict) else None
        if level not in Confidence.values:
            problems.add(where, "level", _("Choose an assumption, some evidence or validated."))
        place = _card(
            problems, where, "touchpoint", entry.get("touchpoint") if isinstance(entry, dict) else None, stages
        )
        plan.confidences.append({"touchpoint": place, "level": level})

    for index, entry in enumerate(_list(problems, data, "opportunities", MAX_OPPORTUNITIES_PER_MAP)):
        where = f"opportunities[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "", _("Expected an object."))
            continue
        values = {name: entry.get(name) for name in OPPORTUNITY_FIELDS}
        for name in ("title", "description", "pain_points", "status"):
            values[name] = text_value(problems, where, name, values[name] or "", required=name == "title")
        check_model_fields(problems, where, Opportunity, values)
        evidence_refs = _list(problems, entry, "evidence", 1000)
        for ref in evidence_refs:
            if isinstance(ref, bool) or not isinstance(ref, int) or not 0 <= ref < len(plan.evidence):
                problems.add(where, "evidence", _("Name an item of the file's evidence by its position in it."))
        target_date = _date(problems, where, "target_date", entry.get("target_date"), required=False)
        plan.opportunities.append(
            {
                **values,
                "target_date": target_date,
                "owner": entry.get("owner") if isinstance(entry.get("owner"), str) else None,
                "strategy": entry.get("strategy") if isinstance(entry.get("strategy"), str) else None,
                "touchpoints": [
                    _card(problems, where, "touchpoints", value, stages)
                    for value in _list(problems, entry, "touchpoints", 500)
                ],
                "stages": [
                    _stage(problems, where, "stages", value, len(stages))
                    for value in _list(problems, entry, "stages", 100)
                ],
                "evidence": [ref for ref in evidence_refs if isinstance(ref, int) and 0 <= ref < len(plan.evidence)],
            }
        )
    return plan


def write(
    plan: InsightsPlan, *, journey, stages: list, cards: list[list], personas: dict, members: dict, created_by
) -> None:
    """Write the sections into the new map (its stages and cards as `json_importer.write` made them)."""
    workspace = journey.workspace
    metrics = {metric.name: metric for metric in Metric.objects.filter(workspace=workspace)}
    taken_roles = {metric.roi_role for metric in metrics.values() if metric.roi_role}
    for values in plan.metrics:
        if values["name"] not in metrics:
            role = values["roi_role"] if values["roi_role"] not in taken_roles else RoiRole.NONE
            metrics[values["name"]] = Metric.objects.create(
                workspace=workspace, **{**values, "roi_role": role}, position=len(metrics)
            )
            taken_roles.add(role)
    channels = {channel.name: channel for channel in workspace.channels.all()}
    missing = {entry["channel"] for entry in plan.readings if entry["channel"] and entry["channel"] not in channels}
    for name in missing:
        channels[name] = workspace.channels.create(name=name, position=len(channels))
    Reading.objects.bulk_create(
        [
            Reading(
                journey=journey,
                metric=metrics[entry["metric"]],
                touchpoint=cards[entry["touchpoint"][0]][entry["touchpoint"][1]] if entry["touchpoint"] else None,
                stage=stages[entry["stage"]] if entry["stage"] is not None else None,
                channel=channels[entry["channel"]] if entry["channel"] else None,
                period_kind=entry["period_kind"],
                period_start=entry["period_start"],
                value=entry["value"],
                note=entry["note"],
                source=entry["source"],
                recorded_by=created_by,
            )
            for entry in plan.readings
        ],
        batch_size=1000,
    )
    if plan.card_metric:
        CardMetric.objects.update_or_create(journey=journey, defaults={"metric": metrics[plan.card_metric]})
    items = [
        Evidence(
            journey=journey,
            created_by=created_by,
            persona=personas.get(entry["persona"]) if entry["persona"] else None,
            **{name: entry[name] for name in (*EVIDENCE_FIELDS, "observed_on")},
        )
        for entry in plan.evidence
    ]
    Evidence.objects.bulk_create(items, batch_size=1000)
    Evidence.touchpoints.through.objects.bulk_create(
        [
            Evidence.touchpoints.through(evidence_id=item.pk, touchpoint_id=cards[place[0]][place[1]].pk)
            for item, entry in zip(items, plan.evidence, strict=True)
            for place in dict.fromkeys(entry["touchpoints"])
            if place
        ],
        batch_size=2000,
    )
    Evidence.stages.through.objects.bulk_create(
        [
            Evidence.stages.through(evidence_id=item.pk, stage_id=stages[index].pk)
            for item, entry in zip(items, plan.evidence, strict=True)
            for index in dict.fromkeys(entry["stages"])
            if index is not None
        ],
        batch_size=2000,
    )
    CardConfidence.objects.bulk_create(
        [
            CardConfidence(touchpoint=cards[entry["touchpoint"][0]][entry["touchpoint"][1]], level=entry["level"])
            for entry in plan.confidences
        ],
        ignore_conflicts=True,
    )
    strategies = {strategy.title: strategy for strategy in journey.strategies.all()}
    for entry in plan.opportunities:
        opportunity_create(
            journey=journey,
            created_by=created_by,
            touchpoints=[cards[place[0]][place[1]] for place in dict.fromkeys(entry["touchpoints"]) if place],
            stages=[stages[index] for index in dict.fromkeys(entry["stages"]) if index is not None],
            evidence=[items[index] for index in dict.fromkeys(entry["evidence"])],
            owner=members.get(entry["owner"]) if entry["owner"] else None,
            strategy=strategies.get(entry["strategy"]) if entry["strategy"] else None,
            target_date=entry["target_date"],
            **{name: entry[name] for name in OPPORTUNITY_FIELDS},
        )
    # Readings, evidence and confidences were written in bulk: the cards' kept badges are counted once.
    card_badges_refresh(journey=journey)
