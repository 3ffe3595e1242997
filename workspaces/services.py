import datetime
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from core.users import display_name

from .models import INVITATION_LIFETIME, Invitation, InvitationStatus, Membership, Role, Workspace
from .signals import membership_ended, workspace_created

logger = logging.getLogger(__name__)


@transaction.atomic
def workspace_create(*, name: str, owner) -> Workspace:
    workspace = Workspace(name=name)
    workspace.full_clean()
    workspace.save()
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    workspace_created.send(sender=Workspace, workspace=workspace)
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
    # Maps first: their cards hold on to the workspace's channels (RESTRICT) until they are gone.
    workspace.journeys.all().delete()
    workspace.delete()


def _lock_memberships(workspace_id: int) -> None:
    """Changes to a workspace's members wait for each other (the workspace's row is their lock), so the
    last-owner rule holds when two owners demote each other at once: the second one counts after the
    first has committed."""
    Workspace.objects.select_for_update().filter(pk=workspace_id).values_list("pk").first()


@transaction.atomic
def membership_set(*, workspace: Workspace, user, role: str) -> Membership:
    """Add a member or change their role; the last owner cannot be demoted."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    _lock_memberships(workspace.pk)
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
    _lock_memberships(membership.workspace_id)
    current = Membership.objects.filter(pk=membership.pk).first()  # as it is now, not as the caller read it
    if current is None:
        return
    if current.role == Role.OWNER and _owner_count(current.workspace) == 1:
        raise ValidationError(_("The last owner of a workspace cannot be removed."))
    current.delete()
    membership_ended.send(sender=Membership, workspace_id=current.workspace_id, user_id=current.user_id)


def _owner_count(workspace: Workspace) -> int:
    return Membership.objects.filter(workspace=workspace, role=Role.OWNER).count()


@transaction.atomic
def invitation_create(
    *,
    workspace: Workspace,
    email: str,
    role: str,
    invited_by,
    site_url: str,
    open_link: bool = False,
    max_uses: int = 1,
    days: int | None = None,
) -> Invitation:
    """Invite an e-mail address to the workspace with a role. The invitation link is
    e-mailed once the transaction commits; `site_url` ("https://host") makes it absolute.
    With `open_link`, no address: anyone with the link joins, `max_uses` times at most, for `days`."""
    email = email.strip()
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if open_link:
        return _open_invitation_create(
            workspace=workspace, role=role, invited_by=invited_by, max_uses=max_uses, days=days
        )
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise ValidationError({"email": _("Someone with this e-mail address is already a member.")})
    if Invitation.objects.pending().filter(workspace=workspace, email__iexact=email).exists():
        raise ValidationError(
            {"email": _("An invitation to this address is already pending. Revoke it to send a new one.")}
        )
    now = timezone.now()
    invitation = Invitation(
        workspace=workspace,
        email=email,
        role=role,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    invitation.full_clean()
    invitation.save()
    link = site_url.rstrip("/") + invitation.get_absolute_url()
    transaction.on_commit(lambda: _send_invitation(invitation, link))
    return invitation


def _open_invitation_create(*, workspace: Workspace, role: str, invited_by, max_uses: int, days: int | None):
    now = timezone.now()
    invitation = Invitation(
        workspace=workspace,
        open_link=True,
        max_uses=max_uses,
        role=role,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + (datetime.timedelta(days=days) if days else INVITATION_LIFETIME),
    )
    invitation.full_clean()
    invitation.save()
    return invitation


def _send_invitation(invitation: Invitation, link: str) -> None:
    context = {
        "invitation": invitation,
        "workspace": invitation.workspace,
        "link": link,
        "inviter": display_name(invitation.invited_by),
        "role": invitation.get_role_display(),
    }
    subject = _("You are invited to join %(workspace)s on Journey board") % {"workspace": invitation.workspace.name}
    body = render_to_string("workspaces/email/invitation.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except Exception:  # the invitation exists and its link is shown to the owner: a mail failure must not lose it
        logger.exception("Could not e-mail invitation %s", invitation.pk)


_INVITATION_REFUSALS = {
    InvitationStatus.ACCEPTED: ("used", lambda: _("This invitation has already been used.")),
    InvitationStatus.REVOKED: ("revoked", lambda: _("This invitation has been revoked.")),
    InvitationStatus.EXPIRED: (
        "expired",
        lambda: _("This invitation has expired. Ask an owner of the workspace for a new one."),
    ),
}


def invitation_check(*, invitation: Invitation) -> None:
    """Raise a ValidationError (code "used", "revoked" or "expired") unless the invitation can be accepted."""
    status = invitation.status()
    if status in _INVITATION_REFUSALS:
        code, message = _INVITATION_REFUSALS[status]
        raise ValidationError(message(), code=code)


def _check_invited_address(*, invitation: Invitation, user) -> None:
    """The link may have been forwarded, or seen by someone else: it is for the account that has proved
    it reads the invitation's address (a verified address, django-allauth)."""
    addresses = EmailAddress.objects.filter(user=user, email__iexact=invitation.email.strip())
    if not addresses.exists():
        raise ValidationError(
            _("This invitation is for %(email)s. Log in with the account of that address to accept it.")
            % {"email": invitation.email},
            code="other_address",
        )
    if not addresses.filter(verified=True).exists():
        raise ValidationError(
            _("This invitation is for %(email)s: confirm that address first, with the link we mailed to it.")
            % {"email": invitation.email},
            code="unverified",
        )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Join the workspace with the invitation's role; the invitation is used up. Only the account with
    the invitation's e-mail address may accept it."""
    invitation = Invitation.objects.select_for_update().select_related("workspace").get(pk=invitation.pk)
    invitation_check(invitation=invitation)
    if Membership.objects.filter(workspace=invitation.workspace, user=user).exists():
        raise ValidationError(_("You are already a member of this workspace."), code="member")
    if not invitation.open_link:
        _check_invited_address(invitation=invitation, user=user)
    membership = Membership.objects.create(workspace=invitation.workspace, user=user, role=invitation.role)
    invitation.uses += 1
    if invitation.uses >= invitation.max_uses:  # used up (an e-mail invitation at once)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
    invitation.save(update_fields=["uses", "accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    """Make the link useless. An accepted invitation cannot be revoked (remove the member instead)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


# --- API tokens (django-rest-knox: stored hashed, expiring, revocable) ---------------------------

MAX_TOKENS_PER_USER = 20


@transaction.atomic
def token_create(*, user):
    """A new API token for `user`: (its row, the token itself, which is not stored and shown once).
    Expired tokens go; past MAX_TOKENS_PER_USER live ones the user revokes one first."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    if AuthToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            {
                "tokens": _("You have %(count)d API tokens: revoke one on the API tokens page first.")
                % {"count": MAX_TOKENS_PER_USER}
            }
        )
    return AuthToken.objects.create(user=user)


def token_revoke(*, user, digest: str) -> bool:
    """Revoke one of the user's tokens; False if it is not theirs (or already gone)."""
    return AuthToken.objects.filter(user=user, digest=digest).delete()[0] > 0
