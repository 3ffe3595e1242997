from django import template

from ..models import Confidence
from ..selectors import parse_card_evidence

register = template.Library()

CONFIDENCE_MARKS = {Confidence.ASSUMPTION: "?", Confidence.SOME: "◐", Confidence.VALIDATED: "●"}


@register.filter
def card_evidence(value) -> dict:
    """The card badge's value ("count|chosen confidence") as what the badge shows."""
    count, level = parse_card_evidence(value)
    chosen = bool(value) and not value.endswith("|")
    return {
        "count": count,
        "level": level,
        "chosen": chosen,
        "label": str(Confidence(level).label),
        "mark": CONFIDENCE_MARKS[level],
    }


@register.filter
def confidence_label(level: str) -> str:
    try:
        return str(Confidence(level).label)
    except ValueError:
        return ""
