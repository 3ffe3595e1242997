"""Writes for backups: make a workspace's archive, restore one into a new workspace, and run both as
background jobs (queued after commit, with progress, always ending succeeded or failed) like the
exports' jobs. The management commands call `workspace_backup_write` and `workspace_restore` directly.
"""

import contextlib
import datetime as dt
import importlib.metadata
import json
import logging
import os
import posixpath
import tempfile
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, DataError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exports.formats import json_format
from exports.importers.common import MAX_PROBLEMS, ImportInvalid
from exports.jobs import RUNNABLE, JobTimeout, Progress, job_enqueue, job_fail, job_progress, job_start, jobs_settle
from exports.models import JobStatus
from exports.tasks import TRANSIENT_ERRORS
from workspaces.models import Workspace

from . import archive, restore, tasks
from .models import BackupJob, RestoreJob
from .selectors import ArchiveContents, map_backup_document, workspace_document, workspace_maps

logger = logging.getLogger(__name__)

# Restores a user may have waiting or running at once (each may make a workspace of thousands of rows).
MAX_OPEN_RESTORES = 3


def app_version() -> str:
    try:
        return importlib.metadata.version("journeyboard")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# --- The archive -----------------------------------------------------------------------------------


def workspace_backup_write(*, workspace: Workspace, handle: IO[bytes], progress: Progress | None = None) -> dict:
    """Write the workspace's whole archive to `handle` (a binary file); returns the manifest's counts.
    Maps are read one at a time, each as one snapshot; workspace.json is read after them."""
    step = progress or (lambda percent: None)
    contents = ArchiveContents()
    maps = workspace_maps(workspace)
    if len(maps) > archive.MAX_MAPS:
        raise ValidationError(
            _("A backup holds at most %(max)d maps; this workspace has %(count)d.")
            % {"max": archive.MAX_MAPS, "count": len(maps)}
        )
    with archive.ArchiveWriter(handle) as writer:
        for index, journey_id in enumerate(maps):
            writer.add(archive.map_file_name(index), json_format.render(map_backup_document(journey_id, contents)))
            step(2 + 90 * (index + 1) // max(len(maps), 1))
        writer.add(archive.WORKSPACE, _json(workspace_document(workspace, contents)))
        counts = dict(sorted(contents.counts.items()))
        manifest = {
            "format": archive.FORMAT_NAME,
            "format_version": archive.FORMAT_VERSION,
            "app_version": app_version(),
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "workspace": workspace.name,
            "counts": counts,
            "files": list(writer.names),
        }
        writer.add(archive.MANIFEST, _json(manifest))
    return counts


def _json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def workspace_restore(
    *, handle: IO[bytes], owner, name: str = "", with_members: bool = False, progress: Progress | None = None
) -> restore.RestoreReport:
    """Check the whole archive, then make a new workspace of it owned by `owner` (one transaction).
    Raises ImportInvalid (every problem found; nothing written) for an archive it refuses."""
    plan = restore.read_archive(handle, progress=progress)
    try:
        return restore.write(plan, owner=owner, name=name, with_members=with_members, progress=progress)
    except ValidationError as error:
        raise ImportInvalid(_problems_of(error)) from None
    except (IntegrityError, DataError) as error:
        raise ImportInvalid([{"row": "", "field": "", "message": _rule_broken(error)}]) from None


def _rule_broken(error: DatabaseError) -> str:
    return _("The archive breaks a rule of the app (%(reason)s); nothing was restored.") % {"reason": str(error)[:300]}


def _problems_of(error: ValidationError) -> list[dict]:
    return [
        {"row": "", "field": name if name != "__all__" else "", "message": message}
        for name, messages in getattr(error, "message_dict", {"": error.messages}).items()
        for message in messages
    ]


# --- Jobs -----------------------------------------------------------------------------------------


@transaction.atomic
def backup_job_create(*, workspace: Workspace, created_by, language: str = "") -> BackupJob:
    """Queue a backup of the whole workspace (the caller checks that `created_by` owns it)."""
    job = BackupJob.objects.create(
        workspace=workspace, created_by=created_by, language=language or translation.get_language() or ""
    )
    job_enqueue(tasks.backup_run, BackupJob, job.pk)
    return job


def _check_upload(upload) -> None:
    if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(size)d MB.") % {"size": settings.IMPORT_MAX_UPLOAD_BYTES // 2**20}}
        )


