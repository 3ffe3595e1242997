"""Reads for exports: one snapshot of a whole map, taken with a fixed number of queries.

Every export format renders from the same plain-data document (see
docs/export-format.md), so a format never touches the database and the JSON
export *is* the document.
"""

import datetime as dt

from django.apps import apps
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from journeys.models import Journey, Stage
from personas.models import Persona
from touchpoints.models import Channel, Touchpoint
from workspaces.access import with_user_role

from .models import ExportJob, ImportJob

FORMAT_NAME = "journeyboard.map"
FORMAT_VERSION = 1

JOURNEY_FIELDS = ("title", "description", "template", "review_interval_days")
PERSONA_FIELDS = (
    "name",
    "color",
    "occupation",
    "age_range",
    "segment",
    "story",
    "characteristics",
    "goals",
    "frustrations",
    "needs",
    "quote",
)
STAGE_FIELDS = ("name", "description", "customer_goal", "guiding_questions")
TOUCHPOINT_TEXT_FIELDS = ("title", "does", "thinks", "feels", "pain_points", "opportunities")


def persona_ref(pk: int) -> str:
    return f"persona-{pk}"


def touchpoint_ref(pk: int) -> str:
    return f"touchpoint-{pk}"


def strategy_models() -> tuple[type[models.Model] | None, type[models.Model] | None]:
    """The strategy and revision models, once the journeys app has them (issue 3)."""
    try:
        strategy = apps.get_model("journeys", "Strategy")
    except LookupError:
        return None, None
    try:
        revision = apps.get_model("journeys", "StrategyRevision")
    except LookupError:
        revision = None
    return strategy, revision


def map_document(journey_id: int) -> dict:
    """The whole map as plain data: journey, channels, personas, stages with touchpoints, strategies.

    Queries: the journey; its personas; their preferred channels; the stages;
    their touchpoints with channel and owner; the touchpoints' personas
    (+ strategies and their revisions when the models exist).
    """
    journey = Journey.objects.get(pk=journey_id)
    personas = list(
        journey.personas.order_by("name", "id").prefetch_related(
            Prefetch("preferred_channels", queryset=Channel.objects.order_by("position", "name", "id"))
        )
    )
    stages = list(
        Stage.objects.filter(journey=journey)
        .order_by("position", "id")
        .prefetch_related(
            Prefetch(
                "touchpoints",
                queryset=Touchpoint.objects.select_related("channel", "owner")
                .prefetch_related(Prefetch("personas", queryset=Persona.objects.only("id")))
                .order_by("position", "id"),
            )
        )
    )

    channel_names: dict[int, tuple] = {}

    def channel_name(channel) -> str:
        channel_names.setdefault(channel.pk, (channel.position, channel.name, channel.pk))
        return channel.name

    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "journey": {field: getattr(journey, field) for field in JOURNEY_FIELDS},
        "channels": [],
        "personas": [
            {
                "ref": persona_ref(persona.pk),
                **{field: getattr(persona, field) for field in PERSONA_FIELDS},
                "preferred_channels": [channel_name(channel) for channel in persona.preferred_channels.all()],
            }
            for persona in personas
        ],
        "stages": [
            {
                **{field: getattr(stage, field) for field in STAGE_FIELDS},
                "touchpoints": [
                    {
                        "ref": touchpoint_ref(touchpoint.pk),
                        "title": touchpoint.title,
                        "channel": channel_name(touchpoint.channel),
                        "personas": [persona_ref(persona.pk) for persona in touchpoint.personas.all()],
                        **{field: getattr(touchpoint, field) for field in TOUCHPOINT_TEXT_FIELDS[1:]},
                        "emotion": touchpoint.emotion,
                        "owner": touchpoint.owner.get_username() if touchpoint.owner else None,
                    }
                    for touchpoint in stage.touchpoints.all()
                ],
            }
            for stage in stages
        ],
    }
    document["channels"] = [{"name": name} for _pos, name, _pk in sorted(channel_names.values())]
    strategies = _strategies_section(journey, stages)
    if strategies is not None:
        document["strategies"] = strategies
    return document


