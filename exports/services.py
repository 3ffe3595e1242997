"""Writes for exports and imports: create jobs (queued after commit), run them, record the outcome.

A job runs at most to one success: running it twice (a redelivered message, a
retry after a lost worker) redoes an export's file or finds an import already
done. Progress is written to the job row outside any long transaction, so the
page polling it sees it move.
"""

import contextlib
import datetime as dt
import logging
import os
import posixpath
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from channels.models import Channel
from journeys.models import Journey, MapState, Stage
from journeys.services import journey_lock
from journeys.signals import Change, announce_change
from touchpoints.services import touchpoint_origins_set

from . import tasks
from .formats import FORMATS
from .formats.fonts import FontsMissing
from .importers import csv_importer, csv_mapping, evidence_csv, json_importer, openjourney, readings_csv, restore
from .importers.common import MAX_PROBLEMS, ImportInvalid
from .jobs import JobTimeout, job_enqueue, job_fail, job_progress, job_start, jobs_settle
from .models import (
    IMAGE_FORMATS,
    ExportFormat,
    ExportJob,
    ImportFormat,
    ImportJob,
    ImportKind,
    JobStatus,
    Snapshot,
    SnapshotKind,
)
from .selectors import map_document, running_restore
from .snapshots import snapshot_take

logger = logging.getLogger(__name__)


def jobs_sweep(*, now: dt.datetime | None = None, job_ids: dict | None = None) -> int:
    """Give every export or import whose worker is gone a final state (exports.jobs.jobs_settle; celery
    beat runs it every minute, a job's status page for that job). How many jobs it failed."""
    kinds = ((ExportJob, tasks.export_run), (ImportJob, tasks.import_run))
    return jobs_settle(kinds, time_limit=settings.EXPORT_TASK_TIME_LIMIT, now=now, job_ids=job_ids)


class ExportFailed(Exception):
    """An export that cannot succeed; its message is shown to the user."""


# --- Exports ------------------------------------------------------------------------------


@transaction.atomic
def export_job_create(
    *, journey: Journey, format: str, created_by, language: str = "", stage: Stage | None = None
) -> ExportJob:
    """Queue an export of the map; of one of its stages (`stage`) for a board image."""
    if format not in ExportFormat.values:
        raise ValidationError(
            {"format": _("Choose one of: %(formats)s.") % {"formats": ", ".join(ExportFormat.values)}}
        )
    if stage is not None and stage.journey_id != journey.pk:
        raise ValidationError({"stage": _("Choose a stage of this map.")})
    if stage is not None and format not in IMAGE_FORMATS:
        raise ValidationError({"stage": _("Only a board image (PNG or SVG) can show one stage.")})
    job = ExportJob.objects.create(
        journey=journey,
        format=format,
        stage=stage,
        stage_name=stage.name if stage is not None else "",
        created_by=created_by,
        language=language or translation.get_language() or "",
    )
    job_enqueue(tasks.export_run, ExportJob, job.pk)
    return job


def export_filename(job: ExportJob, title: str) -> str:
    stem = slugify(title, allow_unicode=True)[:60] or "map"
    if job.stage_name:
        stem = f"{stem}-{slugify(job.stage_name, allow_unicode=True)[:40] or 'stage'}"
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{FORMATS[ExportFormat(job.format)].extension}"