@transaction.atomic
def restore_job_create(*, upload, created_by, name: str = "", language: str = "") -> RestoreJob:
    """Queue the restore of an uploaded archive into a new workspace that `created_by` will own (any
    user may: the archive's workspace becomes theirs, nobody else's)."""
    _check_upload(upload)
    name = (name or "").strip()
    if name:
        try:
            Workspace(name=name).clean_fields()
        except ValidationError as error:
            raise ValidationError({"name": error.message_dict.get("name", error.messages)}) from None
    open_jobs = RestoreJob.objects.filter(created_by=created_by, status__in=RUNNABLE).count()
    if open_jobs >= MAX_OPEN_RESTORES:
        raise ValidationError(
            {
                "file": ngettext(
                    "You have %(count)d restore under way: wait for it to finish.",
                    "You have %(count)d restores under way: wait for one to finish.",
                    open_jobs,
                )
                % {"count": open_jobs}
            }
        )
    job = RestoreJob(name=name, created_by=created_by, language=language or translation.get_language() or "")
    job.file.save(f"restore-{timezone.now():%Y%m%d-%H%M%S}.zip", upload, save=False)
    job.save()
    job_enqueue(tasks.restore_run, RestoreJob, job.pk)
    return job


def backup_filename(workspace: Workspace) -> str:
    stem = slugify(workspace.name, allow_unicode=True)[:60] or "workspace"
    return f"{stem}-backup-{timezone.localdate():%Y-%m-%d}.zip"


def backup_job_run(*, job_id: int) -> BackupJob | None:
    """Write the archive of the job's workspace and keep it; safe to call again (a redelivered message
    writes it anew). Expected failures are recorded on the job."""
    if not job_start(BackupJob, job_id):
        return None
    job = BackupJob.objects.select_related("workspace").get(pk=job_id)
    progress = job_progress(BackupJob, job_id, limit=settings.BACKUP_TASK_SOFT_TIME_LIMIT)
    path = posixpath.join("backups", str(job.pk), backup_filename(job.workspace))
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            with tempfile.TemporaryFile() as handle:
                counts = workspace_backup_write(workspace=job.workspace, handle=handle, progress=progress)
                size = handle.tell()
                handle.seek(0)
                if job.file:
                    default_storage.delete(job.file.name)
                if default_storage.exists(path):
                    default_storage.delete(path)
                path = default_storage.save(path, File(handle))
        except (JobTimeout, ValidationError) as error:
            job_fail(model=BackupJob, job_id=job_id, error=" ".join(getattr(error, "messages", [str(error)])))
            return None
        except OSError as error:
            logger.warning("backup %s could not be stored: %s", job_id, error)
            job_fail(
                model=BackupJob,
                job_id=job_id,
                error=_("The file could not be saved: %(reason)s.")
                % {"reason": error.strerror or _("the backup folder cannot be written")},
            )
            return None
    updated = BackupJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.SUCCEEDED,
        progress=100,
        file=path,
        size=size,
        counts=counts,
        finished_at=timezone.now(),
        error="",
    )
    if not updated:  # failed meanwhile (its time limit): leave no file nobody can reach
        default_storage.delete(path)
    return BackupJob.objects.get(pk=job_id)


