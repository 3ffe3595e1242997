"""Reads for exports: one snapshot of a whole map, taken with a fixed number of queries.

Every export format renders from the same plain-data document (see
docs/export-format.md), so a format never touches the database and the JSON
export *is* the document.
"""

import mimetypes
from typing import Any

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.utils import timezone

from channels.models import Channel
from journeys.models import Journey, Lane, LaneCell, LaneKind, Stage
from journeys.services import STAGE_FIELDS
from personas.models import Persona
from personas.services import PERSONA_FIELDS
from strategies.models import Strategy, StrategyRevision
from touchpoints.models import Touchpoint
from workspaces.access import with_user_role

from .formats import FORMATS
from .insights import insight_sections
from .models import ExportFormat, ExportJob, ImportJob, ImportKind, JobStatus, Snapshot

FORMAT_NAME = "journeyboard.map"
# 2: the map's lanes (`lanes`); files of version 1 still import, with their template's lanes.
# 3: how the map performs and what to do (`metrics`, `readings`, `evidence`, `card_confidence`,
#    `opportunities`: exports/insights.py); files of versions 1 and 2 import without them.
FORMAT_VERSION = 3

JOURNEY_FIELDS = ("title", "description", "template", "state", "state_name", "review_interval_days")
LANE_FIELDS = ("kind", "title", "rollup_field", "split_by", "source", "hidden")
TOUCHPOINT_TEXT_FIELDS = ("title", "does", "thinks", "feels", "pain_points", "opportunities")


def persona_ref(pk: int) -> str:
    return f"persona-{pk}"


def touchpoint_ref(pk: int) -> str:
    return f"touchpoint-{pk}"


def id_of_ref(ref) -> int | None:
    """The id a ref names ("touchpoint-12" → 12, "persona-3" → 3); None for anything else."""
    number = str(ref or "").rpartition("-")[2]
    return int(number) if number.isdigit() and int(number) > 0 else None


def map_document(journey_id: int, *, full: bool = True, with_ids: bool = False) -> dict:
    """The whole map as plain data: journey, channels, personas, stages with touchpoints, lanes
    with their texts, strategies, and how the map performs (exports/insights.py); without `full`,
    only the map itself (no strategies, metrics, evidence or opportunities), for the formats that
    show no more. `with_ids` adds the `id` of each channel, stage, lane and strategy (cards and
    personas carry theirs in their refs): a snapshot's document, which a restore puts back in place
    (exports/importers/restore.py). An import ignores them.

    Queries: the journey; its personas; their preferred channels; the stages;
    their touchpoints with channel and owner; the touchpoints' personas; the
    lanes; their cells (only when the map has lanes); the strategies with their
    owners; their revisions with their authors (only when the map has strategies).
    """
    journey = Journey.objects.select_related("workspace").get(pk=journey_id)
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

    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "journey": {field: getattr(journey, field) for field in JOURNEY_FIELDS},
        # Where the map was exported from, for the formats that say so (the slide deck's title);
        # an import ignores it.
        "workspace": {"name": journey.workspace.name},
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
                **({"id": stage.pk} if with_ids else {}),
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
    document["channels"] = [
        {**({"id": pk} if with_ids else {}), "name": name} for _pos, name, pk in sorted(channel_names.values())
    ]
    document["lanes"] = _lanes_section(journey, stages, with_ids=with_ids)
    if not full:
        return document
    document["strategies"] = _strategies_section(
        journey, stages, {persona["ref"] for persona in document["personas"]}, with_ids=with_ids
    )
    featured = {persona.pk: persona_ref(persona.pk) for persona in personas}
    document.update(insight_sections(journey, stages, featured))
    return document


# --- Lanes ---------------------------------------------------------------------------------


def _lanes_section(journey: Journey, stages: list[Stage], *, with_ids: bool = False) -> list[dict]:
    """The map's lanes in board order; a text lane with its non-empty texts, each given by the
    index of its stage in `stages`. Two queries (the lanes; their cells), one when there are no lanes."""
    lanes = (
        Lane.objects.filter(journey=journey)
        .order_by("position", "id")
        .prefetch_related(Prefetch("cells", queryset=LaneCell.objects.only("lane_id", "stage_id", "body")))
    )
    stage_index = {stage.pk: index for index, stage in enumerate(stages)}
    section = []
    for lane in lanes:
        cells = []
        if lane.kind == LaneKind.TEXT:
            texts = sorted(
                (stage_index[cell.stage_id], cell.body)
                for cell in lane.cells.all()
                if cell.body and cell.stage_id in stage_index
            )
            cells = [{"stage": stage, "body": body} for stage, body in texts]
        section.append(
            {
                **({"id": lane.pk} if with_ids else {}),
                **{field: getattr(lane, field) for field in LANE_FIELDS},
                "cells": cells,
            }
        )
    return section


