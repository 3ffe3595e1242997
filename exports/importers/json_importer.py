"""Import a JSON export (docs/export-format.md) as a new map in a workspace.

Channels are matched by name in the workspace and created when missing;
personas are matched by name and created when missing; a touchpoint's owner is
kept when a member of the workspace has that username. Strategies come back
with their whole history (exports/importers/strategies.py); the lanes are the
file's, or, for a file without them (format version 1), the template's
(exports/importers/lanes.py).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from channels.models import Channel
from channels.services import channel_create
from journeys.models import Journey, MapState, Stage
from journeys.services import MAX_STAGES_PER_MAP, journey_create, journey_update, stage_create
from journeys.stage_templates import TEMPLATES_BY_KEY
from personas.models import Persona
from personas.services import persona_create
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoints_bulk_create
from workspaces.models import Membership

from ..selectors import FORMAT_NAME, FORMAT_VERSION, PERSONA_FIELDS, STAGE_FIELDS
from . import insights as insight_section
from . import lanes as lane_section
from . import strategies as strategy_section
from .common import MAX_TOUCHPOINTS, ImportInvalid, Problems, check_model_fields, decode_text, emotion_value, text_value

TOUCHPOINT_TEXT = ("does", "thinks", "feels", "pain_points", "opportunities")


@dataclass
class MapPlan:
    """A validated file, ready to be written."""

    journey: dict
    channels: list[str]
    personas: list[dict]  # {"ref", fields..., "preferred_channels": [names]}
    stages: list[dict]  # {fields..., "touchpoints": [{"title", "channel", "personas": [refs], ..., "owner"}]}
    touchpoint_count: int = 0
    owners: set = field(default_factory=set)  # every username the file names (cards, strategies, revisions)
    strategies: list[dict] = field(default_factory=list)  # see importers/strategies.py
    insights: insight_section.InsightsPlan = field(default_factory=insight_section.InsightsPlan)
    lanes: list[dict] | None = None  # see importers/lanes.py; None: the template's


def parse(raw: bytes, *, expected: str = "") -> dict:
    """The file's JSON object; `expected` says what it should have been when it is not an object."""
    text = decode_text(raw, json_escapes=True)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportInvalid(
            [
                {
                    "row": _("line %(line)d") % {"line": error.lineno},
                    "field": "file",
                    "message": _("This is not valid JSON: %(reason)s") % {"reason": error.msg},
                }
            ]
        ) from None
    except RecursionError:  # (lists in lists, thousands deep: no map is)
        message = _("The file nests its data too deeply to be read.")
        raise ImportInvalid([{"row": "", "field": "file", "message": message}]) from None
    if not isinstance(data, dict):
        message = expected or _("Expected a JSON object (a map export).")
        raise ImportInvalid([{"row": "", "field": "file", "message": message}])
    return data


def _list(problems: Problems, data: dict, key: str, where: str, *, required: bool = True) -> list:
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        problems.add(where, key, _("Expected a list."))
        return []
    return value


