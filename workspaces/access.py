"""Who may see and change what: every view and API endpoint goes through here.

An object outside the user's workspaces is a 404, never a 403, so its
existence does not leak; a viewer who tries to write gets a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from .models import EDIT_ROLES, Invitation, Membership, Role, Workspace


def with_user_role(queryset: QuerySet, user, workspace_field: str = "workspace") -> QuerySet:
    """Keep only rows in the user's workspaces, annotated with `user_role`."""
    if not user.is_authenticated:
        return queryset.none()
    role = Membership.objects.filter(workspace=OuterRef(workspace_field), user=user).values("role")[:1]
    return queryset.annotate(user_role=Subquery(role)).filter(user_role__isnull=False)


def get_for_user(queryset: QuerySet, user, pk, workspace_field: str = "workspace"):
    """Return `(obj, can_edit)` for an object in one of the user's workspaces, or raise 404."""
    try:
        obj = with_user_role(queryset, user, workspace_field).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return obj, obj.user_role in EDIT_ROLES


def get_rw_for_user(queryset: QuerySet, user, pk, workspace_field: str = "workspace"):
    """Return an object the user may change: 404 outside their workspaces, 403 for viewers."""
    obj, can_edit = get_for_user(queryset, user, pk, workspace_field)
    if not can_edit:
        raise PermissionDenied
    return obj


def get_owner_for_user(queryset: QuerySet, user, pk, workspace_field: str = "workspace"):
    """Return an object of a workspace the user owns: 404 outside their workspaces, 403 for editors and viewers."""
    obj, _can_edit = get_for_user(queryset, user, pk, workspace_field)
    if obj.user_role != Role.OWNER:
        raise PermissionDenied
    return obj


def get_workspace_for_user(user, pk):
    """A workspace the user belongs to, annotated with `user_role` (404 otherwise)."""
    workspace, _can_edit = get_for_user(Workspace.objects.all(), user, pk, workspace_field="pk")
    return workspace


def get_owned_workspace_for_user(user, pk):
    return get_owner_for_user(Workspace.objects.all(), user, pk, workspace_field="pk")


def get_owned_membership_for_user(user, pk):
    return get_owner_for_user(Membership.objects.select_related("workspace", "user"), user, pk)


def get_owned_invitation_for_user(user, pk):
    return get_owner_for_user(Invitation.objects.select_related("workspace"), user, pk)
