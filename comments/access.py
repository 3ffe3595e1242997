"""Who may read and write comments: every member of the workspace (viewers too); outsiders get 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from workspaces.access import get_for_user

from .models import Comment, Notification, Thread

_WORKSPACE = "thread__workspace"


def _threads():
    return Thread.objects.select_related("touchpoint__stage__journey", "strategy__journey")


def get_thread_for_user(user, pk) -> Thread:
    thread, _can_edit = get_for_user(_threads(), user, pk)
    return thread


def get_comment_for_user(user, pk) -> Comment:
    comment, _can_edit = get_for_user(
        Comment.objects.select_related("thread__touchpoint__stage__journey", "thread__strategy__journey", "author"),
        user,
        pk,
        _WORKSPACE,
    )
    return comment


def get_own_comment_for_user(user, pk) -> Comment:
    """A comment the user wrote: 404 outside their workspaces, 403 for someone else's comment."""
    comment = get_comment_for_user(user, pk)
    if comment.author_id != user.pk:
        raise PermissionDenied
    return comment


def get_notification_for_user(user, pk) -> Notification:
    """Only the recipient sees a notification; anyone else gets 404."""
    try:
        return Notification.objects.get(pk=pk, recipient=user)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
