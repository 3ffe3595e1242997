"""Who may see export and import jobs: members of the map's (or the import's) workspace, else 404."""

from workspaces.access import get_for_user

from .models import ExportJob, ImportJob


def get_export_job_for_user(user, pk) -> ExportJob:
    """Any member may follow and download a map's exports (exporting changes nothing)."""
    job, _can_edit = get_for_user(ExportJob.objects.select_related("journey"), user, pk, "journey__workspace")
    return job


def get_import_job_for_user(user, pk) -> ImportJob:
    job, _can_edit = get_for_user(ImportJob.objects.select_related("journey", "workspace"), user, pk, "workspace")
    return job
