import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


EDIT_ROLES = frozenset({Role.OWNER, Role.EDITOR})


class WorkspaceQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Workspace(models.Model):
    """A team. Every map, persona and channel belongs to one."""

    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="workspaces")

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self):
        return self.name

    @property
    def user_role_label(self) -> str:
        """The translated name of `user_role`, on workspaces read through `with_user_role`."""
        return Role(self.user_role).label


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique_user_per_workspace"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} · {self.workspace} ({self.role})"

    @property
    def can_edit(self) -> bool:
        return self.role in EDIT_ROLES


INVITATION_LIFETIME = timedelta(days=7)


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + INVITATION_LIFETIME


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


MAX_OPEN_INVITATION_USES = 100


class Invitation(models.Model):
    """An owner's invitation to join a workspace with a role: a link with a secret
    token, shown to the owner and e-mailed to the address; it expires, and is used once,
    by the account of that address. An open invitation (made so on purpose) has no address:
    anyone with its link may use it, up to `max_uses` times before it expires."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"), blank=True)
    open_link = models.BooleanField(_("anyone with the link"), default=False)
    max_uses = models.PositiveSmallIntegerField(
        _("uses"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_OPEN_INVITATION_USES)]
    )
    uses = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="invitation_role_valid"),
            models.CheckConstraint(
                condition=models.Q(open_link=True) | ~models.Q(email=""), name="invitation_for_an_address_or_open"
            ),
            models.CheckConstraint(
                condition=models.Q(max_uses__gte=1, max_uses__lte=MAX_OPEN_INVITATION_USES),
                name="invitation_max_uses_bounds",
            ),
        ]
        indexes = [
            # The members page lists a workspace's invitations, newest first.
            models.Index(fields=["workspace", "-created_at"], name="invitation_workspace_created"),
        ]

    def __str__(self):
        return f"{self.email or 'anyone with the link'} → {self.workspace} ({self.role})"

    def get_absolute_url(self) -> str:
        return reverse("workspaces:invitation", args=[self.token])

    def status(self, now=None) -> InvitationStatus:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def is_pending(self) -> bool:
        return self.status() == InvitationStatus.PENDING
