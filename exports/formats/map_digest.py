"""What the drawn formats (the PDF, the board images) read from a map document, stage by stage:
each stage's active strategies, the texts of the visible text lanes, and its insights (metrics,
highlighted evidence, open opportunities), with each card's emotion and personas named."""

from django.utils.translation import gettext as _

from journeys.models import LaneKind
from opportunities.models import OpportunityStatus, score_of

from .rows import LIST_SEPARATOR, emotion_label


def stage_insights(document: dict) -> dict[int, dict]:
    """Per stage index: the latest value of each metric recorded for the stage itself, the highlighted
    evidence of the stage and its cards, and the open opportunities of the stage and its cards."""
    latest: dict[int, dict] = {}
    for reading in document.get("readings") or []:
        if reading.get("stage") is None:
            continue
        by_metric = latest.setdefault(reading["stage"], {})
        known = by_metric.get(reading["metric"])
        if known is None or known["period_start"] <= reading["period_start"]:
            by_metric[reading["metric"]] = reading
    insights: dict[int, dict] = {
        index: {"metrics": [], "quotes": [], "opportunities": []} for index in range(len(document["stages"]))
    }
    for index, by_metric in latest.items():
        insights[index]["metrics"] = [
            (name, reading["value"], reading["period_start"][:7]) for name, reading in sorted(by_metric.items())
        ]
    for item in document.get("evidence") or []:
        if not item["highlighted"]:
            continue
        for index in {*item["stages"], *(stage for stage, _card in item["touchpoints"])}:
            insights[index]["quotes"].append(item["text"])
    open_statuses = {"idea", "planned", "in_progress"}
    for item in sorted(
        document.get("opportunities") or [],
        key=lambda entry: -entry["impact"] * entry["confidence"] / entry["effort"],
    ):
        if item["status"] not in open_statuses:
            continue
        score = f"{score_of(item['impact'], item['effort'], item['confidence'])}"
        status = str(OpportunityStatus(item["status"]).label)
        for index in dict.fromkeys([*item["stages"], *(stage for stage, _card in item["touchpoints"])]):
            insights[index]["opportunities"].append((item["title"], score, status))
    return insights


def active_strategies(document: dict) -> tuple[dict[int, list[dict]], list[dict]]:
    """The document's active strategies: per stage (with those of the stage's cards, each saying
    which card), and map-wide ones. Each with `about`: its card and persona, when it has them."""
    persona_names = {persona["ref"]: persona["name"] for persona in document["personas"]}
    by_stage: dict[int, list[dict]] = {}
    map_wide = []
    for strategy in document.get("strategies") or []:
        if strategy["status"] != "active":
            continue
        stage, card = strategy.get("stage"), strategy.get("touchpoint")
        about = []
        if stage is not None and card is not None:
            card_title = document["stages"][stage]["touchpoints"][card]["title"]
            about.append("{label}: {title}".format(label=_("Touchpoint"), title=card_title))
        if strategy.get("persona") in persona_names:
            about.append(_("For %(name)s") % {"name": persona_names[strategy["persona"]]})
        strategy = {**strategy, "about": about}
        if stage is None:
            map_wide.append(strategy)
        else:
            by_stage.setdefault(stage, []).append(strategy)
    return by_stage, map_wide


def lane_texts(document: dict) -> dict[int, list[dict]]:
    """What the visible text lanes say of each stage, in board order: {stage index: [{"title", "body"}]}."""
    by_stage: dict[int, list[dict]] = {}
    for lane in document.get("lanes") or []:
        if lane["kind"] != LaneKind.TEXT or lane["hidden"]:
            continue
        for cell in lane["cells"]:
            by_stage.setdefault(cell["stage"], []).append({"title": lane["title"], "body": cell["body"]})
    return by_stage


def prepare(document: dict) -> tuple[list[dict], list[dict]]:
    """Stages with what the PDF shows of them, and the map-wide active strategies."""
    persona_names = {persona["ref"]: persona["name"] for persona in document["personas"]}
    strategies_by_stage, map_strategies = active_strategies(document)
    texts_by_stage = lane_texts(document)
    insights = stage_insights(document)
    stages = []
    for index, stage in enumerate(document["stages"]):
        stages.append(
            {
                **stage,
                "number": index + 1,
                "questions": [line.strip() for line in stage["guiding_questions"].splitlines() if line.strip()],
                "strategies": strategies_by_stage.get(index, []),
                "lane_texts": texts_by_stage.get(index, []),
                **insights[index],
                "touchpoints": [
                    {
                        **touchpoint,
                        "emotion_label": emotion_label(touchpoint["emotion"]),
                        "persona_names": LIST_SEPARATOR.join(
                            persona_names[ref] for ref in touchpoint["personas"] if ref in persona_names
                        ),
                    }
                    for touchpoint in stage["touchpoints"]
                ],
            }
        )
    return stages, map_strategies
