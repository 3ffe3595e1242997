from django.db.models import QuerySet

from .access import with_user_role
from .models import EDIT_ROLES, Workspace


def workspaces_for_user(user) -> QuerySet[Workspace]:
    """The user's workspaces, each annotated with `user_role`."""
    return with_user_role(Workspace.objects.all(), user, workspace_field="pk").order_by("name", "id")


def editable_workspaces(user) -> QuerySet[Workspace]:
    """Workspaces where the user may create and change things (owner or editor)."""
    return workspaces_for_user(user).filter(user_role__in=EDIT_ROLES)
