"""One row per touchpoint, shared by the CSV and XLSX formats (and read back by the CSV importer)."""

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


def emotion_label(value: int) -> str:
    try:
        return str(Emotion(value).label)
    except ValueError:
        return str(value)