# --- Strategies (written only when journeys.models has a Strategy model) -----------------

_SKIPPED_FIELDS = {"id", "journey", "version"}


def _plain(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _dump(obj, *, stage_index: dict, skip: set) -> dict:
    """A model row as plain data; links to the map's own rows become references."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.primary_key:
            continue
        if field.is_relation:
            target_id = getattr(obj, field.attname)
            related = field.related_model
            if target_id is None:
                data[field.name] = None
            elif related is Stage:
                data[field.name] = stage_index.get(target_id)
            elif related is Touchpoint:
                data[field.name] = touchpoint_ref(target_id)
            elif related is Persona:
                data[field.name] = persona_ref(target_id)
            elif related._meta.label == "auth.User" or hasattr(related, "USERNAME_FIELD"):
                user = getattr(obj, field.name)
                data[field.name] = user.get_username() if user else None
            continue
        data[field.name] = _plain(field.value_from_object(obj))
    return data


def _strategies_section(journey: Journey, stages: list[Stage]) -> list[dict] | None:
    strategy_model, revision_model = strategy_models()
    if strategy_model is None:
        return None
    stage_index = {stage.pk: index for index, stage in enumerate(stages)}
    journey_field = next(
        (f.name for f in strategy_model._meta.concrete_fields if f.is_relation and f.related_model is Journey), None
    )
    if journey_field is None:
        return None
    queryset = strategy_model.objects.filter(**{journey_field: journey}).order_by("pk")
    revision_link = None
    if revision_model is not None:
        revision_link = next(
            (
                f.name
                for f in revision_model._meta.concrete_fields
                if f.is_relation and f.related_model is strategy_model
            ),
            None,
        )
    revisions_by_strategy: dict[int, list] = {}
    strategies = list(queryset)
    if revision_link:
        for revision in revision_model.objects.filter(**{f"{revision_link}__in": strategies}).order_by("pk"):
            revisions_by_strategy.setdefault(getattr(revision, f"{revision_link}_id"), []).append(revision)
    section = []
    for strategy in strategies:
        entry = _dump(strategy, stage_index=stage_index, skip=_SKIPPED_FIELDS | {journey_field})
        entry["revisions"] = [
            _dump(revision, stage_index=stage_index, skip={"id", revision_link})
            for revision in revisions_by_strategy.get(strategy.pk, [])
        ]
        section.append(entry)
    return section


def active_strategies_by_stage(document: dict) -> tuple[dict[int, list[dict]], list[dict]]:
    """Split the document's active strategies into per-stage lists and map-wide ones."""
    by_stage: dict[int, list[dict]] = {}
    touchpoint_stage = {
        touchpoint["ref"]: index
        for index, stage in enumerate(document["stages"])
        for touchpoint in stage["touchpoints"]
    }
    map_wide = []
    for strategy in document.get("strategies") or []:
        if strategy.get("status", "active") != "active":
            continue
        stage = strategy.get("stage")
        if stage is None and strategy.get("touchpoint"):
            stage = touchpoint_stage.get(strategy["touchpoint"])
        if stage is None:
            map_wide.append(strategy)
        else:
            by_stage.setdefault(stage, []).append(strategy)
    return by_stage, map_wide


# --- Jobs ------------------------------------------------------------------------------------


def export_jobs_for_user(user):
    """Export jobs of maps in the user's workspaces, newest first, with their map."""
    return with_user_role(ExportJob.objects.select_related("journey"), user, "journey__workspace").order_by(
        "-created_at", "-id"
    )


def import_jobs_for_user(user):
    return with_user_role(ImportJob.objects.all(), user, "workspace").order_by("-created_at", "-id")