def _render_options(job: ExportJob) -> dict:
    """What the job's format is asked for besides the document: the place of its stage among the map's
    stages (in the document's order), for an image of one stage."""
    if not job.stage_name:
        return {}
    if job.stage_id is None:
        raise ExportFailed(_("The stage “%(name)s” was deleted before the export ran.") % {"name": job.stage_name})
    order = list(Stage.objects.filter(journey=job.journey_id).order_by("position", "id").values_list("pk", flat=True))
    return {"stage_index": order.index(job.stage_id)}


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Render the job's file; safe to call again. Expected failures are recorded on the job."""
    if not job_start(ExportJob, job_id):
        return None
    job = ExportJob.objects.select_related("journey").get(pk=job_id)
    progress = job_progress(ExportJob, job_id, limit=settings.EXPORT_TASK_SOFT_TIME_LIMIT)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            export_format = FORMATS[ExportFormat(job.format)]
            options = _render_options(job)
            document = map_document(job.journey_id, full=export_format.full_document)
            progress(10)
            data = export_format.render(document, progress=progress, **options)
            progress(95)
            path = _store(job, export_filename(job, job.journey.title), data)
        except (ExportFailed, JobTimeout, FontsMissing) as error:
            job_fail(model=ExportJob, job_id=job_id, error=str(error))
            return None
        except OSError as error:
            logger.warning("export %s could not be stored: %s", job_id, error)
            job_fail(
                model=ExportJob,
                job_id=job_id,
                error=_("The file could not be saved: %(reason)s.")
                % {"reason": error.strerror or _("the export folder cannot be written")},
            )
            return None
    updated = ExportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.SUCCEEDED, progress=100, file=path, finished_at=timezone.now(), error=""
    )
    if not updated:  # failed meanwhile (time limit): don't leave a file nobody can reach
        default_storage.delete(path)
    return ExportJob.objects.get(pk=job_id)


def _store(job: ExportJob, filename: str, data: bytes) -> str:
    """Write the file at a path that depends only on the job, replacing an earlier run's file."""
    folder = posixpath.join("exports", str(job.pk))
    path = posixpath.join(folder, filename)
    if job.file and job.file.name != path:
        default_storage.delete(job.file.name)
    if default_storage.exists(path):
        default_storage.delete(path)
    saved = default_storage.save(path, ContentFile(data))
    return saved


# --- Imports ------------------------------------------------------------------------------


def _check_upload(upload) -> None:
    if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(size)d MB.") % {"size": settings.IMPORT_MAX_UPLOAD_BYTES // 2**20}}
        )


@transaction.atomic
def import_job_create_map(
    *, workspace, upload, created_by, format: str = ImportFormat.JSON, language: str = ""
) -> ImportJob:
    """Queue the import of a file as a new map in `workspace`: a JSON export, or an OpenJourney file."""
    if format not in ImportFormat.values:
        raise ValidationError(
            {"format": _("Choose one of: %(formats)s.") % {"formats": ", ".join(ImportFormat.values)}}
        )
    _check_upload(upload)
    job = ImportJob(
        kind=ImportFormat(format).kind,
        workspace=workspace,
        created_by=created_by,
        language=language or translation.get_language() or "",
    )
    job.file.save(f"import-{timezone.now():%Y%m%d-%H%M%S}.{format}", upload, save=False)
    job.save()
    job_enqueue(tasks.import_run, ImportJob, job.pk)
    return job


COPY_KINDS = (ImportKind.DUPLICATE, ImportKind.FUTURE_STATE)
# The imports whose file becomes a new map, named "… (imported)" when the workspace has its title.
FILE_MAP_KINDS = (ImportKind.JSON_MAP, ImportKind.OJF_MAP)


@transaction.atomic
def map_copy_create(*, journey: Journey, workspace, created_by, future: bool = False, language: str = "") -> ImportJob:
    """Queue a copy of `journey` as a new map in `workspace` (the caller checks the user may read the map
    and edit the workspace): stages, lanes, cards, personas, channels, strategies with their history,
    metrics, evidence and opportunities, as a JSON export and import would. With `future`, the copy is
    the map's future state, in its own workspace and linked to it ("Plan the future state")."""
    job = ImportJob(
        kind=ImportKind.FUTURE_STATE if future else ImportKind.DUPLICATE,
        workspace=journey.workspace if future else workspace,
        source=journey,
        created_by=created_by,
        language=language or translation.get_language() or "",
    )
    job.save()
    job_enqueue(tasks.import_run, ImportJob, job.pk)
    return job


