"""Writes for comments: threads, mentions, notifications, resolving."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from boards.services import card_badges_refresh
from core.users import display_name
from live.events import publish_board_event

from .mentions import mentioned_members
from .models import Comment, Notification, NotificationKind, Thread
from .selectors import workspace_members
from .targets import Target, target_of

logger = logging.getLogger(__name__)

MAX_BODY = 5000
# The board event a change to a card's thread publishes (live.events).
COMMENT_CHANGED = "comment.changed"


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    if len(body) > MAX_BODY:
        raise ValidationError(
            {
                "body": _("A comment can be at most %(max)d characters long (this one has %(count)d).")
                % {"max": MAX_BODY, "count": len(body)}
            }
        )
    return body


@transaction.atomic
def comment_create(*, target, author, body: str, site_url: str = "") -> Comment:
    """Add a comment to the thread of `target` (a touchpoint or a strategy), started on the
    first comment. Members it @mentions get an inbox item and an e-mail."""
    body = _clean_body(body)
    about = Target(target)
    workspace_id = about.journey.workspace_id
    thread, _created = Thread.objects.get_or_create(**about.thread_lookup(), defaults={"workspace_id": workspace_id})
    setattr(thread, about.kind, target)
    comment = Comment.objects.create(thread=thread, author=author, body=body)
    _mention(comment, workspace_id=workspace_id, site_url=site_url)
    _board_changed(thread, actor=author, count_changed=True)
    return comment


@transaction.atomic
def comment_update(*, comment: Comment, editor, body: str, site_url: str = "") -> Comment:
    """Only the author edits a comment. Newly mentioned members are notified; nobody twice."""
    if comment.author_id != editor.pk:
        raise PermissionDenied
    comment.body = _clean_body(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    _mention(comment, workspace_id=comment.thread.workspace_id, site_url=site_url)
    _board_changed(comment.thread, actor=editor)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> None:
    if comment.author_id != user.pk:
        raise PermissionDenied
    thread = comment.thread
    comment.delete()
    _board_changed(thread, actor=user, count_changed=True)


@transaction.atomic
def thread_resolve(*, thread: Thread, user) -> Thread:
    """Mark the discussion settled (who and when). Resolving a resolved thread changes nothing."""
    locked = _lock(thread)
    if not locked.is_resolved:
        locked.resolved_at = timezone.now()
        locked.resolved_by = user
        locked.save(update_fields=["resolved_at", "resolved_by"])
        _board_changed(locked, actor=user)
    return locked


@transaction.atomic
def thread_reopen(*, thread: Thread, user) -> Thread:
    """Open a resolved discussion again (who and when). Reopening an open thread changes nothing."""
    locked = _lock(thread)
    if locked.is_resolved:
        locked.resolved_at = None
        locked.resolved_by = None
        locked.reopened_at = timezone.now()
        locked.reopened_by = user
        locked.save(update_fields=["resolved_at", "resolved_by", "reopened_at", "reopened_by"])
        _board_changed(locked, actor=user)
    return locked


def _lock(thread: Thread) -> Thread:
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    # The target (and its stage) as the caller loaded them, for the board event.
    locked.touchpoint, locked.strategy = thread.touchpoint, thread.strategy
    return locked


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def _mention(comment: Comment, *, workspace_id: int, site_url: str) -> None:
    """Record who the comment mentions (members only) and notify those not notified yet."""
    members = mentioned_members(comment.body, workspace_members(workspace_id))
    comment.mentions.set(members)
    already = set(
        Notification.objects.filter(comment=comment, kind=NotificationKind.MENTION).values_list(
            "recipient_id", flat=True
        )
    )
    recipients = [user for user in members if user.pk != comment.author_id and user.pk not in already]
    Notification.objects.bulk_create(
        [Notification(recipient=user, comment=comment, kind=NotificationKind.MENTION) for user in recipients]
    )
    with_email = [user for user in recipients if user.email]
    if with_email:
        transaction.on_commit(lambda: _email_mentions(comment, with_email, site_url))


def _email_mentions(comment: Comment, recipients, site_url: str) -> None:
    about = target_of(comment.thread)
    author = comment.author
    author_name = display_name(author) or _("Someone")
    context = {
        "author": author_name,
        "comment": comment,
        "target": about.title,
        "journey": about.journey.title,
        "link": site_url.rstrip("/") + about.thread_url,
        "inbox": site_url.rstrip("/") + reverse("comments:inbox"),
    }
    subject = _("%(author)s mentioned you on “%(target)s”") % {"author": author_name, "target": about.title}
    body = render_to_string("comments/email/mention.txt", context)
    for user in recipients:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:  # the comment and the inbox item exist: a mail failure must not undo them
            logger.exception("Could not e-mail user %s about comment %s", user.pk, comment.pk)


def _board_changed(thread: Thread, *, actor, count_changed: bool = False) -> None:
    """Browsers with the board open update the card's comment count (a kept badge, boards.services,
    counted again when it changed). Strategy threads change nothing the board shows, so they send nothing."""
    touchpoint = thread.touchpoint if thread.touchpoint_id else None
    if touchpoint is None:
        return
    if count_changed:
        card_badges_refresh(journey=touchpoint.stage.journey_id, touchpoint_ids=[touchpoint.pk])
    publish_board_event(
        touchpoint.stage.journey_id,
        kind=COMMENT_CHANGED,
        stage_ids=[touchpoint.stage_id],
        touchpoint_id=touchpoint.pk,
        actor_id=getattr(actor, "pk", None),
    )
