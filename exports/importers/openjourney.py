"""Import an OpenJourney file (.ojf: docs/openjourney.md) as a new map.

The file is translated into the document of a JSON export (docs/export-format.md), which the JSON import
then checks and writes in one transaction: a map made from a .ojf follows the rules of every map, and a
problem the JSON import finds is placed back in the .ojf (`Translation.plan`). The translation decides
what each node becomes, and the import's report says it node by node:

- a **card** in its stage (most nodes): its description goes in the card field its swimlane gathers
  (a roll-up lane) or its purpose names (pain points, opportunities), else in "Does"; its score becomes
  the card's emotion, its sentiment what the customer feels; its moment of truth, severity and tags are
  written after its description; a tag naming a channel of the workspace is the card's channel;
- **merged** into the text of a text lane at its stage: a note or an observation outside the touchpoints
  swimlane (and, from each node, the parts of its service blueprint, in the text lanes of their names);
- **skipped**: an empty node, or (in a file written here) a node repeating a card's field for Ptolemy.

A swimlane becomes a roll-up of pain points (or of opportunities) when all its nodes are pain points (or
opportunities), the touchpoints lane when it holds the most touchpoints, else a text lane. A file written
by Journey board carries its own data (`journeyboard` objects), read first: its lanes, stages and cards
come back as they were.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from journeys.models import LaneKind, RollupField
from journeys.services import MAX_LANES_PER_MAP, MAX_STAGES_PER_MAP

from ..formats.openjourney_format import CARD_KEYS, EXTENSION, LANE_KEYS, STAGE_KEYS, score_to_emotion
from ..models import NodeOutcome
from ..selectors import FORMAT_NAME, FORMAT_VERSION
from . import json_importer
from .common import ImportInvalid, Problems, text_value

# A file of more nodes is refused: it would be a mistake, not a map (and the report keeps a line for each).
MAX_NODES = 5000
SUPPORTED_VERSION = "1"
SEVERITIES = {"low": gettext_lazy("low"), "medium": gettext_lazy("medium"), "high": gettext_lazy("high")}
PAIN_PURPOSES = frozenset({"pain-point", "bottleneck"})
OPPORTUNITY_PURPOSES = frozenset({"opportunity"})
NOTE_PURPOSES = frozenset({"note", "observation"})
# Each part of a node's service blueprint: the text lane it is merged into, and the keys of its entries.
BLUEPRINT_PARTS = {
    "evidence": (gettext_lazy("Physical evidence"), ("item", "type")),
    "onstage": (gettext_lazy("Frontstage actions"), ("actor", "action")),
    "backstage": (gettext_lazy("Backstage actions"), ("actor", "action")),
    "support": (gettext_lazy("Support processes"), ("system", "description")),
}
# The channel of a card whose node names none of the workspace's (in its tags).
NO_CHANNEL = gettext_lazy("Not specified")


@dataclass
class Translation:
    document: dict  # the map document of a JSON export
    report: dict  # {"nodes": [{"node", "title", "outcome", "detail"}], "notes": [text]}
    origins: dict[str, str]  # where a part of the document came from in the .ojf

    def plan(self) -> json_importer.MapPlan:
        """The document checked by the JSON import; each problem it finds is placed in the .ojf."""
        try:
            return json_importer.validate(self.document)
        except ImportInvalid as invalid:
            for problem in invalid.problems:
                problem["row"] = self.origins.get(problem["row"], problem["row"])
            raise


@dataclass
class _Swimlane:
    index: int
    name: str
    extension: dict
    nodes: list["_Node"] = field(default_factory=list)
    lane: dict | None = None  # the lane made of it, as a JSON export's
    merged: bool = False  # a text of a node went into its lane
    carded: bool = False  # one of its nodes became a card

    @property
    def kind(self) -> str | None:
        return self.lane["kind"] if self.lane else None


@dataclass
class _Node:
    index: int
    where: str  # its place in the file, for problems: "nodes[3] (n4)"
    label: str  # its name in the report: its id, else "#4"
    stage: int
    swimlane: _Swimlane
    title: str
    description: str
    score: float | None
    severity: str
    sentiment: str
    purpose: str
    moment_of_truth: bool
    tags: list[str]
    blueprint: dict[str, list[str]]  # part -> its entries, each as one line of text
    has_icon: bool
    has_icon_color: bool
    extension: dict


def parse(raw: bytes) -> dict:
    return json_importer.parse(raw, expected=_("Expected a JSON object (an OpenJourney file)."))


def translate(data: dict, *, channels: list[str]) -> Translation:
    """The map document of an OpenJourney object, for a workspace with these `channels`; ImportInvalid
    lists every problem of the file's structure."""
    problems = Problems()
    if data.get("format") == FORMAT_NAME:
        message = _("This is a Journey board JSON export: import it as a JSON export.")
        raise ImportInvalid([{"row": "", "field": "format", "message": message}])
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    _check_version(data.get("version", metadata.get("version")))
    ours = _object(problems, "", EXTENSION, data.get(EXTENSION))
    stage_list = _list(problems, data, "stages")
    swimlane_list = _list(problems, data, "swimlanes")
    node_list = _list(problems, data, "nodes", required=False)
    if len(stage_list) > MAX_STAGES_PER_MAP:
        message = ngettext(
            "The file has %(count)d stage; a map has at most %(max)d.",
            "The file has %(count)d stages; a map has at most %(max)d.",
            len(stage_list),
        )
        problems.add("", "stages", message % {"count": len(stage_list), "max": MAX_STAGES_PER_MAP})
    if len(swimlane_list) > MAX_LANES_PER_MAP:
        message = ngettext(
            "The file has %(count)d swimlane; a map has at most %(max)d lanes.",
            "The file has %(count)d swimlanes; a map has at most %(max)d lanes.",
            len(swimlane_list),
        )
        problems.add("", "swimlanes", message % {"count": len(swimlane_list), "max": MAX_LANES_PER_MAP})
    if len(node_list) > MAX_NODES:
        message = ngettext(
            "The file has %(count)d node; an import takes at most %(max)d.",
            "The file has %(count)d nodes; an import takes at most %(max)d.",
            len(node_list),
        )
        problems.add("", "nodes", message % {"count": len(node_list), "max": MAX_NODES})
    if problems:
        raise ImportInvalid(problems)

    stages, stage_index = [], {}
    for index, item in enumerate(stage_list):
        where = f"stages[{index}]"
        if not isinstance(item, dict):
            problems.add(where, "", _("Expected an object."))
            continue
        key = _identifier(
            problems,
            where,
            item.get("id"),
            stage_index,
            _("Each stage needs an id."),
            _("Another stage has the id “%(id)s”."),
        )
        stage_index.setdefault(key, len(stages))
        extension = _object(problems, where, EXTENSION, item.get(EXTENSION))
        stages.append(
            {
                "name": text_value(problems, where, "name", item.get("name"), required=True).strip(),
                **{key: text_value(problems, where, key, extension.get(key)) for key in STAGE_KEYS},
                "touchpoints": [],
                "emotion_override": item.get("overrideEmotion") is not None,
            }
        )
    swimlanes, swimlane_index = [], {}
    for index, item in enumerate(swimlane_list):
        where = f"swimlanes[{index}]"
        if not isinstance(item, dict):
            problems.add(where, "", _("Expected an object."))
            continue
        key = _identifier(
            problems,
            where,
            item.get("id"),
            swimlane_index,
            _("Each swimlane needs an id."),
            _("Another swimlane has the id “%(id)s”."),
        )
        swimlane = _Swimlane(
            index=index,
            name=text_value(problems, where, "name", item.get("name"), required=True).strip(),
            extension=_object(problems, where, EXTENSION, item.get(EXTENSION)),
        )
        swimlane_index.setdefault(key, swimlane)
        swimlanes.append(swimlane)
    nodes = [
        node
        for index, item in enumerate(node_list)
        if (node := _node(problems, index, item, stage_index, swimlane_index)) is not None
    ]
    if problems:
        raise ImportInvalid(problems)
    return _Translator(data, metadata, ours, stages, swimlanes, nodes, channels, problems).translate()