def restore_job_run(*, job_id: int) -> RestoreJob | None:
    """Check the uploaded archive whole, then write the new workspace in one transaction; safe to call
    again (a second run waits for the first, then finds it done). The upload is removed once the job
    has its final state."""
    if not job_start(RestoreJob, job_id):
        return None
    job = RestoreJob.objects.select_related("created_by").get(pk=job_id)
    progress = job_progress(RestoreJob, job_id, limit=settings.BACKUP_TASK_SOFT_TIME_LIMIT)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            if job.created_by is None:
                raise ImportInvalid([{"row": "", "field": "", "message": _("The account that asked for it is gone.")}])
            with job.file.open("rb") as handle:
                plan = restore.read_archive(handle, progress=progress)
            with transaction.atomic():
                locked = RestoreJob.objects.select_for_update().get(pk=job_id)
                if locked.status != JobStatus.RUNNING:
                    return locked
                report = restore.write(plan, owner=job.created_by, name=job.name, progress=progress)
                RestoreJob.objects.filter(pk=job_id).update(
                    status=JobStatus.SUCCEEDED,
                    progress=100,
                    workspace_id=report.workspace_id,
                    report=report.as_json(),
                    problems=[],
                    problem_count=0,
                    error="",
                    finished_at=timezone.now(),
                )
        except ImportInvalid as invalid:
            RestoreJob.objects.filter(pk=job_id).update(problems=invalid.problems, problem_count=invalid.total)
            job_fail(
                model=RestoreJob,
                job_id=job_id,
                error=ngettext(
                    "The archive was refused: %(count)d problem found; nothing was restored.",
                    "The archive was refused: %(count)d problems found; nothing was restored.",
                    invalid.total,
                )
                % {"count": invalid.total},
            )
        except ValidationError as error:
            problems = _problems_of(error)
            RestoreJob.objects.filter(pk=job_id).update(problems=problems[:MAX_PROBLEMS], problem_count=len(problems))
            job_fail(model=RestoreJob, job_id=job_id, error=_("The archive was refused; nothing was restored."))
        except DatabaseError as error:
            if isinstance(error, TRANSIENT_ERRORS):
                raise  # (the task tries again)
            logger.warning("restore %s broke a rule of the database: %s", job_id, error)
            job_fail(model=RestoreJob, job_id=job_id, error=_rule_broken(error))
        except JobTimeout as error:
            job_fail(model=RestoreJob, job_id=job_id, error=str(error))
        except OSError as error:
            job_fail(
                model=RestoreJob,
                job_id=job_id,
                error=_("The uploaded file could not be read: %(reason)s.")
                % {"reason": error.strerror or _("it is missing")},
            )
    job = RestoreJob.objects.get(pk=job_id)
    if job.is_finished:
        _remove_upload(job)
    return job


def _remove_upload(job: RestoreJob) -> None:
    if job.file:
        with contextlib.suppress(OSError):
            default_storage.delete(job.file.name)
        RestoreJob.objects.filter(pk=job.pk).update(file="")


# --- Jobs whose worker died, old archives ------------------------------------------------------------


def jobs_sweep(*, now: dt.datetime | None = None, job_ids: dict | None = None) -> int:
    """Give every backup or restore whose worker is gone a final state (exports.jobs.jobs_settle; celery
    beat runs it every minute, a job's page for that job). How many it failed."""
    kinds = ((BackupJob, tasks.backup_run), (RestoreJob, tasks.restore_run))
    failed = jobs_settle(kinds, time_limit=settings.BACKUP_TASK_TIME_LIMIT, now=now, job_ids=job_ids)
    for job in RestoreJob.objects.filter(status=JobStatus.FAILED).exclude(file="").only("pk", "file"):
        _remove_upload(job)  # (a job failed here or by its task: its upload is not kept)
    return failed


def backups_remove_expired(*, now: dt.datetime | None = None) -> int:
    """Delete backup archives (and restore jobs) older than EXPORT_RETENTION_DAYS, with their jobs."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    removed = 0
    for model in (BackupJob, RestoreJob):
        expired = model.objects.filter(Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff))
        for job in expired.only("pk", "file"):
            if job.file:
                try:
                    default_storage.delete(job.file.name)
                except OSError as error:
                    logger.warning("could not remove %s: %s", job.file.name, error)
                    continue
                folder = posixpath.dirname(job.file.name)
                if folder.startswith("backups/") and hasattr(default_storage, "path"):
                    with contextlib.suppress(OSError):  # not empty, or already gone
                        os.rmdir(default_storage.path(folder))
            job.delete()
            removed += 1
    return removed
