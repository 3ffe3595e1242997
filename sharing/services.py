import datetime

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from live.broker import get_broker

from .models import ShareLink
from .tokens import SHOWN_START, new_token, token_digest

MAX_PASSWORD_LENGTH = 128  # hashing a megabyte-long password is a denial of service
MAX_ACTIVE_LINKS_PER_MAP = 100
USE_RECORDED_EVERY = datetime.timedelta(minutes=1)  # "last used" is that precise, and costs no write per request


@transaction.atomic
def share_link_create(
    *,
    journey,
    created_by,
    shows_board: bool = True,
    shows_guide: bool = False,
    shows_strategies: bool = False,
    expires_on: datetime.date | None = None,
    password: str = "",
    label: str = "",
) -> tuple[ShareLink, str]:
    """A new link to `journey`; returns it with its token, which is not kept (only its hash is): the
    caller shows it once."""
    if len(password) > MAX_PASSWORD_LENGTH:
        message = _("Use at most %(count)d characters.") % {"count": MAX_PASSWORD_LENGTH}
        raise ValidationError({"password": message})
    if ShareLink.objects.filter(journey=journey).usable().count() >= MAX_ACTIVE_LINKS_PER_MAP:
        message = _("This map has %(count)d links that work: revoke one before making another.")
        raise ValidationError(message % {"count": MAX_ACTIVE_LINKS_PER_MAP})
    token = new_token()
    link = ShareLink(
        journey=journey,
        created_by=created_by,
        label=label,
        shows_board=shows_board,
        shows_guide=shows_guide,
        shows_strategies=shows_strategies,
        expires_on=expires_on,
        password=make_password(password) if password else "",
        token_digest=token_digest(token),
        token_start=token[:SHOWN_START],
    )
    link.full_clean(validate_unique=False)  # (a new token's hash is unique: 256 random bits)
    link.save()
    return link, token


@transaction.atomic
def share_link_revoke(*, link: ShareLink) -> ShareLink:
    """The link opens nothing from now on; the guests' live boards are closed once this commits."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        journey_id = link.journey_id
        # Every stream of the board checks whether it may go on (sharing.stream): the guests' end.
        transaction.on_commit(lambda: get_broker().publish_presence(journey_id))
    return link


def share_link_used(*, link: ShareLink) -> None:
    """Someone opened a page of the link: its "last used" moves, at most once a minute (one UPDATE that
    changes no row in between)."""
    now = timezone.now()
    recent = Q(last_used_at__isnull=False) & Q(last_used_at__gt=now - USE_RECORDED_EVERY)
    ShareLink.objects.filter(pk=link.pk).exclude(recent).update(last_used_at=now)
