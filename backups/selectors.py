"""Reads for backups: what a workspace's archive holds (docs/backup-format.md), and the jobs a user may see.

Each map is its JSON export (exports.selectors.map_document), so every map file of an archive also
imports on its own as a map; what a map export leaves out is added under its "backup" key: who made
what, comment threads, the guide's stage reviews, the activity feed, the personas of strategies and
evidence that the map no longer features, and which strategy carries out each opportunity. What ties
maps together (a future state's map, the card a copied card came from) and what the workspace itself
holds (its settings, people, channels, personas, metrics) is in workspace.json.

People are named by username, as in a map export; workspace.json lists each one the archive names
with their e-mail address, their name and, for members, their role.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404

from activity.models import ActivityTarget, BoardActivity
from channels.models import Channel
from comments.models import Comment, Thread
from core.users import display_name
from evidence.models import Evidence
from exports.insights import METRIC_FIELDS
from exports.models import JobStatus
from exports.selectors import map_document, persona_ref, touchpoint_ref
from guide.models import StageReview
from journeys.models import Journey, Lane, LaneCell, LaneKind, Stage
from metrics.models import Metric, Reading
from opportunities.models import Opportunity
from personas.models import Persona
from personas.services import PERSONA_FIELDS
from strategies.models import Strategy
from touchpoints.models import Touchpoint
from workspaces.access import get_owner_for_user
from workspaces.models import Membership, Role, Workspace

from .models import BackupJob, RestoreJob


def journey_ref(pk: int) -> str:
    return f"journey-{pk}"


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


@dataclass
class ArchiveContents:
    """What the maps written so far name, gathered for workspace.json and the manifest."""

    user_ids: set[int] = field(default_factory=set)
    usernames: set[str] = field(default_factory=set)
    journey_refs: set[str] = field(default_factory=set)
    card_refs: set[str] = field(default_factory=set)
    future_of: dict[str, str] = field(default_factory=dict)  # journey ref -> the map it plans the future of
    card_origins: dict[str, str] = field(default_factory=dict)  # card ref -> the card it was copied from
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number


def workspace_maps(workspace: Workspace) -> list[int]:
    """The ids of the workspace's maps, in the order their files take (oldest first)."""
    return list(Journey.objects.filter(workspace=workspace).order_by("id").values_list("pk", flat=True))


def _consistent_read():
    """One map is read as one snapshot: on PostgreSQL a repeatable-read transaction (outside any other
    transaction), on SQLite its transaction (which holds writers off for that long)."""
    atomic = transaction.atomic()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:

        class Snapshot:
            def __enter__(self):
                atomic.__enter__()
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")

            def __exit__(self, *exc):
                return atomic.__exit__(*exc)

        return Snapshot()
    return atomic


def map_backup_document(journey_id: int, contents: ArchiveContents) -> dict:
    """The map's JSON export with its "backup" section. About 25 queries whatever the map's size."""
    with _consistent_read():
        document = map_document(journey_id)
        document["backup"] = _map_extras(journey_id, document, contents)
    _count_map(document, contents)
    return document


def _count_map(document: dict, contents: ArchiveContents) -> None:
    extras = document["backup"]
    contents.count("maps", 1)
    contents.count("stages", len(document["stages"]))
    contents.count("touchpoints", sum(len(stage["touchpoints"]) for stage in document["stages"]))
    contents.count("lanes", len(document["lanes"]))
    contents.count("strategies", len(document["strategies"]))
    contents.count("strategy_revisions", sum(len(item["revisions"]) for item in document["strategies"]))
    contents.count("readings", len(document["readings"]))
    contents.count("evidence", len(document["evidence"]))
    contents.count("opportunities", len(document["opportunities"]))
    contents.count("comment_threads", len(extras["threads"]))
    contents.count("comments", sum(len(thread["comments"]) for thread in extras["threads"]))
    contents.count("stage_reviews", len(extras["stage_reviews"]))
    contents.count("activity", len(extras["activity"]))
    for stage in document["stages"]:
        contents.usernames.update(card["owner"] for card in stage["touchpoints"] if card["owner"])
    for strategy in document["strategies"]:
        contents.usernames.update(name for name in [strategy["owner"]] if name)
        contents.usernames.update(revision["author"] for revision in strategy["revisions"] if revision["author"])
    contents.usernames.update(item["owner"] for item in document["opportunities"] if item["owner"])


def _aligned(rows: list, entries: list[dict], row_key, entry_key) -> None:
    """The rows read for the "backup" section are the map export's entries, in its order (one snapshot)."""
    if [row_key(row) for row in rows] != [entry_key(entry) for entry in entries]:
        raise RuntimeError("the backup section does not follow the map export's order")


