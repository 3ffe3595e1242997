"""The sections of a map's JSON document (format version 3) that say how it performs and what to do:
`metrics` (the workspace metrics its readings use, and which one its cards show), `readings`,
`evidence` (with each card's confidence set by hand) and `opportunities`. Written by
exports.selectors.map_document, read back by exports.importers.insights.

Cards are named by their place (`[stage index, position]`), stages by their index, channels and
metrics by name, people by username, evidence by its index in `evidence`."""

from django.db.models import Prefetch

from evidence.models import CardConfidence, Evidence
from metrics.models import CardMetric, Metric, Reading
from opportunities.models import Opportunity

# The fields each section carries, written here and read back by exports.importers.insights.
METRIC_FIELDS = ("name", "kind", "unit", "higher_is_better", "target", "warning", "roi_role", "description")
EVIDENCE_FIELDS = (
    "kind",
    "text",
    "source",
    "rating",
    "rating_scale",
    "sentiment",
    "segment",
    "link",
    "pain_point",
    "highlighted",
)
OPPORTUNITY_FIELDS = ("title", "description", "pain_points", "impact", "effort", "confidence", "reach", "status")


def _number(value) -> str | None:
    """A decimal as text, so no float rounds it on the way."""
    return None if value is None else format(value.normalize(), "f")


def insight_sections(journey, stages, persona_refs: dict[int, str]) -> dict:
    """Five queries whatever the size of the map: readings with their metrics (and the card metric),
    evidence with its links, card confidences, opportunities with their links and people."""
    stage_index = {stage.pk: index for index, stage in enumerate(stages)}
    card_place = {
        card.pk: [index, position]
        for index, stage in enumerate(stages)
        for position, card in enumerate(stage.touchpoints.all())
    }
    readings = list(
        Reading.objects.filter(journey=journey)
        .select_related("metric", "channel")
        .order_by("metric__name", "period_start", "id")
    )
    card_metric = CardMetric.objects.filter(journey=journey).select_related("metric").first()
    metrics: dict[int, Metric] = {reading.metric_id: reading.metric for reading in readings}
    if card_metric is not None:
        metrics[card_metric.metric_id] = card_metric.metric
    evidence = list(
        Evidence.objects.filter(journey=journey)
        .prefetch_related(Prefetch("touchpoints"), Prefetch("stages"))
        .order_by("observed_on", "id")
    )
    evidence_index = {item.pk: index for index, item in enumerate(evidence)}
    confidences = CardConfidence.objects.filter(touchpoint__stage__journey=journey).values_list(
        "touchpoint_id", "level"
    )
    opportunities = (
        Opportunity.objects.filter(journey=journey)
        .select_related("owner", "strategy")
        .prefetch_related("touchpoints", "stages", "evidence")
        .order_by("id")
    )
    return {
        "metrics": {
            "card_metric": card_metric.metric.name if card_metric else None,
            "library": [
                {
                    name: _number(getattr(metric, name)) if name in ("target", "warning") else getattr(metric, name)
                    for name in METRIC_FIELDS
                }
                for metric in sorted(metrics.values(), key=lambda metric: (metric.position, metric.name))
            ],
        },
        "readings": [
            {
                "metric": reading.metric.name,
                "period_kind": reading.period_kind,
                "period_start": reading.period_start.isoformat(),
                "value": _number(reading.value),
                "touchpoint": card_place.get(reading.touchpoint_id),
                "stage": stage_index.get(reading.stage_id),
                "channel": reading.channel.name if reading.channel_id else None,
                "source": reading.source,
                "note": reading.note,
            }
            for reading in readings
        ],
        "evidence": [
            {
                **{name: getattr(item, name) for name in EVIDENCE_FIELDS},
                "observed_on": item.observed_on.isoformat(),
                "persona": persona_refs.get(item.persona_id) if item.persona_id else None,
                "touchpoints": [card_place[card.pk] for card in item.touchpoints.all() if card.pk in card_place],
                "stages": [stage_index[stage.pk] for stage in item.stages.all() if stage.pk in stage_index],
            }
            for item in evidence
        ],
        "card_confidence": [
            {"touchpoint": card_place[touchpoint_id], "level": level}
            for touchpoint_id, level in confidences
            if touchpoint_id in card_place
        ],
        "opportunities": [
            {
                **{name: getattr(item, name) for name in OPPORTUNITY_FIELDS},
                "owner": item.owner.get_username() if item.owner else None,
                "target_date": item.target_date.isoformat() if item.target_date else None,
                "strategy": item.strategy.title if item.strategy_id else None,
                "touchpoints": [card_place[card.pk] for card in item.touchpoints.all() if card.pk in card_place],
                "stages": [stage_index[stage.pk] for stage in item.stages.all() if stage.pk in stage_index],
                "evidence": [evidence_index[entry.pk] for entry in item.evidence.all() if entry.pk in evidence_index],
            }
            for item in opportunities
        ],
    }
