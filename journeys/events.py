"""The board events the map's own services publish (live.events.publish_board_event)."""

from django.db import models


class MapEvent(models.TextChoices):
    STAGE_CREATED = "stage.created"
    STAGE_UPDATED = "stage.updated"
    STAGE_MOVED = "stage.moved"
    STAGE_DELETED = "stage.deleted"
    STAGE_RESTORED = "stage.restored"
    JOURNEY_UPDATED = "journey.updated"
    JOURNEY_DELETED = "journey.deleted"
    JOURNEY_RESTORED = "journey.restored"
    LANES_CHANGED = "lanes.changed"
    CELL_UPDATED = "cell.updated"
