"""Restore a backup archive (docs/backup-format.md) into a new workspace.

`read_archive` checks all of it first: the archive itself (backups.archive.unpack), its manifest, its
workspace.json, each map with the map import's own rules (exports.importers.json_importer.validate),
the "backup" section of each map, and that everything named is in the archive (a channel, a persona,
a metric, a person, a map or a card named but not there is a problem). Every problem is listed
(ImportInvalid) and nothing is written. `write` then makes the workspace in one transaction, with a
bulk insert per kind of row, whatever the number of maps.

People. Accounts are never created. Whoever restores owns the new workspace; a person of the archive
is "found" when they are a member of the new workspace by the same username or e-mail address (with
`with_members`, operators only, the archive's members whose accounts exist here by that username and
address are made members again first, with their roles). Then:

- what someone *did* (made a map or a persona, wrote a comment or a revision, recorded a reading,
  added evidence, resolved a thread, reviewed a stage, the activity feed's actor) is linked to the
  person when found, else to whoever restores; the name the history shows is kept as it was
  (a revision's and a comment's author, who resolved or reopened a thread, the activity's actor);
- what someone is *responsible for* (a card's, a strategy's or an opportunity's owner) is linked
  to the person when found, else left without owner: the restorer is not made the owner of it all.

The report (RestoreReport) says who was found and who was not.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from activity.models import ActivityTarget, BoardActivity
from boards.services import card_badges_refresh
from channels.models import Channel
from comments.models import Comment, Thread
from comments.services import MAX_BODY
from core.users import display_name
from evidence.models import CardConfidence, Evidence
from exports.importers import json_importer
from exports.importers.common import ImportInvalid, Problems, check_model_fields, text_value
from exports.importers.json_importer import TOUCHPOINT_TEXT, MapPlan
from exports.insights import EVIDENCE_FIELDS, METRIC_FIELDS, OPPORTUNITY_FIELDS
from guide.models import StageReview
from journeys.models import Journey, Lane, LaneCell, Stage
from journeys.signals import Change
from journeys.stage_templates import TEMPLATES_BY_KEY
from metrics.models import CardMetric, Metric, Reading
from opportunities.models import Opportunity, score_of
from personas.models import Persona
from personas.services import PERSONA_FIELDS
from strategies.models import RevisionKind
from strategies.services import strategies_import_bulk
from touchpoints.models import Touchpoint
from workspaces.models import Membership, Role, Workspace

from . import archive

Progress = Callable[[int], None]

MAX_PEOPLE = 10_000
MAX_CHANNELS = 1_000
MAX_PERSONAS = 5_000
MAX_METRICS = 1_000
MAX_THREADS = 50_000  # per map, as its cards and strategies bound them
MAX_COMMENTS = 10_000  # per thread
MAX_ACTIVITY = 500_000  # per map
MAX_POSITION = 2**31 - 1
BATCH = 1000


# --- Reading and checking -------------------------------------------------------------------------


@dataclass
class Person:
    username: str
    email: str
    name: str
    role: str | None


@dataclass
class MapToRestore:
    file: str
    ref: str
    plan: MapPlan
    card_refs: list[list[str]]  # per stage, in order
    featured: list[str]  # persona refs
    extras: dict


@dataclass
class RestorePlan:
    manifest: dict
    name: str
    people: dict[str, Person]
    channels: list[dict]
    personas: list[dict]
    metrics: list[dict]
    maps: list[MapToRestore]
    future_of: dict[str, str]
    card_origins: dict[str, str]
    counts: dict[str, int] = field(default_factory=dict)


def _parse(problems: Problems, name: str, raw: bytes) -> dict | None:
    try:
        return json_importer.parse(raw)
    except ImportInvalid as invalid:
        for problem in invalid.problems:
            problems.add(f"{name} {problem['row']}".strip(), problem["field"], problem["message"])
    return None


def _list(problems: Problems, where: str, data: dict, key: str, limit: int, *, required: bool = False) -> list:
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        problems.add(where, key, _("Expected a list."))
        return []
    if len(value) > limit:
        problems.add(where, key, _("At most %(max)d items can be restored here.") % {"max": limit})
        return []
    return value


def _position(problems: Problems, where: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_POSITION:
        problems.add(where, "position", _("Enter a whole number from 0."))
        return 0
    return value


def _moment(problems: Problems, where: str, name: str, value, *, required: bool = False) -> datetime.datetime | None:
    if value is None and not required:
        return None
    parsed = None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
    if parsed is None or timezone.is_naive(parsed):
        problems.add(where, name, _("Enter a date and time with its time zone (ISO 8601)."))
        return None
    return parsed


def _short_text(problems: Problems, where: str, name: str, value, limit: int, *, required: bool = False) -> str:
    text = text_value(problems, where, name, value, required=required)
    if len(text) > limit:
        problems.add(where, name, _("At most %(max)d characters.") % {"max": limit})
        return text[:limit]
    return text


class _References:
    """Checks that what a document names is in the archive, and says so where it is not."""

    def __init__(self, problems: Problems, people: dict[str, Person]):
        self.problems = problems
        self.people = people

    def person(self, where: str, name: str, value) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or value not in self.people:
            self.problems.add(
                where, name, _("“%(name)s” is not among the archive's people.") % {"name": str(value)[:150]}
            )
            return None
        return value

    def among(self, where: str, name: str, value, known, message: str):
        if value is None:
            return None
        if not isinstance(value, str) or value not in known:
            self.problems.add(where, name, message % {"ref": str(value)[:200]})
            return None
        return value

    def index(self, where: str, name: str, value, size: int) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
            self.problems.add(
                where, name, _("No item of the map is at position %(index)s.") % {"index": str(value)[:20]}
            )
            return None
        return value


def read_archive(handle: IO[bytes], *, progress: Progress | None = None) -> RestorePlan:
    """The archive checked whole, ready to be written; ImportInvalid lists what is wrong with it."""
    documents = archive.unpack(handle)
    problems = Problems()
    manifest_data = _parse(problems, archive.MANIFEST, documents[archive.MANIFEST])
    if problems:
        raise ImportInvalid(problems)
    manifest = archive.check_manifest(manifest_data, set(documents))
    workspace_data = _parse(problems, archive.WORKSPACE, documents[archive.WORKSPACE]) or {}
    if problems:
        raise ImportInvalid(problems)
    plan = _workspace_plan(problems, manifest, workspace_data)
    references = _References(problems, plan.people)
    persona_refs = {persona["ref"] for persona in plan.personas}
    channel_names = {channel["name"] for channel in plan.channels}
    metric_names = {metric["name"] for metric in plan.metrics}
    map_files = sorted((name for name in documents if archive.MAP_FILE.fullmatch(name)), key=lambda n: (len(n), n))
    journey_refs: set[str] = set()
    card_refs: set[str] = set()
    for number, name in enumerate(map_files):
        document = _parse(problems, name, documents.pop(name))
        if document is not None:
            entry = _map_plan(problems, name, document, references, persona_refs, channel_names, metric_names)
            if entry is not None:
                _check_unique_refs(problems, entry, journey_refs, card_refs)
                plan.maps.append(entry)
        if progress:
            progress(5 + 35 * (number + 1) // max(len(map_files), 1))
    links = workspace_data.get("links") or {}
    if not isinstance(links, dict):
        problems.add(archive.WORKSPACE, "links", _("Expected an object."))
        links = {}
    plan.future_of = _links(problems, links, "future_of", journey_refs, _("No map of the archive is “%(ref)s”."))
    plan.card_origins = _links(problems, links, "card_origins", card_refs, _("No card of the archive is “%(ref)s”."))
    plan.counts = _counts(plan)
    if not problems:  # (a map refused is not counted: its count would only add a problem)
        _check_counts(problems, manifest.get("counts") or {}, plan.counts)
    if problems:
        raise ImportInvalid(problems)
    return plan


def _workspace_plan(problems: Problems, manifest: dict, data: dict) -> RestorePlan:
    where = archive.WORKSPACE
    settings_data = data.get("workspace")
    if not isinstance(settings_data, dict):
        problems.add(where, "workspace", _("Expected an object."))
        settings_data = {}
    name = text_value(problems, where, "workspace.name", settings_data.get("name"), required=True).strip()
    check_model_fields(problems, where, Workspace, {"name": name})

    people: dict[str, Person] = {}
    for index, entry in enumerate(_list(problems, where, data, "people", MAX_PEOPLE)):
        spot = f"{where} people[{index}]"
        if not isinstance(entry, dict):
            problems.add(spot, "", _("Expected an object."))
            continue
        username = _short_text(problems, spot, "username", entry.get("username"), 150, required=True)
        if username in people:
            problems.add(spot, "username", _("“%(name)s” is listed twice.") % {"name": username})
        role = entry.get("role")
        if role is not None and role not in Role.values:
            problems.add(spot, "role", _("Unknown role."))
            role = None
        people[username] = Person(
            username=username,
            email=_short_text(problems, spot, "email", entry.get("email"), 254),
            name=_short_text(problems, spot, "name", entry.get("name"), 150),
            role=role,
        )
    references = _References(problems, people)

    channels, channel_names = [], set()
    for index, entry in enumerate(_list(problems, where, data, "channels", MAX_CHANNELS)):
        spot = f"{where} channels[{index}]"
        if not isinstance(entry, dict):
            problems.add(spot, "", _("Expected an object."))
            continue
        channel_name = text_value(problems, spot, "name", entry.get("name"), required=True).strip()
        check_model_fields(problems, spot, Channel, {"name": channel_name})
        if channel_name in channel_names:
            problems.add(spot, "name", _("The channel “%(name)s” is listed twice.") % {"name": channel_name[:80]})
        channel_names.add(channel_name)
        channels.append({"name": channel_name, "position": _position(problems, spot, entry.get("position", 0))})

    personas, refs = [], set()
    for index, entry in enumerate(_list(problems, where, data, "personas", MAX_PERSONAS)):
        spot = f"{where} personas[{index}]"
        if not isinstance(entry, dict):
            problems.add(spot, "", _("Expected an object."))
            continue
        ref = entry.get("ref")
        if not isinstance(ref, str) or not ref or len(ref) > 100:
            problems.add(spot, "ref", _("Each persona needs a reference (“ref”)."))
        elif ref in refs:
            problems.add(spot, "ref", _("The reference “%(ref)s” is used twice.") % {"ref": ref})
        refs.add(ref)
        values = {
            name: text_value(problems, spot, name, entry.get(name), required=name == "name") for name in PERSONA_FIELDS
        }
        if not values["color"]:
            values.pop("color")
        check_model_fields(problems, spot, Persona, values)
        preferred = []
        for position, channel in enumerate(_list(problems, spot, entry, "preferred_channels", MAX_CHANNELS)):
            preferred.append(
                references.among(
                    f"{spot}.preferred_channels[{position}]",
                    "preferred_channels",
                    channel,
                    channel_names,
                    _("No channel of the archive is called “%(ref)s”."),
                )
            )
        personas.append(
            {
                "ref": ref,
                **values,
                "preferred_channels": [name for name in dict.fromkeys(preferred) if name],
                "created_by": references.person(spot, "created_by", entry.get("created_by")),
            }
        )

    metrics, metric_names, roles = [], set(), set()
    for index, entry in enumerate(_list(problems, where, data, "metrics", MAX_METRICS)):
        spot = f"{where} metrics[{index}]"
        if not isinstance(entry, dict):
            problems.add(spot, "", _("Expected an object."))
            continue
        values: dict[str, Any] = {name: entry.get(name) for name in METRIC_FIELDS}
        values["name"] = text_value(problems, spot, "name", values["name"], required=True)
        for text_name in ("kind", "unit", "description", "roi_role"):
            values[text_name] = text_value(problems, spot, text_name, values[text_name] or "")
        for number_name in ("target", "warning"):
            values[number_name] = _decimal(problems, spot, number_name, values[number_name])
        values["higher_is_better"] = values["higher_is_better"] is not False
        metric = Metric(**values)
        try:
            metric.clean_fields(exclude=["workspace"])
            metric.clean()
        except ValidationError as error:
            problems.add_validation_error(spot, error)
            continue
        if metric.name in metric_names:
            problems.add(spot, "name", _("This workspace already has a metric of this name."))
        if metric.roi_role and metric.roi_role in roles:
            problems.add(spot, "roi_role", _("Another metric of this workspace already counts as this in the report."))
        metric_names.add(metric.name)
        roles.add(metric.roi_role or None)
        metrics.append(
            {
                **{name: getattr(metric, name) for name in METRIC_FIELDS},
                "position": _position(problems, spot, entry.get("position", index)),
            }
        )
    return RestorePlan(
        manifest=manifest,
        name=name,
        people=people,
        channels=channels,
        personas=personas,
        metrics=metrics,
        maps=[],
        future_of={},
        card_origins={},
    )


def _decimal(problems: Problems, where: str, name: str, value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            number = None
        if number is not None and number.is_finite():
            return number
    problems.add(where, name, _("Give a number."))
    return None


def _map_plan(
    problems: Problems,
    name: str,
    document: dict,
    references: _References,
    persona_refs: set[str],
    channel_names: set[str],
    metric_names: set[str],
) -> MapToRestore | None:
    try:
        plan = json_importer.validate(document)
    except ImportInvalid as invalid:
        for problem in invalid.problems:
            problems.add(f"{name} {problem['row']}".strip(), problem["field"], problem["message"])
        return None
    channels = {*plan.channels, *(reading["channel"] for reading in plan.insights.readings if reading["channel"])}
    for channel in sorted(channels):
        references.among(name, "channels", channel, channel_names, _("No channel of the archive is called “%(ref)s”."))
    if plan.lanes is None:
        problems.add(name, "lanes", _("Expected the map's lanes."))
    featured = [persona["ref"] for persona in plan.personas]
    for ref in featured:
        references.among(name, "personas", ref, persona_refs, _("No persona of the archive is “%(ref)s”."))
    for metric in plan.insights.metrics:
        references.among(
            name, "metrics", metric["name"], metric_names, _("No metric of the archive is called “%(ref)s”.")
        )
    for username in sorted(plan.owners):
        references.person(name, "owner", username)

    card_refs: list[list[str]] = []
    for stage_index, stage in enumerate(document["stages"]):
        refs = []
        for position, card in enumerate(stage.get("touchpoints") or []):
            ref = card.get("ref") if isinstance(card, dict) else None
            if not isinstance(ref, str) or not ref or len(ref) > 100:
                problems.add(
                    f"{name} stages[{stage_index}].touchpoints[{position}]", "ref", _("Each card needs its “ref”.")
                )
                ref = ""
            refs.append(ref)
        card_refs.append(refs)

    extras = document.get("backup")
    if not isinstance(extras, dict):
        problems.add(name, "backup", _("This map has no “backup” section: it is a map export, not part of a backup."))
        return None
    checked = _map_extras(problems, name, extras, plan, document, card_refs, references, persona_refs)
    return MapToRestore(
        file=name,
        ref=checked.pop("ref"),
        plan=plan,
        card_refs=card_refs,
        featured=featured,
        extras=checked,
    )


def _aligned_list(problems: Problems, where: str, extras: dict, key: str, size: int) -> list:
    value = extras.get(key, [])
    if not isinstance(value, list) or len(value) != size or not all(isinstance(item, dict) for item in value):
        problems.add(where, key, _("Expected a list of %(count)d objects, one per item of the map.") % {"count": size})
        return [{} for _item in range(size)]
    return value


def _map_extras(
    problems: Problems,
    name: str,
    extras: dict,
    plan: MapPlan,
    document: dict,
    card_refs: list[list[str]],
    references: _References,
    persona_refs: set[str],
) -> dict:
    where = f"{name} backup"
    ref = extras.get("ref")
    if not isinstance(ref, str) or not ref or len(ref) > 100:
        problems.add(where, "ref", _("Each map needs its reference (“ref”)."))
        ref = ""
    persona_message = _("No persona of the archive is “%(ref)s”.")
    checked: dict[str, Any] = {
        "ref": ref,
        "created_by": references.person(where, "created_by", extras.get("created_by")),
    }
    checked["strategies"] = [
        {
            "persona": references.among(
                f"{where}.strategies[{i}]", "persona", item.get("persona"), persona_refs, persona_message
            )
        }
        for i, item in enumerate(_aligned_list(problems, where, extras, "strategies", len(plan.strategies)))
    ]
    checked["evidence"] = [
        {
            "persona": references.among(
                f"{where}.evidence[{i}]", "persona", item.get("persona"), persona_refs, persona_message
            ),
            "created_by": references.person(f"{where}.evidence[{i}]", "created_by", item.get("created_by")),
        }
        for i, item in enumerate(_aligned_list(problems, where, extras, "evidence", len(plan.insights.evidence)))
    ]
    checked["readings"] = [
        {"recorded_by": references.person(f"{where}.readings[{i}]", "recorded_by", item.get("recorded_by"))}
        for i, item in enumerate(_aligned_list(problems, where, extras, "readings", len(plan.insights.readings)))
    ]
    checked["opportunities"] = [
        {
            "created_by": references.person(f"{where}.opportunities[{i}]", "created_by", item.get("created_by")),
            "strategy": references.index(
                f"{where}.opportunities[{i}]", "strategy", item.get("strategy"), len(plan.strategies)
            ),
        }
        for i, item in enumerate(
            _aligned_list(problems, where, extras, "opportunities", len(plan.insights.opportunities))
        )
    ]
    lanes = plan.lanes or []
    cells = extras.get("lane_cells", [[] for _lane in lanes])
    raw_lanes = document.get("lanes") or []
    if (
        not isinstance(cells, list)
        or len(cells) != len(lanes)
        or len(raw_lanes) != len(lanes)
        or any(
            not isinstance(authors, list)
            or len(authors) != len(lane["cells"])
            or len(authors) != len(raw["cells"] or [])
            for authors, lane, raw in zip(cells, lanes, raw_lanes, strict=True)
        )
    ):
        problems.add(where, "lane_cells", _("Expected who wrote each text of each text lane, in order."))
        cells = [[None] * len(lane["cells"]) for lane in lanes]
    checked["lane_cells"] = [
        [references.person(f"{where}.lane_cells[{i}]", "lane_cells", author) for author in authors]
        for i, authors in enumerate(cells)
    ]
    refs_here = {ref for stage in card_refs for ref in stage}
    checked["threads"] = _threads(problems, where, extras, refs_here, len(plan.strategies), references)
    checked["stage_reviews"] = []
    for i, item in enumerate(_list(problems, where, extras, "stage_reviews", MAX_ACTIVITY)):
        spot = f"{where}.stage_reviews[{i}]"
        if not isinstance(item, dict):
            problems.add(spot, "", _("Expected an object."))
            continue
        checked["stage_reviews"].append(
            {
                "stage": references.index(spot, "stage", item.get("stage"), len(plan.stages)),
                "reviewed_by": references.person(spot, "reviewed_by", item.get("reviewed_by")),
                "reviewed_at": _moment(problems, spot, "reviewed_at", item.get("reviewed_at"), required=True),
            }
        )
    checked["activity"] = _activity(problems, where, extras, refs_here, len(plan.stages), references)
    return checked


def _threads(
    problems: Problems, where: str, extras: dict, card_refs: set[str], strategy_count: int, references: _References
) -> list[dict]:
    threads, targets = [], set()
    for i, item in enumerate(_list(problems, where, extras, "threads", MAX_THREADS)):
        spot = f"{where}.threads[{i}]"
        if not isinstance(item, dict):
            problems.add(spot, "", _("Expected an object."))
            continue
        card = references.among(
            spot, "touchpoint", item.get("touchpoint"), card_refs, _("No card of this map is “%(ref)s”.")
        )
        strategy = references.index(spot, "strategy", item.get("strategy"), strategy_count)
        if (item.get("touchpoint") is None) == (item.get("strategy") is None):
            problems.add(spot, "", _("A thread is on one card or one strategy."))
        target = ("card", card) if card is not None else ("strategy", strategy)
        if target in targets:
            problems.add(spot, "", _("A card or a strategy has one thread; this one has another before."))
        targets.add(target)
        comments = []
        for j, entry in enumerate(_list(problems, spot, item, "comments", MAX_COMMENTS)):
            place = f"{spot}.comments[{j}]"
            if not isinstance(entry, dict):
                problems.add(place, "", _("Expected an object."))
                continue
            comments.append(
                {
                    "author": references.person(place, "author", entry.get("author")),
                    "author_name": _short_text(problems, place, "author_name", entry.get("author_name"), 150),
                    "body": _short_text(problems, place, "body", entry.get("body"), MAX_BODY, required=True),
                    "created_at": _moment(problems, place, "created_at", entry.get("created_at"), required=True),
                    "edited_at": _moment(problems, place, "edited_at", entry.get("edited_at")),
                    "mentions": [
                        references.person(place, "mentions", username)
                        for username in _list(problems, place, entry, "mentions", 100)
                    ],
                }
            )
        threads.append(
            {
                "touchpoint": card,
                "strategy": strategy,
                "created_at": _moment(problems, spot, "created_at", item.get("created_at"), required=True),
                "resolved_at": _moment(problems, spot, "resolved_at", item.get("resolved_at")),
                "resolved_by": references.person(spot, "resolved_by", item.get("resolved_by")),
                "resolved_by_name": _short_text(problems, spot, "resolved_by_name", item.get("resolved_by_name"), 150),
                "reopened_at": _moment(problems, spot, "reopened_at", item.get("reopened_at")),
                "reopened_by": references.person(spot, "reopened_by", item.get("reopened_by")),
                "reopened_by_name": _short_text(problems, spot, "reopened_by_name", item.get("reopened_by_name"), 150),
                "comments": comments,
            }
        )
    return threads


def _activity(
    problems: Problems, where: str, extras: dict, card_refs: set[str], stage_count: int, references: _References
) -> list[dict]:
    entries = []
    for i, item in enumerate(_list(problems, where, extras, "activity", MAX_ACTIVITY)):
        spot = f"{where}.activity[{i}]"
        if not isinstance(item, dict):
            problems.add(spot, "", _("Expected an object."))
            continue
        action, target_type, changes = item.get("action"), item.get("target_type"), item.get("changes", {})
        if action not in Change.values:
            problems.add(spot, "action", _("Unknown change."))
        if target_type not in ActivityTarget.values:
            problems.add(spot, "target_type", _("Unknown kind of target."))
        if not isinstance(changes, dict):
            problems.add(spot, "changes", _("Expected an object."))
            changes = {}
        entries.append(
            {
                "actor": references.person(spot, "actor", item.get("actor")),
                "actor_name": _short_text(problems, spot, "actor_name", item.get("actor_name"), 150),
                "action": action,
                "target_type": target_type,
                "stage": references.index(spot, "stage", item.get("stage"), stage_count),
                "touchpoint": references.among(
                    spot, "touchpoint", item.get("touchpoint"), card_refs, _("No card of this map is “%(ref)s”.")
                ),
                "target_label": _short_text(problems, spot, "target_label", item.get("target_label"), 200),
                "changes": changes,
                "created_at": _moment(problems, spot, "created_at", item.get("created_at"), required=True),
            }
        )
    return entries


def _check_unique_refs(problems: Problems, entry: MapToRestore, journey_refs: set[str], card_refs: set[str]) -> None:
    if entry.ref in journey_refs:
        problems.add(entry.file, "backup.ref", _("The reference “%(ref)s” is used twice.") % {"ref": entry.ref})
    journey_refs.add(entry.ref)
    for ref in (ref for stage in entry.card_refs for ref in stage if ref):
        if ref in card_refs:
            problems.add(entry.file, "touchpoints", _("The reference “%(ref)s” is used twice.") % {"ref": ref})
        card_refs.add(ref)


def _links(problems: Problems, links: dict, key: str, known: set[str], message: str) -> dict[str, str]:
    value = links.get(key) or {}
    if not isinstance(value, dict):
        problems.add(archive.WORKSPACE, f"links.{key}", _("Expected an object."))
        return {}
    checked = {}
    for ref, target in value.items():
        if ref not in known or not isinstance(target, str) or target not in known:
            missing = ref if ref not in known else target
            problems.add(archive.WORKSPACE, f"links.{key}", message % {"ref": str(missing)[:200]})
            continue
        checked[ref] = target
    return checked


def _counts(plan: RestorePlan) -> dict[str, int]:
    maps = [entry.plan for entry in plan.maps]
    extras = [entry.extras for entry in plan.maps]
    return {
        "maps": len(maps),
        "stages": sum(len(map_plan.stages) for map_plan in maps),
        "touchpoints": sum(map_plan.touchpoint_count for map_plan in maps),
        "lanes": sum(len(map_plan.lanes or []) for map_plan in maps),
        "strategies": sum(len(map_plan.strategies) for map_plan in maps),
        "strategy_revisions": sum(len(s["revisions"]) for map_plan in maps for s in map_plan.strategies),
        "readings": sum(len(map_plan.insights.readings) for map_plan in maps),
        "evidence": sum(len(map_plan.insights.evidence) for map_plan in maps),
        "opportunities": sum(len(map_plan.insights.opportunities) for map_plan in maps),
        "comment_threads": sum(len(extra["threads"]) for extra in extras),
        "comments": sum(len(thread["comments"]) for extra in extras for thread in extra["threads"]),
        "stage_reviews": sum(len(extra["stage_reviews"]) for extra in extras),
        "activity": sum(len(extra["activity"]) for extra in extras),
        "people": len(plan.people),
        "channels": len(plan.channels),
        "personas": len(plan.personas),
        "metrics": len(plan.metrics),
    }


def _check_counts(problems: Problems, declared: dict, counted: dict[str, int]) -> None:
    """A manifest that counts more (or less) than the archive holds: a truncated or altered archive."""
    for name, number in counted.items():
        if name in declared and declared[name] != number:
            problems.add(
                archive.MANIFEST,
                f"counts.{name}",
                _("The manifest counts %(declared)s; the archive holds %(count)d.")
                % {"declared": str(declared[name])[:20], "count": number},
            )


# --- Writing ----------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    workspace_id: int
    counts: dict[str, int]
    found: list[dict]  # [{"username", "name", "account"}]: people linked to a member here
    not_found: list[dict]  # [{"username", "name"}]: their acts are the restorer's, their names kept

    def as_json(self) -> dict:
        return {"counts": self.counts, "found": self.found, "not_found": self.not_found}


class _People:
    """Who each username of the archive is here (see the module's docstring)."""

    def __init__(self, plan: RestorePlan, workspace: Workspace, owner):
        self.owner = owner
        self.plan = plan
        user_model = get_user_model()
        members = list(user_model.objects.filter(memberships__workspace=workspace))
        by_username = {user.get_username(): user for user in members}
        by_email = {user.email.lower(): user for user in members if user.email}
        self.accounts: dict[str, Any] = {}
        for username, person in plan.people.items():
            account = by_username.get(username) or (by_email.get(person.email.lower()) if person.email else None)
            if account is not None:
                self.accounts[username] = account

    def actor(self, username: str | None):
        """Who did it: the person's account here, else whoever restores."""
        if username is None:
            return None
        return self.accounts.get(username, self.owner)

    def assignee(self, username: str | None):
        """Who is responsible: the person's account here, else no one."""
        return self.accounts.get(username) if username is not None else None

    def name(self, username: str | None, kept: str = "") -> str:
        """The name a history shows for what the person did: as the archive has it (else their name in it)."""
        if kept:
            return kept
        person = self.plan.people.get(username) if username else None
        return (person.name or person.username) if person else ""

    def kept_name(self, username: str | None, kept: str = "") -> str:
        """The name a comment or a thread keeps beside its link: none when the person is found here (the
        account says who), theirs when the link goes to whoever restores (or to no one)."""
        return "" if username in self.accounts else self.name(username, kept)

    def report(self) -> tuple[list[dict], list[dict]]:
        found, not_found = [], []
        for username, person in sorted(self.plan.people.items()):
            account = self.accounts.get(username)
            if account is not None:
                found.append({"username": username, "name": person.name, "account": account.get_username()})
            else:
                not_found.append({"username": username, "name": person.name})
        return found, not_found


def free_workspace_name(owner, name: str) -> str:
    """`name`, or "name (restored)", "name (restored 2)"... when the owner is already in a workspace of it."""
    limit = Workspace._meta.get_field("name").max_length or 120
    taken = set(Workspace.objects.filter(memberships__user=owner).values_list("name", flat=True))
    if name not in taken:
        return name
    for number in range(1, 1000):
        pattern = _("%(name)s (restored)") if number == 1 else _("%(name)s (restored %(number)d)")
        mark = pattern % {"name": "", "number": number}
        candidate = pattern % {"name": name[: limit - len(mark)], "number": number}
        if candidate not in taken:
            return candidate
    return name[: limit - 20] + f" {timezone.now():%Y-%m-%d %H:%M:%S}"


def _restore_members(plan: RestorePlan, workspace: Workspace, owner) -> None:
    """The archive's members whose accounts exist here (same username and e-mail address), with their roles."""
    user_model = get_user_model()
    wanted = {username: person for username, person in plan.people.items() if person.role}
    accounts = user_model.objects.filter(**{f"{user_model.USERNAME_FIELD}__in": list(wanted)}).exclude(pk=owner.pk)
    Membership.objects.bulk_create(
        [
            Membership(workspace=workspace, user=account, role=wanted[account.get_username()].role)
            for account in accounts
            if (account.email or "").lower() == wanted[account.get_username()].email.lower()
        ]
    )


@transaction.atomic
def write(
    plan: RestorePlan, *, owner, name: str = "", with_members: bool = False, progress: Progress | None = None
) -> RestoreReport:
    """Make the new workspace from a checked archive, `owner` its owner: one transaction, a bulk insert per
    kind of row (a few dozen queries, and a few per map for the cards' kept badges)."""
    workspace = Workspace(name=free_workspace_name(owner, (name or plan.name).strip()))
    workspace.full_clean()
    workspace.save()  # (not workspace_create: its default channels and metrics are the archive's here)
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    if with_members:
        _restore_members(plan, workspace, owner)
    people = _People(plan, workspace, owner)
    writer = _Writer(plan, workspace, people)
    writer.run(progress)
    found, not_found = people.report()
    return RestoreReport(workspace_id=workspace.pk, counts=plan.counts, found=found, not_found=not_found)


class _Writer:
    def __init__(self, plan: RestorePlan, workspace: Workspace, people: _People):
        self.plan, self.workspace, self.people = plan, workspace, people

    def run(self, progress: Progress | None) -> None:
        step = progress or (lambda percent: None)
        self.workspace_rows()
        step(45)
        self.maps_and_cards()
        step(60)
        self.lanes()
        self.strategies()
        step(70)
        self.insights()
        step(80)
        self.threads()
        self.guide_and_activity()
        step(90)
        for journey in self.journeys:
            card_badges_refresh(journey=journey)
        step(95)

    # Workspace --------------------------------------------------------------------------------

    def workspace_rows(self) -> None:
        plan, workspace, people = self.plan, self.workspace, self.people
        channels = Channel.objects.bulk_create(
            [Channel(workspace=workspace, name=item["name"], position=item["position"]) for item in plan.channels],
            batch_size=BATCH,
        )
        self.channels = {channel.name: channel for channel in channels}
        personas = Persona.objects.bulk_create(
            [
                Persona(
                    workspace=workspace,
                    created_by=people.actor(item["created_by"]),
                    **{name: item[name] for name in PERSONA_FIELDS if name in item},
                )
                for item in plan.personas
            ],
            batch_size=BATCH,
        )
        self.personas = {item["ref"]: persona for item, persona in zip(plan.personas, personas, strict=True)}
        Persona.preferred_channels.through.objects.bulk_create(
            [
                Persona.preferred_channels.through(persona_id=persona.pk, channel_id=self.channels[name].pk)
                for item, persona in zip(plan.personas, personas, strict=True)
                for name in item["preferred_channels"]
            ],
            batch_size=BATCH,
        )
        metrics = Metric.objects.bulk_create(
            [
                Metric(workspace=workspace, position=item["position"], **{name: item[name] for name in METRIC_FIELDS})
                for item in plan.metrics
            ],
            batch_size=BATCH,
        )
        self.metrics = {metric.name: metric for metric in metrics}

    # Maps, stages, cards --------------------------------------------------------------------------

    def maps_and_cards(self) -> None:
        people, maps = self.people, self.plan.maps
        journeys = []
        for entry in maps:
            values = entry.plan.journey
            journeys.append(
                Journey(
                    workspace=self.workspace,
                    title=values["title"],
                    description=values["description"],
                    template=values["template"] if values["template"] in TEMPLATES_BY_KEY else "",
                    state=values["state"],
                    state_name=values["state_name"],
                    review_interval_days=values["review_interval_days"],
                    created_by=people.actor(entry.extras["created_by"]),
                )
            )
        self.journeys = Journey.objects.bulk_create(journeys, batch_size=BATCH)
        by_ref = {entry.ref: journey for entry, journey in zip(maps, self.journeys, strict=True)}
        for ref, target in self.plan.future_of.items():
            by_ref[ref].future_of = by_ref[target]
        Journey.objects.bulk_update([by_ref[ref] for ref in self.plan.future_of], ["future_of"], batch_size=BATCH)
        Journey.personas.through.objects.bulk_create(
            [
                Journey.personas.through(journey_id=journey.pk, persona_id=self.personas[ref].pk)
                for entry, journey in zip(maps, self.journeys, strict=True)
                for ref in dict.fromkeys(entry.featured)
            ],
            batch_size=BATCH,
        )
        stages = Stage.objects.bulk_create(
            [
                Stage(journey=journey, position=position, **{name: data[name] for name in ("name", *_STAGE_TEXT)})
                for entry, journey in zip(maps, self.journeys, strict=True)
                for position, data in enumerate(entry.plan.stages)
            ],
            batch_size=BATCH,
        )
        self.stages: list[list[Stage]] = []
        at = 0
        for entry in maps:
            self.stages.append(stages[at : at + len(entry.plan.stages)])
            at += len(entry.plan.stages)
        cards, tags = [], []
        for entry, journey_stages in zip(maps, self.stages, strict=True):
            for stage, data in zip(journey_stages, entry.plan.stages, strict=True):
                for position, card in enumerate(data["touchpoints"]):
                    cards.append(
                        Touchpoint(
                            stage=stage,
                            channel=self.channels[card["channel"]],
                            owner=people.assignee(card["owner"]),
                            position=position,
                            emotion=card["emotion"],
                            **{name: card[name] for name in ("title", *TOUCHPOINT_TEXT)},
                        )
                    )
                    tags.append(card["personas"])
        created = Touchpoint.objects.bulk_create(cards, batch_size=BATCH)
        Touchpoint.personas.through.objects.bulk_create(
            [
                Touchpoint.personas.through(touchpoint_id=card.pk, persona_id=self.personas[ref].pk)
                for card, refs in zip(created, tags, strict=True)
                for ref in dict.fromkeys(refs)
            ],
            batch_size=BATCH,
        )
        # Per map, per stage, in order (as the map's documents name cards: [stage, position]).
        self.cards: list[list[list[Touchpoint]]] = []
        by_card_ref: dict[str, Touchpoint] = {}
        walk = iter(created)
        for entry in maps:
            per_stage = []
            for refs in entry.card_refs:
                row = [next(walk) for _ref in refs]
                by_card_ref.update(zip(refs, row, strict=True))
                per_stage.append(row)
            self.cards.append(per_stage)
        self.card_by_ref = by_card_ref
        for ref, origin in self.plan.card_origins.items():
            by_card_ref[ref].origin = by_card_ref[origin]
        Touchpoint.objects.bulk_update(
            [by_card_ref[ref] for ref in self.plan.card_origins], ["origin"], batch_size=BATCH
        )

    # Lanes ---------------------------------------------------------------------------------------

    def lanes(self) -> None:
        lanes, cells = [], []
        for entry, journey in zip(self.plan.maps, self.journeys, strict=True):
            for position, data in enumerate(entry.plan.lanes or []):
                lanes.append(
                    Lane(
                        journey=journey,
                        kind=data["kind"],
                        position=position,
                        hidden=data["hidden"],
                        **{name: data[name] for name in ("title", "rollup_field", "split_by", "source")},
                    )
                )
        created = iter(Lane.objects.bulk_create(lanes, batch_size=BATCH))
        for entry, stages in zip(self.plan.maps, self.stages, strict=True):
            for data, authors in zip(entry.plan.lanes or [], entry.extras["lane_cells"], strict=True):
                lane = next(created)
                for cell, author in zip(data["cells"], authors, strict=True):
                    cells.append(
                        LaneCell(
                            lane=lane,
                            stage=stages[cell["stage"]],
                            body=cell["body"],
                            updated_by=self.people.actor(author),
                        )
                    )
        LaneCell.objects.bulk_create(cells, batch_size=BATCH)

    # Strategies ----------------------------------------------------------------------------------

    def strategies(self) -> None:
        people, items = self.people, []
        for entry, journey, stages, cards in zip(self.plan.maps, self.journeys, self.stages, self.cards, strict=True):
            for strategy, extra in zip(entry.plan.strategies, entry.extras["strategies"], strict=True):
                revisions = [
                    {
                        **revision,
                        "author": people.actor(revision["author"]),
                        "author_name": people.name(revision["author"], revision["author_name"]),
                    }
                    for revision in strategy["revisions"]
                ] or [
                    {
                        "number": 1,
                        "kind": RevisionKind.CREATED,
                        **{name: strategy[name] for name in ("title", "body", "status")},
                        "change_note": "",
                        "restored_from": None,
                        "author": people.owner,
                        "author_name": display_name(people.owner),
                        "created_at": timezone.now(),
                    }
                ]
                stage = card = None
                if strategy["touchpoint"] is not None:
                    card = cards[strategy["stage"]][strategy["touchpoint"]]
                elif strategy["stage"] is not None:
                    stage = stages[strategy["stage"]]
                persona = extra["persona"] or strategy["persona"]
                items.append(
                    {
                        "journey": journey,
                        "stage": stage,
                        "touchpoint": card,
                        "persona": self.personas[persona] if persona else None,
                        "owner": people.assignee(strategy["owner"]),
                        "last_reviewed_on": strategy["last_reviewed"],
                        "revisions": revisions,
                    }
                )
        created = iter(strategies_import_bulk(items=items))
        self.strategy_rows = [[next(created) for _s in entry.plan.strategies] for entry in self.plan.maps]

    # Metrics, evidence, opportunities -------------------------------------------------------------

    def insights(self) -> None:
        people = self.people
        readings, card_metrics, evidence, confidences, opportunities = [], [], [], [], []
        evidence_links, opportunity_links = [], []
        for entry, journey, stages, cards, strategies in zip(
            self.plan.maps, self.journeys, self.stages, self.cards, self.strategy_rows, strict=True
        ):
            insights, extras = entry.plan.insights, entry.extras
            if insights.card_metric:
                card_metrics.append(CardMetric(journey=journey, metric=self.metrics[insights.card_metric]))
            for reading, extra in zip(insights.readings, extras["readings"], strict=True):
                place = reading["touchpoint"]
                readings.append(
                    Reading(
                        journey=journey,
                        metric=self.metrics[reading["metric"]],
                        touchpoint=cards[place[0]][place[1]] if place else None,
                        stage=stages[reading["stage"]] if reading["stage"] is not None else None,
                        channel=self.channels[reading["channel"]] if reading["channel"] else None,
                        period_kind=reading["period_kind"],
                        period_start=reading["period_start"],
                        value=reading["value"],
                        note=reading["note"],
                        source=reading["source"],
                        recorded_by=people.actor(extra["recorded_by"]),
                    )
                )
            items = []
            for item, extra in zip(insights.evidence, extras["evidence"], strict=True):
                persona = extra["persona"] or item["persona"]
                row = Evidence(
                    journey=journey,
                    persona=self.personas[persona] if persona else None,
                    created_by=people.actor(extra["created_by"]),
                    **{name: item[name] for name in (*EVIDENCE_FIELDS, "observed_on")},
                )
                items.append(row)
                evidence.append(row)
                evidence_links.append(
                    (
                        row,
                        [cards[place[0]][place[1]] for place in dict.fromkeys(item["touchpoints"]) if place],
                        [stages[index] for index in dict.fromkeys(item["stages"]) if index is not None],
                    )
                )
            for confidence in insights.confidences:
                place = confidence["touchpoint"]
                confidences.append(CardConfidence(touchpoint=cards[place[0]][place[1]], level=confidence["level"]))
            for item, extra in zip(insights.opportunities, extras["opportunities"], strict=True):
                values = {name: item[name] for name in OPPORTUNITY_FIELDS}
                row = Opportunity(
                    journey=journey,
                    owner=people.assignee(item["owner"]),
                    created_by=people.actor(extra["created_by"]),
                    strategy=strategies[extra["strategy"]] if extra["strategy"] is not None else None,
                    target_date=item["target_date"],
                    score=score_of(values["impact"], values["effort"], values["confidence"]),
                    **values,
                )
                opportunities.append(row)
                opportunity_links.append(
                    (
                        row,
                        [cards[place[0]][place[1]] for place in dict.fromkeys(item["touchpoints"]) if place],
                        [stages[index] for index in dict.fromkeys(item["stages"]) if index is not None],
                        [items[index] for index in dict.fromkeys(item["evidence"])],
                    )
                )
        CardMetric.objects.bulk_create(card_metrics, batch_size=BATCH)
        Reading.objects.bulk_create(readings, batch_size=BATCH)
        Evidence.objects.bulk_create(evidence, batch_size=BATCH)
        Evidence.touchpoints.through.objects.bulk_create(
            [
                Evidence.touchpoints.through(evidence_id=row.pk, touchpoint_id=card.pk)
                for row, cards_of, _stages in evidence_links
                for card in cards_of
            ],
            batch_size=BATCH,
        )
        Evidence.stages.through.objects.bulk_create(
            [
                Evidence.stages.through(evidence_id=row.pk, stage_id=stage.pk)
                for row, _cards, stages_of in evidence_links
                for stage in stages_of
            ],
            batch_size=BATCH,
        )
        CardConfidence.objects.bulk_create(confidences, batch_size=BATCH, ignore_conflicts=True)
        Opportunity.objects.bulk_create(opportunities, batch_size=BATCH)
        through = Opportunity.touchpoints.through
        through.objects.bulk_create(
            [
                through(opportunity_id=row.pk, touchpoint_id=card.pk)
                for row, cards_of, *_rest in opportunity_links
                for card in cards_of
            ],
            batch_size=BATCH,
        )
        through = Opportunity.stages.through
        through.objects.bulk_create(
            [
                through(opportunity_id=row.pk, stage_id=stage.pk)
                for row, _cards, stages_of, _evidence in opportunity_links
                for stage in stages_of
            ],
            batch_size=BATCH,
        )
        through = Opportunity.evidence.through
        through.objects.bulk_create(
            [
                through(opportunity_id=row.pk, evidence_id=item.pk)
                for row, _cards, _stages, evidence_of in opportunity_links
                for item in evidence_of
            ],
            batch_size=BATCH,
        )

    # Comments ------------------------------------------------------------------------------------

    def threads(self) -> None:
        people = self.people
        threads, comments, mentions = [], [], []
        for entry, strategies in zip(self.plan.maps, self.strategy_rows, strict=True):
            for data in entry.extras["threads"]:
                thread = Thread(
                    workspace=self.workspace,
                    touchpoint=self.card_by_ref[data["touchpoint"]] if data["touchpoint"] else None,
                    strategy=strategies[data["strategy"]] if data["strategy"] is not None else None,
                    resolved_at=data["resolved_at"],
                    resolved_by=people.actor(data["resolved_by"]) if data["resolved_at"] else None,
                    resolved_by_name=people.kept_name(data["resolved_by"], data["resolved_by_name"])
                    if data["resolved_at"]
                    else "",
                    reopened_at=data["reopened_at"],
                    reopened_by=people.actor(data["reopened_by"]) if data["reopened_at"] else None,
                    reopened_by_name=people.kept_name(data["reopened_by"], data["reopened_by_name"])
                    if data["reopened_at"]
                    else "",
                )
                thread.kept_created_at = data["created_at"]
                threads.append(thread)
                for item in data["comments"]:
                    comment = Comment(
                        thread=thread,
                        author=people.actor(item["author"]),
                        author_name=people.kept_name(item["author"], item["author_name"]),
                        body=item["body"],
                        edited_at=item["edited_at"],
                    )
                    comment.kept_created_at = item["created_at"]
                    comments.append(comment)
                    accounts = {people.assignee(username) for username in item["mentions"]} - {None}
                    mentions.extend((comment, account) for account in accounts)
        Thread.objects.bulk_create(threads, batch_size=BATCH)
        Comment.objects.bulk_create(comments, batch_size=BATCH)
        # created_at is set on insert (auto_now_add): the times of the archive are written after.
        for row in (*threads, *comments):
            row.created_at = row.kept_created_at
        Thread.objects.bulk_update(threads, ["created_at"], batch_size=BATCH)
        Comment.objects.bulk_update(comments, ["created_at"], batch_size=BATCH)
        Comment.mentions.through.objects.bulk_create(
            [Comment.mentions.through(comment_id=comment.pk, user_id=account.pk) for comment, account in mentions],
            batch_size=BATCH,
        )

    # The guide's reviews, the activity feed ---------------------------------------------------------

    def guide_and_activity(self) -> None:
        people = self.people
        reviews, activity = [], []
        for entry, journey, stages in zip(self.plan.maps, self.journeys, self.stages, strict=True):
            for review in entry.extras["stage_reviews"]:
                if review["stage"] is not None:
                    reviews.append(
                        StageReview(
                            stage=stages[review["stage"]],
                            reviewed_by=people.actor(review["reviewed_by"]),
                            reviewed_at=review["reviewed_at"],
                        )
                    )
            for item in entry.extras["activity"]:
                target_id = 0  # (what it was about is gone; the feed keeps its label)
                if item["stage"] is not None:
                    target_id = stages[item["stage"]].pk
                elif item["touchpoint"] is not None:
                    target_id = self.card_by_ref[item["touchpoint"]].pk
                activity.append(
                    BoardActivity(
                        journey=journey,
                        actor=people.actor(item["actor"]),
                        actor_name=people.name(item["actor"], item["actor_name"]),
                        action=item["action"],
                        target_type=item["target_type"],
                        target_id=target_id,
                        target_label=item["target_label"],
                        changes=item["changes"],
                        created_at=item["created_at"],
                    )
                )
        StageReview.objects.bulk_create(reviews, batch_size=BATCH)
        BoardActivity.objects.bulk_create(activity, batch_size=BATCH)


_STAGE_TEXT = ("description", "customer_goal", "guiding_questions")
