"""Reads for evidence: a map's items with filters, a card's and a stage's, what the board shows."""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from boards.selectors import attached_to_outer_stage
from core.aggregates import JoinedText, split_joined
from journeys.models import Stage
from personas.models import Persona
from touchpoints.models import Touchpoint

from .models import CardConfidence, Evidence, Sentiment, confidence_of

MAX_SEARCH = 100
LANE_QUOTES = 3


def touchpoint_evidence():
    """For a touchpoint queryset: "count|chosen confidence" (the board's badge renders once per value)."""
    count = (
        Evidence.touchpoints.through.objects.filter(touchpoint_id=OuterRef("pk"))
        .order_by()
        .values("touchpoint_id")
        .annotate(n=Count("pk"))
        .values("n")  # type: ignore[misc]  # django-stubs does not see annotations on an auto-created through model
    )
    chosen = CardConfidence.objects.filter(touchpoint_id=OuterRef("pk")).values("level")[:1]
    return Concat(
        Cast(Coalesce(Subquery(count, output_field=IntegerField()), 0), CharField()),
        Value("|"),
        Coalesce(Subquery(chosen, output_field=CharField()), Value("")),
        output_field=CharField(),
    )


def parse_card_evidence(value: str | None) -> tuple[int, str]:
    count, _sep, chosen = (value or "0|").partition("|")
    return int(count or 0), confidence_of(int(count or 0), chosen)


def stage_evidence_annotations() -> dict:
    """For a stage queryset, `evidence_lane`: how many items are attached to the stage or its cards, and
    the highlighted quotes among them ("sentiment:text", joined), as "count|quotes" (one subquery reads
    both; `stage_evidence` splits it)."""
    items = Evidence.objects.filter(attached_to_outer_stage(Evidence)).order_by().values("journey")
    quotes = JoinedText(Concat("sentiment", Value(":"), "text", output_field=CharField()), filter=Q(highlighted=True))
    lane = Concat(Cast(Count("pk"), CharField()), Value("|"), Coalesce(quotes, Value("")), output_field=CharField())
    return {"evidence_lane": Subquery(items.annotate(lane=lane).values("lane"), output_field=CharField())}


def stage_evidence(value: str | None) -> tuple[int, str]:
    """A stage's `evidence_lane`: how many items it has, and its highlighted quotes (joined)."""
    count, _sep, quotes = (value or "0|").partition("|")
    return int(count or 0), quotes


SENTIMENT_ORDER: dict[str, int] = {Sentiment.NEGATIVE.value: 0, Sentiment.POSITIVE.value: 1, Sentiment.NEUTRAL.value: 2}


def stage_quotes(joined: str | None) -> list[tuple[str, str]]:
    """The stage's highlighted quotes, once each, pains first: [(sentiment, text)]."""
    quotes = []
    for item in dict.fromkeys(split_joined(joined)):
        sentiment, _sep, text = item.partition(":")
        quotes.append((sentiment, text))
    quotes.sort(key=lambda quote: (SENTIMENT_ORDER.get(quote[0], 3), quote[1].lower()))
    return quotes[:LANE_QUOTES]


@dataclass
class EvidenceFilters:
    kind: str = ""
    sentiment: str = ""
    stage: Stage | None = None
    touchpoint: Touchpoint | None = None
    persona: Persona | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    search: str = ""


def evidence_for_map(journey, filters: EvidenceFilters) -> QuerySet[Evidence]:
    items = Evidence.objects.filter(journey=journey)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.sentiment:
        items = items.filter(sentiment=filters.sentiment)
    if filters.stage is not None:
        items = items.filter(Q(stages=filters.stage) | Q(touchpoints__stage=filters.stage))
    if filters.touchpoint is not None:
        items = items.filter(touchpoints=filters.touchpoint)
    if filters.persona is not None:
        items = items.filter(persona=filters.persona)
    if filters.since:
        items = items.filter(observed_on__gte=filters.since)
    if filters.until:
        items = items.filter(observed_on__lte=filters.until)
    if filters.search:
        words = filters.search[:MAX_SEARCH].split()[:8]
        for word in words:
            items = items.filter(Q(text__icontains=word) | Q(source__icontains=word) | Q(segment__icontains=word))
    if filters.stage is not None:
        items = items.distinct()
    return items.select_related("persona").prefetch_related("touchpoints", "stages")


def evidence_of_touchpoint(touchpoint) -> QuerySet[Evidence]:
    return touchpoint.evidence.select_related("persona").order_by("-observed_on", "-id")


def evidence_of_stage(stage) -> QuerySet[Evidence]:
    return (
        Evidence.objects.filter(Q(stages=stage) | Q(touchpoints__stage=stage))
        .distinct()
        .select_related("persona")
        .order_by("-highlighted", "-observed_on", "-id")
    )