def _map_extras(journey_id: int, document: dict, contents: ArchiveContents) -> dict:
    user_model = get_user_model()
    names = dict(
        user_model.objects.filter(
            Q(pk__in=_user_ids_of_map(journey_id)) | Q(memberships__workspace__journeys=journey_id)
        ).values_list("pk", user_model.USERNAME_FIELD)
    )

    def who(user_id) -> str | None:
        if user_id is None:
            return None
        contents.user_ids.add(user_id)
        return names.get(user_id)

    journey = Journey.objects.only("pk", "created_by_id", "future_of_id").get(pk=journey_id)
    ref = journey_ref(journey.pk)
    contents.journey_refs.add(ref)
    if journey.future_of_id is not None:
        contents.future_of[ref] = journey_ref(journey.future_of_id)

    stage_index = {
        pk: index
        for index, pk in enumerate(
            Stage.objects.filter(journey_id=journey_id).order_by("position", "id").values_list("pk", flat=True)
        )
    }
    for card_pk, origin_pk in Touchpoint.objects.filter(stage__journey_id=journey_id).values_list("pk", "origin_id"):
        contents.card_refs.add(touchpoint_ref(card_pk))
        if origin_pk is not None:
            contents.card_origins[touchpoint_ref(card_pk)] = touchpoint_ref(origin_pk)

    strategies = list(
        Strategy.objects.filter(journey_id=journey_id).order_by("id").values_list("pk", "persona_id", "title")
    )
    _aligned(strategies, document["strategies"], lambda row: row[2], lambda entry: entry["title"])
    strategy_index = {pk: index for index, (pk, _persona, _title) in enumerate(strategies)}

    evidence = list(
        Evidence.objects.filter(journey_id=journey_id)
        .order_by("observed_on", "id")
        .values_list("persona_id", "created_by_id", "text")
    )
    _aligned(evidence, document["evidence"], lambda row: row[2], lambda entry: entry["text"])

    readings = list(
        Reading.objects.filter(journey_id=journey_id)
        .order_by("metric__name", "period_start", "id")
        .values_list("recorded_by_id", "metric__name")
    )
    _aligned(readings, document["readings"], lambda row: row[1], lambda entry: entry["metric"])

    opportunities = list(
        Opportunity.objects.filter(journey_id=journey_id)
        .order_by("id")
        .values_list("created_by_id", "strategy_id", "title")
    )
    _aligned(opportunities, document["opportunities"], lambda row: row[2], lambda entry: entry["title"])

    return {
        "ref": ref,
        "created_by": who(journey.created_by_id),
        "strategies": [{"persona": _persona(persona_id)} for _pk, persona_id, _title in strategies],
        "evidence": [
            {"persona": _persona(persona_id), "created_by": who(created_by)}
            for persona_id, created_by, _text in evidence
        ],
        "readings": [{"recorded_by": who(recorded_by)} for recorded_by, _metric in readings],
        "opportunities": [
            {"created_by": who(created_by), "strategy": strategy_index.get(strategy_id)}
            for created_by, strategy_id, _title in opportunities
        ],
        "lane_cells": _lane_cell_authors(journey_id, document, stage_index, who),
        "threads": _threads(journey_id, strategy_index, who, contents),
        "stage_reviews": [
            {"stage": stage_index[stage_id], "reviewed_by": who(user_id), "reviewed_at": _when(reviewed_at)}
            for stage_id, user_id, reviewed_at in StageReview.objects.filter(stage__journey_id=journey_id)
            .order_by("reviewed_at", "id")
            .values_list("stage_id", "reviewed_by_id", "reviewed_at")
        ],
        "activity": _activity(journey_id, stage_index, who),
    }


def _persona(persona_id: int | None) -> str | None:
    return persona_ref(persona_id) if persona_id is not None else None


