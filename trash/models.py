"""A trash entry: one deleted card, stage, lane or map, with every row its delete removed."""

import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RowEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, keeping the microseconds of times (it cuts them to milliseconds): a row
    comes back with its timestamps exactly as they were."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time) and o.microsecond:
            return o.isoformat().replace("+00:00", "Z")
        return super().default(o)


class TrashKind(models.TextChoices):
    CARD = "card", _("Touchpoint")
    STAGE = "stage", _("Stage")
    LANE = "lane", _("Lane")
    MAP = "map", _("Map")


class TrashEntry(models.Model):
    """What a delete removed, kept until it is restored, deleted forever or TRASH_RETENTION_DAYS old.

    `rows` are the rows themselves (Django's "python" serialization: model, pk and fields), the deleted
    object first, then what its delete cascaded to (a card's comments, links, readings...), parents
    before children. `links` are the rows outside the entry that pointed at it and were set to NULL
    (a strategy's card): `[{"model": "strategies.strategy", "field": "touchpoint_id", "rows": [[pk,
    value]]}]`, linked again on restore. See trash/cascade.py."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="trash")
    kind = models.CharField(_("kind"), max_length=10, choices=TrashKind.choices)
    label = models.CharField(_("name"), max_length=200)
    # The map it was on (the map itself for a map), by id: the map may be gone too.
    journey_id = models.PositiveBigIntegerField(null=True, blank=True)
    journey_title = models.CharField(_("map"), max_length=200, blank=True)
    # Where on the map: a card's stage.
    place = models.CharField(_("stage"), max_length=120, blank=True)
    touchpoint_count = models.PositiveIntegerField(default=0)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deleted_by_name = models.CharField(max_length=150, blank=True)
    deleted_at = models.DateTimeField(default=timezone.now)
    rows = models.JSONField(encoder=RowEncoder)
    links = models.JSONField(encoder=RowEncoder, default=list, blank=True)

    class Meta:
        ordering = ["-deleted_at", "-id"]
        verbose_name = _("trash entry")
        verbose_name_plural = _("trash entries")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=TrashKind.values), name="trashentry_kind_known"),
        ]
        indexes = [
            # The trash page and the API: a workspace's entries, newest first.
            models.Index(fields=["workspace", "-deleted_at"], name="trash_workspace_deleted"),
            # The periodic purge: entries older than the retention.
            models.Index(fields=["deleted_at"], name="trash_deleted_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} “{self.label}”"

    @property
    def expires_at(self) -> datetime.datetime:
        """When the periodic purge deletes it forever."""
        return self.deleted_at + datetime.timedelta(days=settings.TRASH_RETENTION_DAYS)
