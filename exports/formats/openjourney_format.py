"""OpenJourney (.ojf): the JSON format of Ptolemy's journey maps (docs/openjourney.md), written from the
map document so that Ptolemy reads it and an import here gives the same map back.

Stages are the map's stages; swimlanes its lanes, top to bottom; nodes its cards (in the touchpoints
lane, with their emotion as a score), what a roll-up lane gathers from them (a node per card, as
Ptolemy shows no roll-ups) and the texts of its text lanes (a node per stage). What OpenJourney has no
word for (a lane's kind, a card's channel and other fields, the node a roll-up repeats) is written
beside the standard keys in objects named `journeyboard`, which other readers ignore.
"""

import json
import math

from boards.extensions import board_extensions
from journeys.models import Lane, LaneKind, RollupField

OJF_VERSION = "1.0"
# The key of Journey board's own data in the file's root, stages, swimlanes and nodes.
EXTENSION = "journeyboard"
EXTENSION_VERSION = 1

LANE_KEYS = ("kind", "title", "rollup_field", "split_by", "source", "hidden")
STAGE_KEYS = ("description", "customer_goal", "guiding_questions")
CARD_KEYS = ("thinks", "feels", "pain_points", "opportunities")

# A card's emotion (-2..2) as an OpenJourney score (-5..5), and back: each emotion stands for a band of
# scores, written as the score at the band's end (the neutral band's middle), so a score read back
# gives the same emotion.
SCORES = {-2: -5, -1: -3, 0: 0, 1: 3, 2: 5}
# The purposes a node of a roll-up lane has, by the card field it repeats.
GATHERED_PURPOSES = {
    RollupField.PAIN_POINTS: "pain-point",
    RollupField.OPPORTUNITIES: "opportunity",
    RollupField.DOES: "note",
    RollupField.THINKS: "note",
    RollupField.FEELS: "note",
}


def emotion_to_score(emotion: int) -> int:
    return SCORES[emotion]


def score_to_emotion(score: float | None) -> int:
    """-5..5 to -2..2: times 2/5, rounded half away from zero (-5, -4 -> -2; -3, -2 -> -1; -1..1 -> 0;
    2, 3 -> 1; 4, 5 -> 2). No score is neutral."""
    if score is None:
        return 0
    scaled = score * 2 / 5
    return int(math.copysign(math.floor(abs(scaled) + 0.5), scaled))


def severity_of(emotion: int) -> str:
    """OpenJourney's importance of a node (`low`, `medium`, `high`), which every node has: how bad the
    customer feels there."""
    return {-2: "high", -1: "medium"}.get(emotion, "low")


def lane_name(lane: dict) -> str:
    """A lane's name as the board shows it, in the export's language (an unsaved Lane: no query)."""
    if lane["title"]:
        return lane["title"]
    fields = {name: lane[name] for name in ("kind", "title", "rollup_field", "source")}
    return board_extensions.lane_name(Lane(**fields))


def first_line(text: str, limit: int = 80) -> str:
    """A title for a text: its first line, without Markdown's heading, list or quote marks, shortened."""
    for line in text.splitlines():
        line = line.strip().lstrip("#>*-+ ").strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
    return ""


def ojf_document(document: dict) -> dict:
    """The OpenJourney object of a map document (exports.selectors.map_document)."""
    persona_names = {persona["ref"]: persona["name"] for persona in document["personas"]}
    stage_ids = [f"s{index + 1}" for index in range(len(document["stages"]))]
    stages = [
        {"id": stage_id, "name": stage["name"], EXTENSION: {key: stage[key] for key in STAGE_KEYS}}
        for stage_id, stage in zip(stage_ids, document["stages"], strict=True)
    ]
    lanes = document.get("lanes") or []
    lane_ids = [f"l{index + 1}" for index in range(len(lanes))]
    swimlanes = [
        {"id": lane_id, "name": lane_name(lane), EXTENSION: {key: lane[key] for key in LANE_KEYS}}
        for lane_id, lane in zip(lane_ids, lanes, strict=True)
    ]
    cards_lane = next((lane_id for lane_id, lane in zip(lane_ids, lanes, strict=True) if lane["kind"] == "cards"), None)
    if cards_lane is None and any(stage["touchpoints"] for stage in document["stages"]):
        # A map whose touchpoints lane was removed still has cards: they need a swimlane, which the
        # import does not make a lane of.
        cards_lane = "touchpoints"
        swimlanes.append(
            {"id": cards_lane, "name": str(LaneKind.CARDS.label), EXTENSION: {"kind": LaneKind.CARDS, "absent": True}}
        )

    nodes = []
    for stage_id, stage in zip(stage_ids, document["stages"], strict=True):
        for card in stage["touchpoints"]:
            personas = [persona_names[ref] for ref in card["personas"] if ref in persona_names]
            nodes.append(
                {
                    "id": card["ref"],
                    "stageId": stage_id,
                    "swimlaneId": cards_lane,
                    "title": card["title"],
                    "description": card["does"],
                    "severity": severity_of(card["emotion"]),
                    "score": emotion_to_score(card["emotion"]),
                    "purpose": "touchpoint",
                    "tags": [card["channel"], *personas],
                    EXTENSION: {
                        "card": {
                            "channel": card["channel"],
                            "personas": personas,
                            **{key: card[key] for key in CARD_KEYS},
                            "owner": card["owner"],
                        }
                    },
                }
            )
    for lane_id, lane in zip(lane_ids, lanes, strict=True):
        if lane["kind"] == LaneKind.ROLLUP:
            nodes += _gathered_nodes(lane_id, lane["rollup_field"], document["stages"], stage_ids)
        elif lane["kind"] == LaneKind.TEXT:
            for cell in lane["cells"]:
                nodes.append(
                    {
                        "id": f"{lane_id}-{stage_ids[cell['stage']]}",
                        "stageId": stage_ids[cell["stage"]],
                        "swimlaneId": lane_id,
                        "title": first_line(cell["body"]),
                        "description": cell["body"],
                        "severity": "low",
                        "purpose": "note",
                        "tags": [],
                        EXTENSION: {"cell": True},
                    }
                )
    journey = document["journey"]
    ojf = {
        "version": OJF_VERSION,
        "title": journey["title"],
        "persona": ", ".join(persona["name"] for persona in document["personas"]),
        "pointOfView": journey["description"],
        "stages": stages,
        "swimlanes": swimlanes,
        "nodes": nodes,
        EXTENSION: {
            "version": EXTENSION_VERSION,
            "exported_at": document["exported_at"],
            "personas": [persona["name"] for persona in document["personas"]],
        },
    }
    if not ojf["persona"]:
        del ojf["persona"]
    return ojf


def _gathered_nodes(lane_id: str, field: str, stages: list[dict], stage_ids: list[str]) -> list[dict]:
    """A roll-up lane as nodes: one per card that says something of the field, repeating it."""
    return [
        {
            "id": f"{card['ref']}-{field}",
            "stageId": stage_id,
            "swimlaneId": lane_id,
            "title": card["title"],
            "description": card[field],
            "severity": severity_of(card["emotion"]),
            "purpose": GATHERED_PURPOSES[RollupField(field)],
            "tags": [],
            EXTENSION: {"gathered_from": card["ref"]},
        }
        for stage_id, stage in zip(stage_ids, stages, strict=True)
        for card in stage["touchpoints"]
        if card[field].strip()
    ]


def render(document: dict, *, progress=None) -> bytes:
    return json.dumps(ojf_document(document), ensure_ascii=False, indent=2).encode("utf-8")