def _user_ids_of_map(journey_id: int) -> QuerySet:
    """Everyone the map's rows name but its export does not (their usernames are read in one query)."""
    user_model = get_user_model()
    return user_model.objects.filter(
        Q(pk__in=Journey.objects.filter(pk=journey_id).values("created_by"))
        | Q(pk__in=Evidence.objects.filter(journey_id=journey_id).values("created_by"))
        | Q(pk__in=Reading.objects.filter(journey_id=journey_id).values("recorded_by"))
        | Q(pk__in=Opportunity.objects.filter(journey_id=journey_id).values("created_by"))
        | Q(pk__in=LaneCell.objects.filter(lane__journey_id=journey_id).values("updated_by"))
        | Q(pk__in=StageReview.objects.filter(stage__journey_id=journey_id).values("reviewed_by"))
        | Q(pk__in=BoardActivity.objects.filter(journey_id=journey_id).values("actor"))
        | Q(pk__in=Comment.objects.filter(_threads_of_map(journey_id, "thread__")).values("author"))
        | Q(
            pk__in=Comment.mentions.through.objects.filter(_threads_of_map(journey_id, "comment__thread__")).values(
                "user"
            )
        )
        | Q(pk__in=Thread.objects.filter(_threads_of_map(journey_id)).values("resolved_by"))
        | Q(pk__in=Thread.objects.filter(_threads_of_map(journey_id)).values("reopened_by"))
    ).values("pk")


def _threads_of_map(journey_id: int, prefix: str = "") -> Q:
    return Q(**{f"{prefix}touchpoint__stage__journey_id": journey_id}) | Q(
        **{f"{prefix}strategy__journey_id": journey_id}
    )


def _lane_cell_authors(journey_id: int, document: dict, stage_index: dict[int, int], who) -> list[list]:
    """Who last wrote each text of the map export's text lanes (`lanes[i].cells[j]`), in their order."""
    authors: dict[tuple[int, int], Any] = {}
    cells = LaneCell.objects.filter(lane__journey_id=journey_id).exclude(body="")
    for lane_id, kind, stage_id, user_id in cells.values_list("lane_id", "lane__kind", "stage_id", "updated_by_id"):
        if kind == LaneKind.TEXT and stage_id in stage_index:
            authors[(lane_id, stage_index[stage_id])] = user_id
    lane_order = Lane.objects.filter(journey_id=journey_id).order_by("position", "id").values_list("pk", flat=True)
    return [
        [who(authors.get((lane_id, cell["stage"]))) for cell in lane["cells"]]
        for lane_id, lane in zip(lane_order, document["lanes"], strict=True)
    ]


def _threads(journey_id: int, strategy_index: dict[int, int], who, contents: ArchiveContents) -> list[dict]:
    """The map's comment threads (on its cards and its strategies), each with its comments in order."""
    threads = (
        Thread.objects.filter(_threads_of_map(journey_id))
        .select_related("resolved_by", "reopened_by")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("author")
                .prefetch_related("mentions")
                .order_by("created_at", "id"),
            )
        )
        .order_by("created_at", "id")
    )
    section = []
    for thread in threads:
        comments = []
        for comment in thread.comments.all():
            mentioned = sorted(user.get_username() for user in comment.mentions.all())
            contents.user_ids.update(user.pk for user in comment.mentions.all())
            comments.append(
                {
                    "author": who(comment.author_id),
                    "author_name": comment.author_name or display_name(comment.author),
                    "body": comment.body,
                    "created_at": _when(comment.created_at),
                    "edited_at": _when(comment.edited_at),
                    "mentions": mentioned,
                }
            )
        section.append(
            {
                "touchpoint": touchpoint_ref(thread.touchpoint_id) if thread.touchpoint_id else None,
                "strategy": strategy_index[thread.strategy_id] if thread.strategy_id else None,
                "created_at": _when(thread.created_at),
                "resolved_at": _when(thread.resolved_at),
                "resolved_by": who(thread.resolved_by_id),
                "resolved_by_name": thread.resolved_by_name or display_name(thread.resolved_by),
                "reopened_at": _when(thread.reopened_at),
                "reopened_by": who(thread.reopened_by_id),
                "reopened_by_name": thread.reopened_by_name or display_name(thread.reopened_by),
                "comments": comments,
            }
        )
    return section


def _activity(journey_id: int, stage_index: dict[int, int], who) -> list[dict]:
    """The map's activity feed, oldest first; a stage or a card still on the map is named by its place."""
    cards = set(Touchpoint.objects.filter(stage__journey_id=journey_id).values_list("pk", flat=True))
    entries = []
    for entry in BoardActivity.objects.filter(journey_id=journey_id).order_by("created_at", "id"):
        target: dict[str, Any] = {"stage": None, "touchpoint": None}
        if entry.target_type == ActivityTarget.STAGE and entry.target_id in stage_index:
            target["stage"] = stage_index[entry.target_id]
        elif entry.target_type == ActivityTarget.TOUCHPOINT and entry.target_id in cards:
            target["touchpoint"] = touchpoint_ref(entry.target_id)
        entries.append(
            {
                "actor": who(entry.actor_id),
                "actor_name": entry.actor_name,
                "action": entry.action,
                "target_type": entry.target_type,
                **target,
                "target_label": entry.target_label,
                "changes": entry.changes,
                "created_at": _when(entry.created_at),
            }
        )
    return entries


