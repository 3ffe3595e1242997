"""The Backups section of a workspace's page (workspaces.sections): owners download a backup of the
workspace; every member may restore an archive into a new workspace of their own."""

from workspaces.models import Role
from workspaces.sections import WorkspaceSection, workspace_sections

from .forms import RestoreForm
from .selectors import recent_backups


def backups_context(request, workspace) -> dict:
    is_owner = workspace.user_role == Role.OWNER
    return {
        "is_owner": is_owner,
        "backups": recent_backups(workspace) if is_owner else [],
        "restore_form": RestoreForm(),
    }


def register() -> None:
    workspace_sections.register(
        WorkspaceSection(key="backups", template="backups/_workspace_section.html", context=backups_context, order=50)
    )
