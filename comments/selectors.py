"""Reads for threads, the board's comment counts and the inbox."""

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from workspaces.models import Membership

from .mentions import render_body
from .models import Comment, Notification, Thread
from .targets import Target, target_of


def _comment_count(**thread_filter):
    counts = (
        Comment.objects.filter(**{f"thread__{name}": value for name, value in thread_filter.items()})
        .order_by()
        .values("thread")
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def touchpoint_comment_count(outer_ref: str = "pk"):
    """An expression for a touchpoint queryset: how many comments its thread has (0 without one).
    The board annotates its cards with it, in the same query."""
    return _comment_count(touchpoint=OuterRef(outer_ref))


def strategy_comment_count(outer_ref: str = "pk"):
    """The same for a strategy queryset (the strategy panels)."""
    return _comment_count(strategy=OuterRef(outer_ref))


def comment_count_for(target) -> int:
    """The target's `comment_count` annotation, or one count query when it was loaded without it."""
    count = getattr(target, "comment_count", None)
    if count is not None:
        return count
    return Comment.objects.filter(**{f"thread__{Target(target).kind}": target}).count()


def thread_for(target) -> Thread | None:
    """The thread of a touchpoint or strategy with its comments (authors, mentions), or None
    before the first comment."""
    return (
        Thread.objects.filter(**Target(target).thread_lookup())
        .select_related("resolved_by", "reopened_by")
        .prefetch_related(comments_prefetch())
        .first()
    )


def comments_prefetch() -> Prefetch:
    mentions = Prefetch("mentions", queryset=get_user_model().objects.only("id", "username"))
    return Prefetch(
        "comments",
        queryset=Comment.objects.select_related("author").prefetch_related(mentions).order_by("created_at", "id"),
    )


def with_html(comments) -> list[Comment]:
    """Comments with `.html`: the escaped body, mentions of members highlighted."""
    comments = list(comments)
    for comment in comments:
        comment.html = render_body(comment.body, [user.username for user in comment.mentions.all()])
    return comments


def workspace_members(workspace_id: int) -> list:
    """The workspace's users, to resolve @mentions against."""
    return [m.user for m in Membership.objects.filter(workspace_id=workspace_id).select_related("user")]


def _visible_notifications(user) -> QuerySet[Notification]:
    """The user's notifications in workspaces they still belong to."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, comment__thread__workspace__memberships__user=user)


def unread_count(user) -> int:
    """One query: the nav shows it on every page."""
    return _visible_notifications(user).filter(read_at__isnull=True).count()


def inbox_for(user, limit: int = 100) -> list[Notification]:
    """The user's newest notifications with the comment, its author and where it was made."""
    queryset = (
        _visible_notifications(user)
        .select_related(
            "comment__author", "comment__thread__touchpoint__stage__journey", "comment__thread__strategy__journey"
        )
        .prefetch_related(Prefetch("comment__mentions", queryset=get_user_model().objects.only("id", "username")))
    )
    notifications = list(queryset.order_by("-created_at", "-id")[:limit])
    with_html([notification.comment for notification in notifications])
    for notification in notifications:
        notification.target = target_of(notification.comment.thread)  # type: ignore[attr-defined]  # for the page
    return notifications
