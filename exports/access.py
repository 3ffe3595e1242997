"""Who may see export and import jobs and snapshots: members of the map's (or the import's) workspace, else 404."""

from workspaces.access import get_for_user, get_rw_for_user

from .models import ExportJob, ImportJob, Snapshot


def get_export_job_for_user(user, pk) -> ExportJob:
    """Any member may follow and download a map's exports (exporting changes nothing)."""
    job, _can_edit = get_for_user(ExportJob.objects.select_related("journey"), user, pk, "journey__workspace")
    return job


def get_import_job_for_user(user, pk) -> ImportJob:
    jobs = ImportJob.objects.select_related("journey", "workspace", "snapshot").defer("snapshot__content")
    job, _can_edit = get_for_user(jobs, user, pk, "workspace")
    return job


def _snapshots():
    return Snapshot.objects.select_related("journey__workspace", "created_by")


def get_snapshot_for_user(user, pk) -> tuple[Snapshot, bool]:
    """A snapshot of a map the user reads (every member views and compares it), and whether they may restore it."""
    return get_for_user(_snapshots(), user, pk, "journey__workspace")


def get_rw_snapshot_for_user(user, pk) -> Snapshot:
    """A snapshot the user may restore or delete: 404 outside their workspaces, 403 for viewers."""
    return get_rw_for_user(_snapshots(), user, pk, "journey__workspace")