def free_title(workspace, title: str, first: str, numbered: str) -> str:
    """A map title no map of the workspace has: `first` % title ("Plan (copy)"), else `numbered` with 2,
    3... ("Plan (copy 2)"); the title is shortened to leave room for the mark."""
    limit = Journey._meta.get_field("title").max_length or 200
    taken = set(Journey.objects.filter(workspace=workspace).values_list("title", flat=True))
    for number in range(1, 1000):
        values: dict[str, object] = {"title": "", "number": number}
        pattern = first if number == 1 else numbered
        values["title"] = title[: limit - len(pattern % values)]
        candidate = (pattern % values).strip()
        if candidate not in taken:
            return candidate
    return title[: limit - 20] + f" {timezone.now():%Y-%m-%d %H:%M:%S}"


def _copy_finished(job: ImportJob, journey: Journey, document: dict) -> Journey:
    """The copy's title says what it is; a future state is linked to the map it plans; each card knows
    the card it was copied from (the export's refs, "touchpoint-<id>", in board order)."""
    origins = [
        int(card["ref"].rpartition("-")[2]) if str(card.get("ref", "")).rpartition("-")[2].isdigit() else None
        for stage in document["stages"]
        for card in stage["touchpoints"]
    ]
    touchpoint_origins_set(journey_id=journey.pk, origin_ids=origins)
    source = job.source
    title = source.title if source is not None else journey.title
    changes: dict[str, object]
    if job.kind == ImportKind.FUTURE_STATE:
        named = free_title(
            job.workspace, title, _("%(title)s (future state)"), _("%(title)s (future state %(number)d)")
        )
        changes = {"title": named, "state": MapState.FUTURE, "state_name": "", "future_of": source}
    else:
        changes = {"title": free_title(job.workspace, title, _("%(title)s (copy)"), _("%(title)s (copy %(number)d)"))}
    Journey.objects.filter(pk=journey.pk).update(**changes)
    journey.refresh_from_db()
    return journey


def _import_source(job: ImportJob) -> bytes:
    """What an import reads: its uploaded file, or for a copy the map's JSON export, made now (a restore
    reads its snapshot: nothing here)."""
    if job.kind == ImportKind.SNAPSHOT_RESTORE:
        return b""
    if job.kind in COPY_KINDS:
        if job.source_id is None:
            raise ImportInvalid([{"row": "", "field": "source", "message": _("The map no longer exists.")}])
        return FORMATS[ExportFormat.JSON].render(map_document(job.source_id))
    with job.file.open("rb") as handle:
        return handle.read()


@transaction.atomic
def import_job_create_touchpoints(
    *, journey: Journey, upload, created_by, create_channels: bool = False, language: str = ""
) -> ImportJob:
    """Queue the import of a CSV of touchpoints into an existing map. A channel the workspace does not
    have is an error of its row, unless `create_channels` (then the report lists those it made)."""
    _check_upload(upload)
    job = ImportJob(
        kind=ImportKind.CSV_TOUCHPOINTS,
        workspace_id=journey.workspace_id,
        journey=journey,
        created_by=created_by,
        mapping={"create_channels": True} if create_channels else {},
        language=language or translation.get_language() or "",
    )
    job.file.save(f"import-{timezone.now():%Y%m%d-%H%M%S}.csv", upload, save=False)
    job.save()
    job_enqueue(tasks.import_run, ImportJob, job.pk)
    return job


# The CSV imports whose columns are chosen after the upload, and the module that reads each.
MAPPED_IMPORTS = {ImportKind.CSV_READINGS: readings_csv, ImportKind.CSV_EVIDENCE: evidence_csv}