def validate(data: dict) -> MapPlan:
    problems = Problems()
    if data.get("format") != FORMAT_NAME and "swimlanes" in data and "nodes" in data:
        problems.add("", "format", _("This is an OpenJourney file: import it as an OpenJourney file (.ojf)."))
        raise ImportInvalid(problems)
    if data.get("format") != FORMAT_NAME:
        problems.add(
            "", "format", _("This is not a journey map export (expected format “%(name)s”).") % {"name": FORMAT_NAME}
        )
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.add("", "format_version", _("Missing or invalid format version."))
    elif version > FORMAT_VERSION:
        problems.add(
            "",
            "format_version",
            _("This file uses format version %(version)d; this app reads up to version %(supported)d.")
            % {"version": version, "supported": FORMAT_VERSION},
        )
    if problems:
        raise ImportInvalid(problems)

    journey_data = data.get("journey")
    journey = {}
    if not isinstance(journey_data, dict):
        problems.add("journey", "", _("Expected an object."))
    else:
        journey["title"] = text_value(problems, "journey", "title", journey_data.get("title"), required=True)
        journey["description"] = text_value(problems, "journey", "description", journey_data.get("description"))
        journey["template"] = text_value(problems, "journey", "template", journey_data.get("template"))
        interval = journey_data.get("review_interval_days", 90)
        if isinstance(interval, bool) or not isinstance(interval, int) or interval < 1:
            problems.add("journey", "review_interval_days", _("Enter a whole number of days (1 or more)."))
            interval = 90
        journey["review_interval_days"] = interval
        # (Files before the map states are of the current state.)
        journey["state"] = text_value(problems, "journey", "state", journey_data.get("state")) or MapState.CURRENT
        journey["state_name"] = text_value(problems, "journey", "state_name", journey_data.get("state_name"))
        checked = ("title", "description", "state", "state_name", "review_interval_days")
        check_model_fields(problems, "journey", Journey, {k: journey[k] for k in checked})
        if journey["state"] == MapState.NAMED and not journey["state_name"].strip():
            problems.add("journey", "state_name", _("Name the state, or choose current or future."))

    channels: dict[str, None] = {}
    for index, channel in enumerate(_list(problems, data, "channels", "", required=False)):
        where = f"channels[{index}]"
        name = text_value(
            problems, where, "name", channel.get("name") if isinstance(channel, dict) else None, required=True
        )
        if name.strip():
            check_model_fields(problems, where, Channel, {"name": name.strip()})
            channels[name.strip()] = None

    def channel_name(where: str, value, field_name: str = "channel") -> str:
        name = text_value(problems, where, field_name, value, required=True).strip()
        if name:
            if len(name) > Channel._meta.get_field("name").max_length:
                check_model_fields(problems, where, Channel, {"name": name})
            channels.setdefault(name, None)
        return name

    personas = []
    refs = set()
    for index, persona in enumerate(_list(problems, data, "personas", "", required=False)):
        where = f"personas[{index}]"
        if not isinstance(persona, dict):
            problems.add(where, "", _("Expected an object."))
            continue
        ref = persona.get("ref")
        if not isinstance(ref, str) or not ref:
            problems.add(where, "ref", _("Each persona needs a reference (“ref”)."))
        elif ref in refs:
            problems.add(where, "ref", _("The reference “%(ref)s” is used twice.") % {"ref": ref})
        refs.add(ref)
        values = {
            name: text_value(problems, where, name, persona.get(name), required=name == "name")
            for name in PERSONA_FIELDS
        }
        if not values["color"]:
            values.pop("color")
        check_model_fields(problems, where, Persona, values)
        preferred = [
            channel_name(f"{where}.preferred_channels[{i}]", name, "preferred_channels")
            for i, name in enumerate(_list(problems, persona, "preferred_channels", where, required=False))
        ]
        personas.append({"ref": ref, **values, "preferred_channels": preferred})

    stages = []
    count = 0
    owners = set()
    for index, stage in enumerate(_list(problems, data, "stages", "")):
        where = f"stages[{index}]"
        if not isinstance(stage, dict):
            problems.add(where, "", _("Expected an object."))
            continue
        values = {
            name: text_value(problems, where, name, stage.get(name), required=name == "name") for name in STAGE_FIELDS
        }
        check_model_fields(problems, where, Stage, values)
        touchpoints = []
        for position, touchpoint in enumerate(_list(problems, stage, "touchpoints", where, required=False)):
            spot = f"{where}.touchpoints[{position}]"
            if not isinstance(touchpoint, dict):
                problems.add(spot, "", _("Expected an object."))
                continue
            card = {"title": text_value(problems, spot, "title", touchpoint.get("title"), required=True)}
            for name in TOUCHPOINT_TEXT:
                card[name] = text_value(problems, spot, name, touchpoint.get(name))
            card["emotion"] = emotion_value(problems, spot, touchpoint.get("emotion", 0))
            check_model_fields(problems, spot, Touchpoint, card)
            card["channel"] = channel_name(spot, touchpoint.get("channel"))
            tagged = _list(problems, touchpoint, "personas", spot, required=False)
            for ref in tagged:
                if ref not in refs:
                    problems.add(
                        spot, "personas", _("No persona in the file has the reference “%(ref)s”.") % {"ref": ref}
                    )
            card["personas"] = [ref for ref in tagged if isinstance(ref, str)]
            owner = touchpoint.get("owner")
            if owner is not None and not isinstance(owner, str):
                problems.add(spot, "owner", _("Must be a username or null."))
                owner = None
            if owner:
                owners.add(owner)
            card["owner"] = owner or None
            touchpoints.append(card)
        count += len(touchpoints)
        stages.append({**values, "touchpoints": touchpoints})
    if count > MAX_TOUCHPOINTS:
        problems.add(
            "stages",
            "touchpoints",
            _("At most %(max)d touchpoints can be imported at once.") % {"max": MAX_TOUCHPOINTS},
        )
    if len(stages) > MAX_STAGES_PER_MAP:
        message = ngettext(
            "A map has at most %(max)d stage; this file has %(count)d.",
            "A map has at most %(max)d stages; this file has %(count)d.",
            MAX_STAGES_PER_MAP,
        )
        problems.add("", "stages", message % {"max": MAX_STAGES_PER_MAP, "count": len(stages)})
    lanes = lane_section.validate(problems, data, stage_count=len(stages))
    strategies = strategy_section.validate(problems, data, stages=stages, persona_refs=refs)
    insights = insight_section.validate(problems, data, stages=stages, persona_refs=refs)
    if problems:
        raise ImportInvalid(problems)
    return MapPlan(
        journey=journey,
        channels=list(channels),
        personas=personas,
        stages=stages,
        touchpoint_count=count,
        owners=owners | strategy_section.usernames(strategies) | insights.usernames(),
        strategies=strategies,
        insights=insights,
        lanes=lanes,
    )


