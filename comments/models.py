"""Comment threads on what the board shows, @mentions and the inbox they feed.

A thread belongs to exactly one target, a touchpoint or a strategy: two nullable
foreign keys and a check constraint that exactly one is set (comments/targets.py
gives views and templates one way to look at either).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Thread(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="comment_threads")
    touchpoint = models.ForeignKey(
        "touchpoints.Touchpoint", on_delete=models.CASCADE, null=True, blank=True, related_name="comment_threads"
    )
    strategy = models.ForeignKey(
        "strategies.Strategy", on_delete=models.CASCADE, null=True, blank=True, related_name="comment_threads"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who resolved or reopened it, as the thread says it, when that is not the linked account: kept by a
    # restored backup whose people are not members here (the thread then links to whoever restored it).
    resolved_by_name = models.CharField(max_length=150, blank=True)
    reopened_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("comment thread")
        verbose_name_plural = _("comment threads")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(touchpoint__isnull=False, strategy__isnull=True)
                    | models.Q(touchpoint__isnull=True, strategy__isnull=False)
                ),
                name="comment_thread_one_target",
            ),
            models.UniqueConstraint(
                fields=["touchpoint"],
                condition=models.Q(touchpoint__isnull=False),
                name="comment_thread_one_per_touchpoint",
            ),
            models.UniqueConstraint(
                fields=["strategy"], condition=models.Q(strategy__isnull=False), name="comment_thread_one_per_strategy"
            ),
        ]

    def __str__(self):
        return f"Thread {self.pk} on {self.target}"

    @property
    def target(self):
        return self.strategy if self.strategy_id else self.touchpoint

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def resolver_label(self) -> str:
        return self.resolved_by_name or (self.resolved_by.get_username() if self.resolved_by_id else "")

    @property
    def reopener_label(self) -> str:
        return self.reopened_by_name or (self.reopened_by.get_username() if self.reopened_by_id else "")


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="comments",
        verbose_name=_("author"),
    )
    # The author's name as the thread shows it, when that is not the linked account's: kept by a restored
    # backup whose author is not a member here (the comment then links to whoever restored it).
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    body = models.TextField(_("comment"), max_length=5000)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # A thread's comments in order; the board counts them per touchpoint's thread.
            models.Index(fields=["thread", "created_at"], name="comment_thread_created"),
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def author_label(self) -> str:
        """The name the thread shows: the kept name, else the author's full name or username ("" for no one)."""
        if self.author_name:
            return self.author_name
        return (self.author.get_full_name() or self.author.get_username()) if self.author_id else ""


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Mention")


class Notification(models.Model):
    """An inbox item: someone mentioned the recipient in a comment."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices, default=NotificationKind.MENTION)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "comment", "kind"], name="notification_once_per_comment"),
            models.CheckConstraint(
                condition=models.Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
        ]
        indexes = [
            # The nav's unread count and the inbox, newest first.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_recipient_unread"),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient} on comment {self.comment_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
