"""Who may see export and import jobs: members of the map's (or the import's) workspace, else 404."""

from journeys.models import Journey
from workspaces.access import get_for_user, get_rw_for_user
from workspaces.models import Workspace

from .models import ExportJob, ImportJob


def get_journey_for_user(user, pk) -> tuple[Journey, bool]:
    return get_for_user(Journey.objects.select_related("workspace"), user, pk)


def get_rw_journey_for_user(user, pk) -> Journey:
    return get_rw_for_user(Journey.objects.select_related("workspace"), user, pk)


def get_export_job_for_user(user, pk) -> ExportJob:
    """Any member may follow and download a map's exports (exporting changes nothing)."""
    job, _can_edit = get_for_user(ExportJob.objects.select_related("journey"), user, pk, "journey__workspace")
    return job


def get_import_job_for_user(user, pk) -> ImportJob:
    job, _can_edit = get_for_user(ImportJob.objects.select_related("journey", "workspace"), user, pk, "workspace")
    return job


def get_rw_workspace_for_user(user, pk) -> Workspace:
    """A workspace the user may add maps to: 404 outside their workspaces, 403 for viewers."""
    return get_rw_for_user(Workspace.objects.all(), user, pk, "pk")