@transaction.atomic
def import_job_create_mapped(
    *, journey: Journey, upload, created_by, kind: str = ImportKind.CSV_READINGS, language: str = ""
) -> ImportJob:
    """Keep a CSV of metric readings or of evidence until its columns are chosen (import_job_map_columns).
    A file whose header cannot be read is refused at once."""
    _check_upload(upload)
    try:
        csv_mapping.sample(upload.read(256 * 1024))
    except ImportInvalid as invalid:
        raise ValidationError({"file": [problem["message"] for problem in invalid.problems]}) from None
    upload.seek(0)
    job = ImportJob(
        kind=kind,
        status=JobStatus.DRAFT,
        workspace_id=journey.workspace_id,
        journey=journey,
        created_by=created_by,
        language=language or translation.get_language() or "",
    )
    job.file.save(f"{kind}-{timezone.now():%Y%m%d-%H%M%S}.csv", upload, save=False)
    job.save()
    return job


@transaction.atomic
def import_job_map_columns(*, job: ImportJob, mapping) -> ImportJob:
    """Start a mapped CSV import (readings_csv.Mapping, evidence_csv.Mapping) with the columns chosen for it."""
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.kind not in MAPPED_IMPORTS or locked.status != JobStatus.DRAFT:
        raise ValidationError(_("This import has already started."))
    locked.mapping = mapping.as_json()
    locked.status = JobStatus.QUEUED
    locked.save(update_fields=["mapping", "status"])
    job_enqueue(tasks.import_run, ImportJob, locked.pk)
    return locked


def _checked_import(job: ImportJob, raw: bytes, progress) -> Callable[[], tuple[Journey, int]]:
    """Check the whole file (ImportInvalid lists every problem); return what writes it, in the
    caller's transaction, and says how many cards it made. An import into an existing map keeps a
    snapshot of the map first, in that transaction."""
    if job.kind == ImportKind.SNAPSHOT_RESTORE:
        return _checked_restore(job, progress)
    if job.kind in (*FILE_MAP_KINDS, *COPY_KINDS):
        report: dict = {}
        if job.kind == ImportKind.OJF_MAP:
            channels = list(Channel.objects.filter(workspace=job.workspace).values_list("name", flat=True))
            translated = openjourney.translate(openjourney.parse(raw), channels=channels)
            document, report = translated.document, translated.report
            map_plan = translated.plan()
        else:
            document = json_importer.parse(raw)
            map_plan = json_importer.validate(document)

        def write_map() -> tuple[Journey, int]:
            title = map_plan.journey["title"]
            if job.kind in FILE_MAP_KINDS and Journey.objects.filter(workspace=job.workspace, title=title).exists():
                # (Two maps of one name on the dashboard: which is which?)
                map_plan.journey["title"] = free_title(
                    job.workspace, title, _("%(title)s (imported)"), _("%(title)s (imported %(number)d)")
                )
            journey = json_importer.write(
                map_plan, workspace=job.workspace, created_by=job.created_by, progress=progress
            )
            if job.kind in COPY_KINDS:
                journey = _copy_finished(job, journey, document)
            if report:  # what became of each node of an OpenJourney file
                ImportJob.objects.filter(pk=job.pk).update(report=report)
            return journey, map_plan.touchpoint_count

        return write_map
    target = job.journey
    if target is None:
        raise ImportInvalid([{"row": "", "field": "journey", "message": _("The map no longer exists.")}])
    if job.kind == ImportKind.CSV_READINGS:
        mapping = readings_csv.Mapping.from_json(job.mapping)
        readings_plan = readings_csv.validate(raw, journey=target, mapping=mapping, progress=progress)

        def write_readings() -> tuple[Journey, int]:
            _snapshot_before_import(job, target)
            count = readings_csv.write(
                readings_plan, journey=target, mapping=mapping, created_by=job.created_by, progress=progress
            )
            _announce_import(job, target, subject="reading", count=count)
            return target, count

        return write_readings
    if job.kind == ImportKind.CSV_EVIDENCE:
        evidence_mapping = evidence_csv.Mapping.from_json(job.mapping)
        evidence_plan = evidence_csv.validate(raw, journey=target, mapping=evidence_mapping, progress=progress)

        def write_evidence() -> tuple[Journey, int]:
            _snapshot_before_import(job, target)
            count = evidence_csv.write(evidence_plan, journey=target, created_by=job.created_by, progress=progress)
            _announce_import(job, target, subject="evidence", count=count)
            return target, count

        return write_evidence
    create_channels = bool(job.mapping.get("create_channels"))
    card_plan = csv_importer.validate(raw, journey=target, create_channels=create_channels, progress=progress)

    def write_cards() -> tuple[Journey, int]:
        _snapshot_before_import(job, target)
        count = csv_importer.write(card_plan, journey=target, progress=progress)
        if card_plan.new_channels:  # (the report names them)
            ImportJob.objects.filter(pk=job.pk).update(
                mapping={**job.mapping, "created_channels": card_plan.new_channels}
            )
        return target, count

    return write_cards


