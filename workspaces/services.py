from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touchpoints.services import channels_create_defaults

from .models import Membership, Role, Workspace


@transaction.atomic
def workspace_create(*, name: str, owner) -> Workspace:
    workspace = Workspace(name=name)
    workspace.full_clean()
    workspace.save()
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    channels_create_defaults(workspace=workspace)
    return workspace


@transaction.atomic
def workspace_update(*, workspace: Workspace, name: str) -> Workspace:
    workspace.name = name
    workspace.full_clean()
    workspace.save(update_fields=["name"])
    return workspace


@transaction.atomic
def workspace_delete(*, workspace: Workspace) -> None:
    """Delete a workspace with everything in it: maps, personas, channels, memberships."""
    workspace.delete()


@transaction.atomic
def membership_set(*, workspace: Workspace, user, role: str) -> Membership:
    """Add a member or change their role; the last owner cannot be demoted."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership, created = Membership.objects.select_for_update().get_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        if membership.role == Role.OWNER and _owner_count(workspace) == 1:
            raise ValidationError({"role": _("A workspace needs at least one owner.")})
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if membership.role == Role.OWNER and _owner_count(membership.workspace) == 1:
        raise ValidationError(_("The last owner of a workspace cannot be removed."))
    membership.delete()


def _owner_count(workspace: Workspace) -> int:
    return Membership.objects.select_for_update().filter(workspace=workspace, role=Role.OWNER).count()
