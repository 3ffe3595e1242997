from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import date_bounds


class ShareLinkStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class ShareLinkQuerySet(models.QuerySet):
    def usable(self, today=None):
        """The links that open their map now: not revoked, and not past their expiry date."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


class ShareLink(models.Model):
    """A read-only link to one map for people without an account: what it shows (the board with
    presentation mode, the guide, the strategies), until when, behind which password. Its token is
    shown once, to the person who made it; only its hash is kept (sharing.tokens), and the password
    as Django keeps passwords (django.contrib.auth.hashers)."""

    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="share_links")
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("Who it is for, say “Store managers”: shown in the list.")
    )
    shows_board = models.BooleanField(_("the board and presentation mode"), default=True)
    shows_guide = models.BooleanField(_("the guide"), default=False)
    shows_strategies = models.BooleanField(_("the strategies"), default=False)
    expires_on = models.DateField(
        _("works until"),
        null=True,
        blank=True,
        validators=date_bounds(),
        help_text=_("The last day it works; leave empty for a link that works until it is revoked."),
    )
    password = models.CharField(max_length=128, blank=True, editable=False)  # a hash; "" for none
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    token_start = models.CharField(max_length=8, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        constraints = [
            models.CheckConstraint(
                condition=Q(shows_board=True) | Q(shows_guide=True) | Q(shows_strategies=True),
                name="share_link_shows_something",
                violation_error_message=_("Choose what the link shows: the board, the guide or the strategies."),
            ),
        ]
        indexes = [
            # The map's "Share" page lists its links, newest first.
            models.Index(fields=["journey", "-created_at"], name="share_link_journey_created"),
        ]
        # (A visitor's token is looked up by `token_digest`, whose uniqueness gives it an index.)

    def __str__(self):
        return f"{self.label or self.token_start} → {self.journey_id}"

    def clean(self):
        # (That it shows something is its constraint's.)
        errors = {}
        if self._state.adding and self.expires_on is not None and self.expires_on < timezone.localdate():
            errors["expires_on"] = _("Choose today or a later day.")
        if errors:
            raise ValidationError(errors)

    def status(self, today=None) -> ShareLinkStatus:
        if self.revoked_at is not None:
            return ShareLinkStatus.REVOKED
        if self.expires_on is not None and self.expires_on < (today or timezone.localdate()):
            return ShareLinkStatus.EXPIRED
        return ShareLinkStatus.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.status() == ShareLinkStatus.ACTIVE

    @property
    def has_password(self) -> bool:
        return bool(self.password)

    def shows(self, part: str) -> bool:
        """Whether the link shows `part`: "board" (with presentation mode), "guide" or "strategies"."""
        return bool(getattr(self, f"shows_{part}"))

    @property
    def parts(self) -> list[str]:
        return [part for part in SHARED_PARTS if self.shows(part)]


# What a link can show, in the order its pages offer them (its address opens the first it shows).
SHARED_PARTS = ("board", "guide", "strategies")
