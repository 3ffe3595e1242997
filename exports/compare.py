"""Two maps side by side, stage by stage: which cards one has that the other has not, which changed and
how, and both emotion curves (issue 12: comparing a map with its future state, or any two maps of a
workspace), or a map's snapshot and the map as it is now. A card is paired with the same card (a
snapshot keeps its cards' ids), else with the card it was copied from (Touchpoint.origin), else with a
card of the same title in a stage of the same name."""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _

from journeys.models import Journey
from touchpoints.models import Touchpoint

from .models import Snapshot
from .selectors import id_of_ref

# One side of a comparison: a map as it is, or as a snapshot kept it (both have a `title` and a `state_label`).
Side = Journey | Snapshot

# What "changed" looks at, with the label the page gives each.
COMPARED_FIELDS = ("title", "channel", "emotion", "does", "thinks", "feels", "pain_points", "opportunities")


@dataclass
class CardChange:
    kind: str  # "added" (only in the second map), "removed" (only in the first), "changed", "same"
    before: dict | None
    after: dict | None
    changed: list[str] = field(default_factory=list)  # of COMPARED_FIELDS, and "stage" for a move

    @property
    def title(self) -> str:
        return (self.after or self.before or {}).get("title", "")

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(what, before, after) for each change; the long texts only by name (before and after None)."""
        out: list[tuple[str, object, object]] = []
        for name in self.changed:
            label = str(Touchpoint._meta.get_field(name).verbose_name) if name != "stage" else _("stage")
            if name in ("title", "channel", "emotion", "stage"):
                out.append((label, (self.before or {}).get(name), (self.after or {}).get(name)))
            else:
                out.append((label, None, None))
        return out


@dataclass
class StageComparison:
    name: str
    before_mood: float | None  # the average emotion of the stage's cards in each map
    after_mood: float | None
    cards: list[CardChange]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("added", "removed", "changed", "same"), 0)
        for card in self.cards:
            counts[card.kind] += 1
        return counts


@dataclass
class Comparison:
    before: Side
    after: Side
    stages: list[StageComparison]

    @property
    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys(("added", "removed", "changed", "same"), 0)
        for stage in self.stages:
            for kind, count in stage.counts.items():
                totals[kind] += count
        return totals


def _snapshot_cards(snapshot: Snapshot) -> tuple[list[tuple[int, str]], list[dict]]:
    """The stages and cards of a snapshot's document, as `_cards` reads a map's (a stage without an id is
    given a negative one)."""
    stages, cards = [], []
    for index, stage in enumerate(snapshot.content.get("stages") or []):
        stage_id = stage.get("id") or -(index + 1)
        stages.append((stage_id, stage["name"]))
        for card in stage.get("touchpoints") or []:
            cards.append(
                {
                    "id": id_of_ref(card.get("ref")),
                    "origin_id": None,
                    "stage_id": stage_id,
                    "stage": stage["name"],
                    **{name: card.get(name, "") for name in COMPARED_FIELDS},
                }
            )
    return stages, cards


def _cards(side: Side) -> tuple[list[tuple[int, str]], list[dict]]:
    if isinstance(side, Snapshot):
        return _snapshot_cards(side)
    journey = side
    stages = list(journey.stages.order_by("position", "id").values_list("id", "name"))
    cards = list(
        Touchpoint.objects.filter(stage__journey=journey)
        .order_by("stage__position", "position", "id")
        .values(
            "id",
            "origin_id",
            "stage_id",
            *[f for f in COMPARED_FIELDS if f != "channel"],
            channel_name=F("channel__name"),
        )
    )
    names = dict(stages)
    for card in cards:
        card["channel"] = card.pop("channel_name")
        card["stage"] = names[card["stage_id"]]
    return stages, cards


def _mood(cards: list[dict]) -> float | None:
    return sum(card["emotion"] for card in cards) / len(cards) if cards else None


def compare_maps(before: Side, after: Side) -> Comparison:
    """`after` against `before`, in `after`'s stage order, then the stages only `before` has. Each side a
    map (two queries) or a snapshot (none: its document is read)."""
    before_stages, before_cards = _cards(before)
    after_stages, after_cards = _cards(after)

    pairs: dict[int, dict] = {}  # id of an "after" card -> its "before" card
    by_id = {card["id"]: card for card in before_cards if card["id"] is not None}
    unpaired = dict(by_id)
    if isinstance(before, Snapshot) or isinstance(after, Snapshot):  # the same map then and now: the same card
        for card in after_cards:
            if card["id"] in unpaired:
                pairs[card["id"]] = unpaired.pop(card["id"])
    for card in after_cards:  # copied from, or copied into
        original = by_id.get(card["origin_id"])
        if original is not None and original["id"] in unpaired:
            pairs[card["id"]] = unpaired.pop(original["id"])
    copies = {card["origin_id"]: card for card in before_cards if card["origin_id"]}
    for card in after_cards:
        if card["id"] not in pairs and card["id"] in copies and copies[card["id"]]["id"] in unpaired:
            pairs[card["id"]] = unpaired.pop(copies[card["id"]]["id"])
    by_place = {}
    for card in unpaired.values():
        by_place.setdefault((card["stage"].casefold(), card["title"].casefold()), card)
    for card in after_cards:
        if card["id"] not in pairs:
            original = by_place.pop((card["stage"].casefold(), card["title"].casefold()), None)
            if original is not None and original["id"] in unpaired:
                pairs[card["id"]] = unpaired.pop(original["id"])

    stage_names = [name for _id, name in after_stages]
    for _id, name in before_stages:
        if name.casefold() not in {known.casefold() for known in stage_names}:
            stage_names.append(name)
    rows: dict[str, list[CardChange]] = {name.casefold(): [] for name in stage_names}
    for card in after_cards:
        original = pairs.get(card["id"])
        if original is None:
            rows[card["stage"].casefold()].append(CardChange("added", None, card))
            continue
        changed = [name for name in COMPARED_FIELDS if original[name] != card[name]]
        if original["stage"].casefold() != card["stage"].casefold():
            changed.append("stage")
        rows[card["stage"].casefold()].append(CardChange("changed" if changed else "same", original, card, changed))
    for card in unpaired.values():
        rows[card["stage"].casefold()].append(CardChange("removed", card, None))

    def stage_cards(cards: list[dict], name: str) -> list[dict]:
        return [card for card in cards if card["stage"].casefold() == name.casefold()]

    return Comparison(
        before=before,
        after=after,
        stages=[
            StageComparison(
                name=name,
                before_mood=_mood(stage_cards(before_cards, name)),
                after_mood=_mood(stage_cards(after_cards, name)),
                cards=rows[name.casefold()],
            )
            for name in stage_names
        ],
    )


@dataclass(frozen=True)
class CurveChart:
    """Both emotion curves on one 600 by 200 chart: a point per stage, -2 at the bottom, +2 at the top."""

    xs: list[float]
    labels: list[tuple[float, str]]  # x, stage name
    before_line: str
    after_line: str
    before_points: list[tuple[float, float, str, float]]  # x, y, stage, mood
    after_points: list[tuple[float, float, str, float]]


def curve_chart(comparison: Comparison) -> CurveChart:
    count = len(comparison.stages)
    step = 520 / (count - 1) if count > 1 else 0
    xs = [round(40 + index * step if step else 300, 1) for index in range(count)]

    def points(attribute: str) -> list[tuple[float, float, str, float]]:
        out = []
        for x, stage in zip(xs, comparison.stages, strict=True):
            mood = getattr(stage, attribute)
            if mood is not None:
                out.append((x, round(100 - mood * 40, 1), stage.name, round(mood, 1)))
        return out

    before, after = points("before_mood"), points("after_mood")
    return CurveChart(
        xs=xs,
        labels=[(x, stage.name) for x, stage in zip(xs, comparison.stages, strict=True)],
        before_line=" ".join(f"{x:g},{y:g}" for x, y, _name, _mood in before),
        after_line=" ".join(f"{x:g},{y:g}" for x, y, _name, _mood in after),
        before_points=before,
        after_points=after,
    )
