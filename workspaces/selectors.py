from django.db.models import Case, Count, QuerySet, Value, When
from django.utils import timezone
from knox.models import AuthToken

from .access import with_user_role
from .models import EDIT_ROLES, Invitation, Membership, Role, Workspace


def workspaces_for_user(user) -> QuerySet[Workspace]:
    """The user's workspaces, each annotated with `user_role`."""
    return with_user_role(Workspace.objects.all(), user, workspace_field="pk").order_by("name", "id")


def editable_workspaces(user) -> QuerySet[Workspace]:
    """Workspaces where the user may create and change things (owner or editor)."""
    return workspaces_for_user(user).filter(user_role__in=EDIT_ROLES)  # type: ignore[misc]  # an annotation of with_user_role


def members_of(workspace: Workspace) -> list[Membership]:
    """The workspace's memberships with their users: owners first, then editors, viewers; by name."""
    rank = Case(*(When(role=role, then=Value(index)) for index, role in enumerate(Role.values)), default=Value(9))
    return list(
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .annotate(role_rank=rank)
        .order_by("role_rank", "user__first_name", "user__last_name", "user__username", "id")
    )


def recent_invitations(workspace: Workspace, limit: int = 20) -> list[Invitation]:
    """The workspace's newest invitations (pending, used, revoked or expired), with who sent them."""
    return list(Invitation.objects.filter(workspace=workspace).select_related("invited_by", "accepted_by")[:limit])


def teams_for_user(user) -> QuerySet[Workspace]:
    """The user's workspaces with their role and member count."""
    return workspaces_for_user(user).annotate(member_count=Count("memberships", distinct=True))


def tokens_of(user):
    """The user's API tokens that still work, newest first (what is kept of them: never the token)."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")