# --- Strategies ----------------------------------------------------------------------------


def _strategies_section(
    journey: Journey, stages: list[Stage], persona_refs: set[str], *, with_ids: bool = False
) -> list[dict]:
    """Every strategy of the map, oldest first, each with all its revisions in order. Two queries
    (the strategies with their owners; their revisions with their authors), none when there are no
    strategies."""
    strategies = (
        Strategy.objects.filter(journey=journey)
        .select_related("owner")
        .prefetch_related(
            Prefetch("revisions", queryset=StrategyRevision.objects.select_related("author").order_by("number"))
        )
        .order_by("id")
    )
    stage_index = {stage.pk: index for index, stage in enumerate(stages)}
    card_place = {
        touchpoint.pk: (index, position)
        for index, stage in enumerate(stages)
        for position, touchpoint in enumerate(stage.touchpoints.all())
    }
    section = []
    for strategy in strategies:
        stage, card = None, None
        if strategy.touchpoint_id is not None:
            stage, card = card_place[strategy.touchpoint_id]
        elif strategy.stage_id is not None:
            stage = stage_index[strategy.stage_id]
        persona = persona_ref(strategy.persona_id) if strategy.persona_id is not None else None
        section.append(
            {
                **({"id": strategy.pk} if with_ids else {}),
                "title": strategy.title,
                "body": strategy.body,
                "status": strategy.status,
                "stage": stage,
                "touchpoint": card,
                # A persona no longer featured on the map is not in `personas`: left out.
                "persona": persona if persona in persona_refs else None,
                "owner": strategy.owner.get_username() if strategy.owner else None,
                "last_reviewed": strategy.last_reviewed_on.isoformat() if strategy.last_reviewed_on else None,
                "revisions": [
                    {
                        "number": revision.number,
                        "kind": revision.kind,
                        "title": revision.title,
                        "body": revision.body,
                        "status": revision.status,
                        "change_note": revision.change_note,
                        "restored_from": revision.restored_from,
                        "author": revision.author.get_username() if revision.author else None,
                        "author_name": revision.author_name,
                        "created_at": revision.created_at.isoformat(),
                    }
                    for revision in strategy.revisions.all()
                ],
            }
        )
    return section


# --- Jobs ------------------------------------------------------------------------------------


def export_jobs_for_user(user):
    """Export jobs of maps in the user's workspaces, newest first, with their map."""
    return with_user_role(ExportJob.objects.select_related("journey"), user, "journey__workspace").order_by(
        "-created_at", "-id"
    )


def import_jobs_for_user(user):
    return with_user_role(ImportJob.objects.all(), user, "workspace").order_by("-created_at", "-id")


def export_file_response(job: ExportJob) -> FileResponse:
    """A finished export's file, as a download (the page's link and the API's `download_url` alike);
    404 while it is not ready or once it was removed."""
    if job.status != JobStatus.SUCCEEDED or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    known = job.format in ExportFormat.values
    content_type = FORMATS[ExportFormat(job.format)].content_type if known else mimetypes.guess_type(job.filename)[0]
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Snapshots -------------------------------------------------------------------------------


def snapshots_of(journey: Journey):
    """The map's snapshots, newest first, with who took them; without their documents (a list never
    reads them)."""
    return (
        Snapshot.objects.filter(journey=journey)
        .select_related("created_by")
        .defer("content")
        .order_by("-created_at", "-id")
    )


def snapshots_for_user(user):
    """Snapshots of maps in the user's workspaces (annotated with `user_role`), without their documents."""
    return (
        with_user_role(Snapshot.objects.select_related("created_by", "journey"), user, "journey__workspace")
        .defer("content")
        .order_by("-created_at", "-id")
    )


RESTORES_SHOWN = 20


def restores_of(journey: Journey):
    """The map's latest restores, newest first, with their snapshots' names (not their documents)."""
    return (
        ImportJob.objects.filter(journey=journey, kind=ImportKind.SNAPSHOT_RESTORE)
        .select_related("created_by", "snapshot")
        .defer("snapshot__content", "problems")
        .order_by("-created_at", "-id")[:RESTORES_SHOWN]
    )


def running_restore(journey_id: int) -> ImportJob | None:
    """The restore of this map that is queued or running, if any."""
    return (
        ImportJob.objects.filter(
            journey_id=journey_id,
            kind=ImportKind.SNAPSHOT_RESTORE,
            status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
        )
        .order_by("created_at", "id")
        .first()
    )