def _snapshot_before_import(job: ImportJob, journey: Journey) -> Snapshot:
    """The map as it was before the import wrote into it (its Snapshots page lists it, named after the file)."""
    journey_lock(journey.pk)  # (before the snapshot reads the map: what it keeps is what the import finds)
    return snapshot_take(
        journey=journey,
        kind=SnapshotKind.BEFORE_IMPORT,
        note=os.path.basename(job.file.name),
        created_by=job.created_by,
    )


# --- Snapshots restored ---------------------------------------------------------------------


class RestoreRunning(Exception):
    """A restore of this map is queued or running already (`job`): one at a time (the API answers 409)."""

    def __init__(self, job: ImportJob):
        super().__init__(f"restore {job.pk} of map {job.journey_id} is {job.status}")
        self.job = job


@transaction.atomic
def snapshot_restore_create(*, snapshot: Snapshot, created_by, language: str = "") -> ImportJob:
    """Queue the restore of `snapshot` into its map (the caller checks the user edits the map). Raises
    RestoreRunning while another restore of the map is queued or running."""
    Journey.objects.select_for_update().filter(pk=snapshot.journey_id).exists()  # one request at a time
    running = running_restore(snapshot.journey_id)
    if running is not None:
        raise RestoreRunning(running)
    job = ImportJob.objects.create(
        kind=ImportKind.SNAPSHOT_RESTORE,
        workspace_id=snapshot.journey.workspace_id,
        journey_id=snapshot.journey_id,
        snapshot=snapshot,
        created_by=created_by,
        language=language or translation.get_language() or "",
    )
    job_enqueue(tasks.import_run, ImportJob, job.pk)
    return job


def _checked_restore(job: ImportJob, progress) -> Callable[[], tuple[Journey, int]]:
    """Check the snapshot's document as an import's file; what writes it first keeps the map as it is
    (the safety snapshot), then puts the snapshot's content back (exports/importers/restore.py)."""
    snapshot, target = job.snapshot, job.journey
    if snapshot is None or target is None:
        raise ImportInvalid([{"row": "", "field": "snapshot", "message": _("The snapshot no longer exists.")}])
    plan = restore.validate(snapshot.content)
    progress(20)

    def write_restore() -> tuple[Journey, int]:
        journey_lock(target.pk)
        safety = snapshot_take(
            journey=target,
            kind=SnapshotKind.BEFORE_RESTORE,
            note=snapshot.name,
            created_by=job.created_by,
            keep=snapshot,
        )
        progress(40)
        report = restore.write(plan, journey=target, snapshot=snapshot, actor=job.created_by, progress=progress)
        ImportJob.objects.filter(pk=job.pk).update(
            mapping={
                "safety_snapshot": safety.pk,
                "removed_cards": report.removed_cards,
                "removed_comments": report.removed_comments,
                "strategies_restored": report.strategies_restored,
                "strategies_recreated": report.strategies_recreated,
                "strategies_retired": report.strategies_retired,
            }
        )
        return target, report.cards

    return write_restore


