"""The board events the touchpoint services publish (live.events.publish_board_event)."""

from django.db import models


class CardEvent(models.TextChoices):
    TOUCHPOINT_CREATED = "touchpoint.created"
    TOUCHPOINT_UPDATED = "touchpoint.updated"
    TOUCHPOINT_MOVED = "touchpoint.moved"
    TOUCHPOINT_DELETED = "touchpoint.deleted"
    TOUCHPOINT_RESTORED = "touchpoint.restored"
