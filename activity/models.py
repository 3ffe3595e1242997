"""The board's activity feed: who created, edited, moved or deleted which stage or touchpoint, and
who recorded a reading, added evidence or changed an opportunity.

The table keeps the name it had in the journeys app, where the feed was first kept.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journeys.signals import Change

# What the feed records: the changes the map's services announce.
ActivityAction = Change


class ActivityTarget(models.TextChoices):
    STAGE = "stage", _("stage")
    TOUCHPOINT = "touchpoint", _("touchpoint")
    READING = "reading", _("reading")
    EVIDENCE = "evidence", _("evidence item")
    OPPORTUNITY = "opportunity", _("opportunity")
    SNAPSHOT = "snapshot", _("snapshot")


class BoardActivity(models.Model):
    """One change to the board: who did what to which stage or touchpoint, with the fields' before and after."""

    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="activity")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=10, choices=ActivityAction.choices)
    target_type = models.CharField(max_length=12, choices=ActivityTarget.choices)
    # No foreign key: the feed outlives what it describes.
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(max_length=200)
    # {"field": [before, after]} for the fields that changed.
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "journeys_boardactivity"
        ordering = ["-created_at", "-id"]
        verbose_name = _("board activity")
        verbose_name_plural = _("board activity")
        indexes = [
            # The activity feed: a map's entries newest first.
            models.Index(fields=["journey", "-created_at"], name="activity_journey_created"),
        ]

    def __str__(self):
        return f"{self.actor_name} {self.action} {self.target_label}"