def _announce_import(job: ImportJob, journey: Journey, *, subject: str, count: int) -> None:
    """One entry in the map's activity for all a bulk import wrote (not one per row)."""
    announce_change(
        journey_id=journey.pk,
        actor=job.created_by,
        action=Change.IMPORTED,
        target=job,
        subject=subject,
        count=count,
        label=os.path.basename(job.file.name),
    )


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Validate the whole file, then write it in one transaction; safe to call again."""
    if not job_start(ImportJob, job_id):
        return None
    job = ImportJob.objects.select_related("workspace", "journey", "source", "created_by").get(pk=job_id)
    progress = job_progress(ImportJob, job_id, limit=settings.EXPORT_TASK_SOFT_TIME_LIMIT)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            raw = _import_source(job)
            progress(5)
            write = _checked_import(job, raw, progress)
            progress(40)
            with transaction.atomic():
                # The lock makes a second run wait for the first, then find it done.
                locked = ImportJob.objects.select_for_update().get(pk=job_id)
                if locked.status != JobStatus.RUNNING:
                    return locked
                journey, count = write()
                ImportJob.objects.filter(pk=job_id).update(
                    status=JobStatus.SUCCEEDED,
                    progress=100,
                    journey=journey,
                    created_count=count,
                    problems=[],
                    problem_count=0,
                    error="",
                    finished_at=timezone.now(),
                )
        except ImportInvalid as invalid:
            ImportJob.objects.filter(pk=job_id).update(problems=invalid.problems, problem_count=invalid.total)
            if job.kind == ImportKind.SNAPSHOT_RESTORE:
                message = ngettext(
                    "The snapshot could not be restored: %(count)d problem found; the map was not changed.",
                    "The snapshot could not be restored: %(count)d problems found; the map was not changed.",
                    invalid.total,
                )
            else:
                message = ngettext(
                    "The file was refused: %(count)d problem found; nothing was imported.",
                    "The file was refused: %(count)d problems found; nothing was imported.",
                    invalid.total,
                )
            job_fail(model=ImportJob, job_id=job_id, error=message % {"count": invalid.total})
        except ValidationError as error:
            problems = [
                {"row": "", "field": name, "message": message}
                for name, messages in getattr(error, "message_dict", {"": error.messages}).items()
                for message in messages
            ]
            ImportJob.objects.filter(pk=job_id).update(problems=problems[:MAX_PROBLEMS], problem_count=len(problems))
            refused = (
                _("The snapshot could not be restored; the map was not changed.")
                if job.kind == ImportKind.SNAPSHOT_RESTORE
                else _("The file was refused; nothing was imported.")
            )
            job_fail(model=ImportJob, job_id=job_id, error=refused)
        except JobTimeout as error:
            job_fail(model=ImportJob, job_id=job_id, error=str(error))
        except OSError as error:
            job_fail(
                model=ImportJob,
                job_id=job_id,
                error=_("The uploaded file could not be read: %(reason)s.")
                % {"reason": error.strerror or _("it is missing")},
            )
    return ImportJob.objects.get(pk=job_id)


# --- Retention ----------------------------------------------------------------------------


def _delete_file(name: str) -> None:
    """Delete a stored file, and its job's folder (exports/<id>/) once empty."""
    default_storage.delete(name)
    folder = posixpath.dirname(name)
    if folder.startswith("exports/") and hasattr(default_storage, "path"):
        with contextlib.suppress(OSError):  # not empty, or already gone
            os.rmdir(default_storage.path(folder))


def exports_remove_expired(*, now: dt.datetime | None = None) -> int:
    """Delete export files and uploaded imports older than EXPORT_RETENTION_DAYS, with their jobs."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    removed = 0
    for model in (ExportJob, ImportJob):
        expired = model.objects.filter(Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff))
        for job in expired.only("pk", "file"):
            if job.file:
                try:
                    _delete_file(job.file.name)
                except OSError as error:
                    logger.warning("could not remove %s: %s", job.file.name, error)
                    continue
            job.delete()
            removed += 1
    return removed
