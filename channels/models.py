from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.Model):
    """Where a touchpoint happens: website, store, e-mail, word of mouth..."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        # The table of the touchpoints app, where channels were first kept.
        db_table = "touchpoints_channel"
        ordering = ["position", "name", "id"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="channel_unique_name_per_workspace"),
        ]

    def __str__(self):
        return self.name