def _check_version(version) -> None:
    if version is None:
        message = _("The file names no OpenJourney version (“version”): is it an OpenJourney file?")
        raise ImportInvalid([{"row": "", "field": "version", "message": message}])
    text = str(version).strip() if isinstance(version, str | int | float) and not isinstance(version, bool) else ""
    if text.split(".", 1)[0] != SUPPORTED_VERSION:
        message = _("This file is OpenJourney version “%(version)s”; this app reads version 1 (1.0, 1.1…).")
        raise ImportInvalid([{"row": "", "field": "version", "message": message % {"version": text[:20] or "?"}}])


def _list(problems: Problems, data: dict, key: str, *, required: bool = True) -> list:
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        problems.add("", key, _("Expected a list."))
        return []
    return value


def _object(problems: Problems, where: str, key: str, value) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(where, key, _("Expected an object."))
        return {}
    return value


def _identifier(problems: Problems, where: str, value, seen: dict, missing: str, taken: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        problems.add(where, "id", missing)
        return ""
    if str(value) in seen:
        problems.add(where, "id", taken % {"id": value})
    return str(value)


def _node(problems: Problems, index: int, item, stages: dict, swimlanes: dict) -> _Node | None:
    where = f"nodes[{index}]"
    if not isinstance(item, dict):
        problems.add(where, "", _("Expected an object."))
        return None
    node_id = item.get("id")
    if isinstance(node_id, str | int) and not isinstance(node_id, bool) and str(node_id).strip():
        where = f"nodes[{index}] ({node_id})"
    label = str(node_id) if where.endswith(")") else f"#{index + 1}"
    stage_id, swimlane_id = item.get("stageId"), item.get("swimlaneId")
    stage = stages.get(str(stage_id)) if isinstance(stage_id, str | int) else None
    if stage is None:
        problems.add(where, "stageId", _("No stage of the file has the id “%(id)s”.") % {"id": stage_id})
    swimlane = swimlanes.get(str(swimlane_id)) if isinstance(swimlane_id, str | int) else None
    if swimlane is None:
        problems.add(where, "swimlaneId", _("No swimlane of the file has the id “%(id)s”.") % {"id": swimlane_id})
    score = item.get("score")
    if score is not None and (
        isinstance(score, bool) or not isinstance(score, int | float) or not -5 <= score <= 5  # (NaN is not)
    ):
        problems.add(where, "score", _("Enter a number from -5 to 5, or leave the score out."))
        score = None
    severity = text_value(problems, where, "severity", item.get("severity")).strip().lower()
    if severity and severity not in SEVERITIES:
        problems.add(where, "severity", _("Expected “low”, “medium” or “high”."))
    moment = item.get("isMomentOfTruth")
    if moment is not None and not isinstance(moment, bool):
        problems.add(where, "isMomentOfTruth", _("Must be true or false."))
    tags = item.get("tags")
    if tags is None:
        tags = []
    elif not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        problems.add(where, "tags", _("Expected a list of texts."))
        tags = []
    node = _Node(
        index=index,
        where=where,
        label=label,
        stage=stage if stage is not None else 0,
        swimlane=swimlane or _Swimlane(-1, "", {}),
        title=text_value(problems, where, "title", item.get("title")).strip(),
        description=text_value(problems, where, "description", item.get("description")).strip(),
        score=score,
        severity=severity,
        sentiment=text_value(problems, where, "sentiment", item.get("sentiment")).strip(),
        purpose=text_value(problems, where, "purpose", item.get("purpose")).strip().lower(),
        moment_of_truth=moment is True,
        tags=[tag.strip() for tag in tags if tag.strip()],
        blueprint=_blueprint(problems, where, item.get("blueprint")),
        has_icon=bool(item.get("icon")),
        has_icon_color=bool(item.get("iconColor")),
        extension=_object(problems, where, EXTENSION, item.get(EXTENSION)),
    )
    if swimlane is not None:
        swimlane.nodes.append(node)
    return node


def _blueprint(problems: Problems, where: str, value) -> dict[str, list[str]]:
    """The entries of a node's blueprint, each as a line: "Doorman: opens the door"."""
    blueprint = _object(problems, where, "blueprint", value)
    lines: dict[str, list[str]] = {}
    for part, (_lane, keys) in BLUEPRINT_PARTS.items():
        entries = blueprint.get(part) or []
        if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
            problems.add(where, f"blueprint.{part}", _("Expected a list of objects."))
            continue
        for entry in entries:
            texts = [text_value(problems, where, f"blueprint.{part}", entry.get(key)).strip() for key in keys]
            first, rest = texts[0], [text for text in texts[1:] if text]
            if part == "evidence" and first and rest:
                line = f"{first} ({rest[0]})"
            else:
                line = ": ".join(text for text in (first, *rest[:1]) if text)
            if line:
                lines.setdefault(part, []).append(line)
    return lines


class _Translator:
    """Decides what each swimlane and node becomes (see the module's docstring) and writes the document."""

    def __init__(self, data, metadata, ours, stages, swimlanes, nodes, channels, problems):
        self.data, self.metadata, self.ours = data, metadata, ours
        self.stages: list[dict] = stages
        self.swimlanes: list[_Swimlane] = swimlanes
        self.nodes: list[_Node] = nodes
        self.channels = {name.casefold(): name for name in channels}
        self.problems = problems
        self.report_nodes: list[dict] = []
        self.notes: list[str] = []
        self.origins: dict[str, str] = {"journey": ""}
        self.texts: dict[object, dict[int, list[str]]] = {}  # text lane key -> stage index -> texts
        self.extra_lanes: dict[object, dict] = {}  # the text lanes of the blueprint's parts
        self.personas: dict[str, str] = {}  # name -> ref
        self.without_channel = 0

    # -- lanes ------------------------------------------------------------------------------------------

    def choose_lanes(self) -> None:
        taken: set = set()
        for swimlane in self.swimlanes:
            kind = swimlane.extension.get("kind")
            if kind is None:
                continue
            if kind not in LaneKind.values:
                kinds = ", ".join(f"“{value}”" for value in LaneKind.values)
                message = _("Unknown kind of lane; expected one of %(kinds)s.") % {"kinds": kinds}
                self.problems.add(f"swimlanes[{swimlane.index}]", f"{EXTENSION}.kind", message)
                continue
            swimlane.lane = {key: swimlane.extension.get(key, False if key == "hidden" else "") for key in LANE_KEYS}
            swimlane.lane["title"] = swimlane.lane["title"] if "title" in swimlane.extension else swimlane.name
            taken.add((kind, swimlane.lane["rollup_field"]) if kind == LaneKind.ROLLUP else kind)
        derived = [swimlane for swimlane in self.swimlanes if swimlane.lane is None]
        for swimlane in derived:
            purposes = {node.purpose for node in swimlane.nodes}
            for field_name, group in (
                (RollupField.PAIN_POINTS, PAIN_PURPOSES),
                (RollupField.OPPORTUNITIES, OPPORTUNITY_PURPOSES),
            ):
                if purposes and purposes <= group and (LaneKind.ROLLUP, field_name) not in taken:
                    swimlane.lane = self.lane(LaneKind.ROLLUP, swimlane.name, rollup_field=field_name)
                    taken.add((LaneKind.ROLLUP, field_name))
        if LaneKind.CARDS not in taken:
            candidates = [swimlane for swimlane in derived if swimlane.lane is None]
            most = max(candidates, key=lambda s: sum(node.purpose == "touchpoint" for node in s.nodes), default=None)
            if most is None or not any(node.purpose == "touchpoint" for node in most.nodes):
                most = next((s for s in candidates if any(self.becomes_card(node) for node in s.nodes)), None)
            if most is not None:
                most.lane = self.lane(LaneKind.CARDS, most.name)
        for swimlane in derived:
            if swimlane.lane is None:
                swimlane.lane = self.lane(LaneKind.TEXT, swimlane.name)

    @staticmethod
    def lane(kind: str, title: str = "", *, rollup_field: str = "") -> dict:
        """A lane of the map, as a JSON export writes it."""
        return {
            "kind": kind,
            "title": title,
            "rollup_field": rollup_field,
            "split_by": "",
            "source": "",
            "hidden": False,
        }

    @staticmethod
    def becomes_card(node: _Node) -> bool:
        """Whether a node would be a card even in a text lane's swimlane (it is not a note, nor empty)."""
        return bool(node.title or node.description) and node.purpose not in NOTE_PURPOSES

    # -- nodes --------------------------------------------------------------------------------------------

    def place_nodes(self) -> None:
        card_ids = {node.label for node in self.nodes if isinstance(node.extension.get("card"), dict)}
        titles = {node.label: node.title for node in self.nodes}
        for node in self.nodes:
            kind = node.swimlane.kind
            gathered = node.extension.get("gathered_from")
            if isinstance(gathered, str) and gathered in card_ids:
                field_name = node.swimlane.lane["rollup_field"] if kind == LaneKind.ROLLUP else ""
                what = RollupField(field_name).label if field_name in RollupField.values else _("a field")
                detail = _("Skipped: it repeats what the card “%(title)s” says (%(field)s), imported with it.")
                self.outcome(node, NodeOutcome.SKIPPED, detail % {"title": titles[gathered], "field": what})
            elif node.extension.get("cell") is True and kind == LaneKind.TEXT:
                self.merge(node, node.swimlane.index, node.description)
            elif not (node.title or node.description):
                skipped = _("Skipped: it has neither a title nor a description.")
                if node.blueprint:
                    skipped = _("Its blueprint is in its stage's text lanes; the node itself is empty.")
                self.outcome(node, NodeOutcome.SKIPPED, skipped)
            elif node.purpose in NOTE_PURPOSES and kind == LaneKind.TEXT and not node.extension:
                text = f"**{node.title}**: {node.description}" if node.title and node.description else None
                self.merge(node, node.swimlane.index, text or node.title or node.description)
            else:
                self.card(node)
            self.merge_blueprint(node)

    def outcome(self, node: _Node, outcome: str, detail: str) -> None:
        self.report_nodes.append({"node": node.label, "title": node.title, "outcome": outcome, "detail": detail})

    def merge(self, node: _Node, key, text: str) -> None:
        self.texts.setdefault(key, {}).setdefault(node.stage, []).append(text)
        node.swimlane.merged = True
        detail = _("Merged into the text of the lane “%(lane)s” in the stage “%(stage)s”.")
        self.outcome(node, NodeOutcome.MERGED, detail % {"lane": node.swimlane.name, "stage": self.stage_name(node)})

    def merge_blueprint(self, node: _Node) -> None:
        for part, lines in node.blueprint.items():
            key = self.blueprint_lane(part)
            suffix = f" — {node.title}" if node.title else ""
            self.texts.setdefault(key, {}).setdefault(node.stage, []).append(
                "\n".join(f"- {line}{suffix}" for line in lines)
            )

    def blueprint_lane(self, part: str):
        """The text lane a blueprint part goes in: a text lane of the file of that name, else a new one."""
        name = str(BLUEPRINT_PARTS[part][0])
        for swimlane in self.swimlanes:
            if swimlane.kind == LaneKind.TEXT and swimlane.name.casefold() == name.casefold():
                swimlane.merged = True
                return swimlane.index
        self.extra_lanes.setdefault(part, self.lane(LaneKind.TEXT, name))
        return part

    def stage_name(self, node: _Node) -> str:
        return self.stages[node.stage]["name"]

    def card(self, node: _Node) -> None:
        extension = node.extension.get("card")
        kind = node.swimlane.kind
        details = [_("Card in the stage “%(stage)s”.") % {"stage": self.stage_name(node)}]
        card = {
            "title": node.title or node.description.splitlines()[0][:200],
            "does": node.description,
            **dict.fromkeys(CARD_KEYS, ""),
            "emotion": score_to_emotion(node.score),
            "owner": None,
        }
        if isinstance(extension, dict):  # written by Journey board: its fields as they were
            for key in CARD_KEYS:
                card[key] = extension.get(key, "")
            card["owner"] = extension.get("owner")
            card["channel"] = extension.get("channel") or str(NO_CHANNEL)
            names = extension.get("personas") or []
            card["personas"] = [self.persona(name) for name in names] if isinstance(names, list) else names
        else:
            field_name = RollupField.DOES
            if kind == LaneKind.ROLLUP:
                field_name = RollupField(node.swimlane.lane["rollup_field"])
            elif node.purpose in PAIN_PURPOSES:
                field_name = RollupField.PAIN_POINTS
            elif node.purpose in OPPORTUNITY_PURPOSES:
                field_name = RollupField.OPPORTUNITIES
            text = node.description or (node.title if field_name != RollupField.DOES else "")
            if field_name != RollupField.DOES:
                card["does"] = ""
                details.append(_("Its text is the card's “%(field)s”.") % {"field": field_name.label})
            kept = []
            if node.sentiment and field_name != RollupField.FEELS:
                card["feels"] = node.sentiment
                details.append(_("Its sentiment is what the customer feels."))
            elif node.sentiment:
                kept.append(_("Sentiment: %(sentiment)s") % {"sentiment": node.sentiment})
            if node.moment_of_truth:
                kept.append(_("Moment of truth"))
            if node.severity:
                kept.append(_("Severity: %(level)s") % {"level": SEVERITIES[node.severity]})
            if node.tags:
                kept.append(_("Tags: %(tags)s") % {"tags": ", ".join(node.tags)})
            if kept:
                text = "\n\n".join(part for part in (text, " · ".join(kept)) if part)
                details.append(_("Kept in that text: %(what)s.") % {"what": " · ".join(kept)})
            card[field_name] = text
            channel = next(
                (self.channels[tag.casefold()] for tag in node.tags if tag.casefold() in self.channels), None
            )
            if channel is not None:
                details.append(_("Its channel, “%(channel)s”, is one of its tags.") % {"channel": channel})
            else:
                self.without_channel += 1
            card["channel"] = channel or str(NO_CHANNEL)
            card["personas"] = []
        if node.blueprint:
            lanes = ", ".join(f"“{BLUEPRINT_PARTS[part][0]}”" for part in node.blueprint)
            details.append(_("Its blueprint is in the lanes %(lanes)s.") % {"lanes": lanes})
        stage = self.stages[node.stage]
        self.origins[f"stages[{node.stage}].touchpoints[{len(stage['touchpoints'])}]"] = node.where
        stage["touchpoints"].append(card)
        node.swimlane.carded = True
        self.outcome(node, NodeOutcome.CARD, " ".join(details))

    def persona(self, name) -> str:
        """The file's reference of the persona of this name (added to the map's personas)."""
        if not isinstance(name, str):
            return name  # (refused by the JSON import's checks)
        return self.personas.setdefault(name.strip(), f"persona-{len(self.personas) + 1}")

    # -- the document -------------------------------------------------------------------------------------

    def translate(self) -> Translation:
        self.choose_lanes()
        if self.problems:
            raise ImportInvalid(self.problems)
        persona_names = self.ours.get("personas") if self.ours else None
        if isinstance(persona_names, list):
            for index, name in enumerate(persona_names):
                self.origins[f"personas[{len(self.personas)}]"] = f"{EXTENSION}.personas[{index}]"
                self.persona(name)
        else:
            name = self.data.get("persona", self.metadata.get("persona"))
            if isinstance(name, str) and name.strip():
                self.origins["personas[0]"] = "persona"
                self.persona(name)
        self.place_nodes()
        lanes = self.lanes()
        pov = self.data.get("pointOfView", self.metadata.get("pov", self.metadata.get("pointOfView")))
        pov = pov.strip() if isinstance(pov, str) else ""
        title = self.data.get("title", self.metadata.get("title"))
        title = title.strip() if isinstance(title, str) else ""
        document = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "journey": {"title": title or pov[:200] or _("Imported journey"), "description": pov},
            "personas": [{"ref": ref, "name": name} for name, ref in self.personas.items()],
            "stages": [
                {key: value for key, value in stage.items() if key != "emotion_override"} for stage in self.stages
            ],
            "lanes": lanes,
        }
        self.report_notes()
        return Translation(document, {"nodes": self.report_nodes, "notes": self.notes}, self.origins)

    def lanes(self) -> list[dict]:
        """The map's lanes in order, each text lane with its texts; the lanes added to show what the nodes
        became (when the file is not Journey board's own: its lanes are the map's)."""
        cards = [card for stage in self.stages for card in stage["touchpoints"]]
        ordered: list[tuple[dict, str]] = []
        has = {swimlane.kind for swimlane in self.swimlanes}
        rollups = {swimlane.lane["rollup_field"] for swimlane in self.swimlanes if swimlane.kind == LaneKind.ROLLUP}
        added = []
        if not self.ours:
            if LaneKind.CURVE not in has and any(node.score is not None for node in self.nodes):
                ordered.append(({**self.lane(LaneKind.CURVE), "cells": []}, ""))
                self.notes.append(_("An emotion curve was added: it follows the nodes' scores, as the cards' emotion."))
            if LaneKind.CARDS not in has and cards:
                added.append(self.lane(LaneKind.CARDS))
                self.notes.append(_("A touchpoints lane was added for the cards."))
            for field_name in (RollupField.PAIN_POINTS, RollupField.OPPORTUNITIES):
                if field_name not in rollups and any(card[field_name] for card in cards):
                    added.append(self.lane(LaneKind.ROLLUP, rollup_field=field_name))
                    self.notes.append(
                        _("A lane gathering the cards' %(field)s was added.") % {"field": field_name.label}
                    )
            added = [{**lane, "cells": []} for lane in added]
            if LaneKind.CARDS not in has:
                ordered += [(lane, "") for lane in added]
        for swimlane in self.swimlanes:
            lane = swimlane.lane
            if lane is None or (lane["kind"] == LaneKind.CARDS and swimlane.extension.get("absent") is True):
                continue
            if lane["kind"] == LaneKind.TEXT and swimlane.carded and not swimlane.merged and not swimlane.extension:
                self.notes.append(
                    _("The swimlane “%(name)s” has no lane of its own: its nodes are cards, in the touchpoints lane.")
                    % {"name": swimlane.name}
                )
                continue
            lane = {**lane, "cells": self.cells(swimlane.index)}
            ordered.append((lane, f"swimlanes[{swimlane.index}]"))
            if lane["kind"] == LaneKind.CARDS and not self.ours:
                ordered += [(extra, "") for extra in added]
        for part, lane in self.extra_lanes.items():
            ordered.append(({**lane, "cells": self.cells(part)}, "blueprint"))
            self.notes.append(
                _("The text lane “%(lane)s” was added for the nodes' service blueprints.") % {"lane": lane["title"]}
            )
        for index, (_lane, origin) in enumerate(ordered):
            if origin:
                self.origins[f"lanes[{index}]"] = origin
                for cell in range(len(_lane["cells"])):
                    self.origins[f"lanes[{index}].cells[{cell}]"] = origin
        return [lane for lane, _origin in ordered]

    def cells(self, key) -> list[dict]:
        return [
            {"stage": stage, "body": "\n\n".join(texts)} for stage, texts in sorted(self.texts.get(key, {}).items())
        ]

    def report_notes(self) -> None:
        if self.without_channel:
            message = ngettext(
                "%(count)d card names no channel of the workspace in its tags: it is in the channel “%(name)s”.",
                "%(count)d cards name no channel of the workspace in their tags: they are in the channel “%(name)s”.",
                self.without_channel,
            )
            self.notes.append(message % {"count": self.without_channel, "name": NO_CHANNEL})
        icons = sum(node.has_icon for node in self.nodes)
        colors = sum(node.has_icon_color for node in self.nodes)
        overrides = sum(stage["emotion_override"] for stage in self.stages)
        lost = []
        if icons:
            lost.append(
                ngettext("the icon of %(count)d node", "the icons of %(count)d nodes", icons) % {"count": icons}
            )
        if colors:
            lost.append(
                ngettext("the icon colour of %(count)d node", "the icon colours of %(count)d nodes", colors)
                % {"count": colors}
            )
        if overrides:
            lost.append(
                ngettext(
                    "the emotion set by hand on %(count)d stage",
                    "the emotions set by hand on %(count)d stages",
                    overrides,
                )
                % {"count": overrides}
            )
        if lost:
            self.notes.append(
                _("Not kept, as Journey board has no place for them: %(what)s.") % {"what": "; ".join(lost)}
            )
