"""The onboarding guide's state: who read which stage, and who confirmed a stage still holds.

The tables keep the names they had in the journeys app, where the guide was first kept.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StageReview(models.Model):
    """Someone confirmed that a stage still describes the journey ("mark stage reviewed")."""

    stage = models.ForeignKey("journeys.Stage", on_delete=models.CASCADE, related_name="reviews")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "journeys_stagereview"
        verbose_name = _("stage review")
        verbose_name_plural = _("stage reviews")
        indexes = [
            # Staleness: the latest review of a stage.
            models.Index(fields=["stage", "-reviewed_at"], name="stagereview_stage_time"),
        ]

    def __str__(self):
        return f"{self.stage} · {self.reviewed_at:%Y-%m-%d}"


class StageRead(models.Model):
    """A member read a stage in the guide, last at `read_at`."""

    stage = models.ForeignKey("journeys.Stage", on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "journeys_stageread"
        verbose_name = _("stage read")
        verbose_name_plural = _("stage reads")
        constraints = [
            models.UniqueConstraint(fields=["stage", "user"], name="stageread_unique_user"),
        ]

    def __str__(self):
        return f"{self.user} · {self.stage}"