def workspace_document(workspace: Workspace, contents: ArchiveContents) -> dict:
    """The workspace's own settings and what its maps share, read after the maps (so it names everyone
    and everything they do). Six queries."""
    workspace = Workspace.objects.get(pk=workspace.pk)
    personas = list(
        Persona.objects.filter(workspace=workspace)
        .select_related("created_by")
        .prefetch_related(Prefetch("preferred_channels", queryset=Channel.objects.order_by("position", "name", "id")))
        .order_by("name", "id")
    )
    contents.user_ids.update(persona.created_by_id for persona in personas if persona.created_by_id)
    roles = dict(Membership.objects.filter(workspace=workspace).values_list("user_id", "role"))
    user_model = get_user_model()
    people = user_model.objects.filter(
        Q(pk__in=contents.user_ids | set(roles)) | Q(**{f"{user_model.USERNAME_FIELD}__in": contents.usernames})
    ).order_by(user_model.USERNAME_FIELD)
    metrics = Metric.objects.filter(workspace=workspace).order_by("position", "name", "id")
    channels = Channel.objects.filter(workspace=workspace).order_by("position", "name", "id")
    document = {
        "workspace": {"name": workspace.name},
        "people": [
            {
                "username": person.get_username(),
                "email": person.email,
                "name": display_name(person),
                "role": roles.get(person.pk),
            }
            for person in people
        ],
        "channels": [{"name": channel.name, "position": channel.position} for channel in channels],
        "personas": [
            {
                "ref": persona_ref(persona.pk),
                **{name: getattr(persona, name) for name in PERSONA_FIELDS},
                "preferred_channels": [channel.name for channel in persona.preferred_channels.all()],
                "created_by": persona.created_by.get_username() if persona.created_by else None,
            }
            for persona in personas
        ],
        "metrics": [
            {
                **{
                    name: _number(getattr(metric, name)) if name in ("target", "warning") else getattr(metric, name)
                    for name in METRIC_FIELDS
                },
                "position": metric.position,
            }
            for metric in metrics
        ],
        # Only what the archive holds both ends of (a map or a card deleted during the backup is not).
        "links": {
            "future_of": {
                ref: target for ref, target in sorted(contents.future_of.items()) if target in contents.journey_refs
            },
            "card_origins": {
                ref: origin for ref, origin in sorted(contents.card_origins.items()) if origin in contents.card_refs
            },
        },
    }
    contents.counts.update(
        people=len(document["people"]),
        channels=len(document["channels"]),
        personas=len(document["personas"]),
        metrics=len(document["metrics"]),
    )
    return document


# --- Jobs ---------------------------------------------------------------------------------------


def get_backup_job_for_owner(user, pk) -> BackupJob:
    """A backup holds the whole workspace: only its owners see the job and download the archive (404
    outside the user's workspaces, 403 for editors and viewers)."""
    return get_owner_for_user(BackupJob.objects.select_related("workspace"), user, pk)


def backup_file_response(job: BackupJob) -> FileResponse:
    """A finished backup's archive, as a download (the page's link and the API's `download_url` alike);
    404 while it is not ready or once it was removed."""
    if job.status != JobStatus.SUCCEEDED or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def recent_backups(workspace: Workspace, limit: int = 5) -> list[BackupJob]:
    return list(BackupJob.objects.filter(workspace=workspace).order_by("-created_at", "-id")[:limit])


def backup_jobs_for_owner(user) -> QuerySet[BackupJob]:
    """Backups of the workspaces the user owns, newest first."""
    if not user.is_authenticated:
        return BackupJob.objects.none()
    owned = Membership.objects.filter(user=user, role=Role.OWNER).values("workspace")
    return BackupJob.objects.filter(workspace__in=owned).order_by("-created_at", "-id")


def restore_jobs_for_user(user) -> QuerySet[RestoreJob]:
    """The user's own restores (a restore is its maker's until its workspace exists: theirs to own)."""
    if not user.is_authenticated:
        return RestoreJob.objects.none()
    return RestoreJob.objects.filter(created_by=user).select_related("workspace").order_by("-created_at", "-id")


def restored_maps(job: RestoreJob) -> Iterable[Journey]:
    """The maps of the workspace a restore made, by title (for its page)."""
    if job.workspace_id is None:
        return []
    return Journey.objects.filter(workspace_id=job.workspace_id).order_by("title", "id").only("pk", "title")
