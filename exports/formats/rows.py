"""One row per touchpoint, shared by the CSV and XLSX formats (and read back by the CSV importer)."""

from evidence.models import confidence_of
from opportunities.models import OPEN_STATUSES
from touchpoints.models import Emotion

# Column keys, in order. The CSV header uses them as they are.
COLUMNS = (
    "stage",
    "position",
    "title",
    "channel",
    "personas",
    "emotion",
    "does",
    "thinks",
    "feels",
    "pain_points",
    "opportunities",
    "owner",
)
# What the CSV adds after COLUMNS about how each card performs, from the document's insight sections:
# written by the export, skipped by the importer (readings, evidence and opportunities come back with
# the JSON format, which carries them whole).
SUMMARY_COLUMNS = (
    "card_metric",
    "card_metric_value",
    "card_metric_period",
    "evidence_count",
    "confidence",
    "open_opportunities",
)
# Several personas share one cell, separated by this.
LIST_SEPARATOR = "; "


def touchpoint_rows(document: dict):
    """Yield one tuple per touchpoint, in board order, values matching COLUMNS."""
    persona_names = {persona["ref"]: persona["name"] for persona in document["personas"]}
    for stage in document["stages"]:
        for position, touchpoint in enumerate(stage["touchpoints"]):
            yield (
                stage["name"],
                position,
                touchpoint["title"],
                touchpoint["channel"],
                LIST_SEPARATOR.join(persona_names[ref] for ref in touchpoint["personas"] if ref in persona_names),
                touchpoint["emotion"],
                touchpoint["does"],
                touchpoint["thinks"],
                touchpoint["feels"],
                touchpoint["pain_points"],
                touchpoint["opportunities"],
                touchpoint["owner"] or "",
            )


def card_summaries(document: dict) -> dict[tuple[int, int], tuple]:
    """Each card's values of SUMMARY_COLUMNS by its place (stage index, position): the latest reading of
    the map's card metric, how much evidence names the card and the confidence that gives (or the one
    set by hand), and the titles of its open opportunities."""
    card_metric = (document.get("metrics") or {}).get("card_metric")
    latest: dict[tuple[int, int], dict] = {}
    for reading in document.get("readings") or []:
        place = reading.get("touchpoint")
        if card_metric is None or place is None or reading["metric"] != card_metric:
            continue
        known = latest.get(tuple(place))
        if known is None or reading["period_start"] >= known["period_start"]:
            latest[tuple(place)] = reading
    evidence: dict[tuple[int, int], int] = {}
    for item in document.get("evidence") or []:
        for place in item["touchpoints"]:
            evidence[tuple(place)] = evidence.get(tuple(place), 0) + 1
    chosen = {tuple(entry["touchpoint"]): entry["level"] for entry in document.get("card_confidence") or []}
    opportunities: dict[tuple[int, int], list[str]] = {}
    for item in document.get("opportunities") or []:
        if item["status"] in OPEN_STATUSES:
            for place in item["touchpoints"]:
                opportunities.setdefault(tuple(place), []).append(item["title"])
    summaries = {}
    for index, stage in enumerate(document["stages"]):
        for position in range(len(stage["touchpoints"])):
            place = (index, position)
            reading = latest.get(place)
            summaries[place] = (
                card_metric or "",
                reading["value"] if reading else "",
                reading["period_start"] if reading else "",
                evidence.get(place, 0),
                str(confidence_of(evidence.get(place, 0), chosen.get(place, ""))),
                LIST_SEPARATOR.join(opportunities.get(place, [])),
            )
    return summaries


def emotion_label(value: int) -> str:
    try:
        return str(Emotion(value).label)
    except ValueError:
        return str(value)