@transaction.atomic
def write(plan: MapPlan, *, workspace, created_by, progress: Callable[[int], None] | None = None) -> Journey:
    """Create the map from a validated plan. One transaction: all of it or nothing."""
    existing = {channel.name: channel for channel in Channel.objects.filter(workspace=workspace)}
    for name in plan.channels:
        if name not in existing:
            existing[name] = channel_create(workspace=workspace, name=name)
    channels = existing

    by_name = {}
    for persona in Persona.objects.filter(workspace=workspace).order_by("id"):
        by_name.setdefault(persona.name, persona)
    personas = {}
    for data in plan.personas:
        persona = by_name.get(data["name"])
        if persona is None:
            fields = {name: data[name] for name in PERSONA_FIELDS if name in data}
            persona = persona_create(
                workspace=workspace,
                created_by=created_by,
                preferred_channels=[channels[name] for name in data["preferred_channels"]],
                **fields,
            )
            by_name[persona.name] = persona
        personas[data["ref"]] = persona

    journey = journey_create(
        workspace=workspace,
        title=plan.journey["title"],
        description=plan.journey["description"],
        template="blank",
        personas=list({persona.pk: persona for persona in personas.values()}.values()),
        created_by=created_by,
        # The file's lanes are added once its stages are there; a file without lanes gets its template's.
        lanes=() if plan.lanes is not None else lane_section.template_lanes(plan.journey["template"]),
    )
    kept = {key: plan.journey[key] for key in ("review_interval_days", "state", "state_name")}
    if any(getattr(journey, key) != value for key, value in kept.items()):
        journey = journey_update(journey=journey, **kept)
    if plan.journey["template"] in TEMPLATES_BY_KEY:
        # Which template the original map started from: a label, kept so the copy matches.
        Journey.objects.filter(pk=journey.pk).update(template=plan.journey["template"])

    members = {
        user.get_username(): user
        for user in get_user_model().objects.filter(
            memberships__workspace=workspace, **{f"{get_user_model().USERNAME_FIELD}__in": plan.owners}
        )
    }
    stages, stage_cards = [], []
    for position, data in enumerate(plan.stages):
        fields = {name: data[name] for name in STAGE_FIELDS}
        stage = stage_create(journey=journey, position=position, **fields)
        stages.append(stage)
        for card in data["touchpoints"]:
            values = {name: card[name] for name in ("title", *TOUCHPOINT_TEXT, "emotion")}
            values["channel"] = channels[card["channel"]]
            values["owner"] = members.get(card["owner"]) if card["owner"] else None
            values["personas"] = [personas[ref] for ref in dict.fromkeys(card["personas"])]
            stage_cards.append((stage, values))
    if progress:
        progress(60)
    created = iter(touchpoints_bulk_create(journey=journey, stage_cards=stage_cards))
    if progress:
        progress(85)
    cards = [[next(created) for _card in data["touchpoints"]] for data in plan.stages]
    if plan.lanes:
        lane_section.write(plan.lanes, journey=journey, stages=stages, actor=created_by)
    if plan.strategies:
        importer = None
        if created_by is not None and Membership.objects.filter(workspace=workspace, user=created_by).exists():
            importer = created_by
        strategy_section.write(
            plan.strategies,
            journey=journey,
            stages=stages,
            cards=cards,
            personas=personas,
            members=members,
            importer=importer,
        )
    insight_section.write(
        plan.insights,
        journey=journey,
        stages=stages,
        cards=cards,
        personas=personas,
        members=members,
        created_by=created_by,
    )
    journey.refresh_from_db()
    return journey
