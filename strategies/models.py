"""Documented strategies and their immutable revisions.

A strategy is attached to a map, one of its stages or one of its touchpoints. Every save writes a
revision (`Strategy.save`); the services in `services.py` are the only writers the app uses. The
tables keep the names they had in the journeys app, where strategies were first kept.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import date_bounds
from core.users import display_name


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class RevisionKind(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    RESTORED = "restored", _("Restored")
    REVIEWED = "reviewed", _("Reviewed")


class ImmutableRevision(Exception):
    """Raised when anything tries to change or delete a strategy revision."""


class StrategyQuerySet(models.QuerySet):
    def current(self):
        """What the board counts and the panels list first: everything not retired."""
        return self.exclude(status=StrategyStatus.RETIRED)

    def for_stage_and_its_touchpoints(self, stage_ref):
        """Strategies of a stage plus those of its touchpoints (`stage_ref` may be an OuterRef)."""
        return self.filter(models.Q(stage=stage_ref) | models.Q(touchpoint__stage=stage_ref))


class Strategy(models.Model):
    """A documented way the team works one part of the journey: the whole map, a stage or a touchpoint."""

    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="strategies")
    # Deleting a stage or a touchpoint keeps its strategies (and their history): they fall back to the map.
    stage = models.ForeignKey(
        "journeys.Stage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategies",
        verbose_name=_("stage"),
    )
    touchpoint = models.ForeignKey(
        "touchpoints.Touchpoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategies",
        verbose_name=_("touchpoint"),
    )
    persona = models.ForeignKey(
        "personas.Persona",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategies",
        verbose_name=_("persona"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("strategy"),
        blank=True,
        help_text=_("Markdown: **bold**, *italic*, lists, links."),
        max_length=50000,
        validators=[MaxLengthValidator(50000)],
    )
    status = models.CharField(_("status"), max_length=10, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_strategies",
        verbose_name=_("owner"),
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True, validators=date_bounds())
    # When what the guide shows of this strategy last changed (an active strategy edited, activated or
    # retired): readers who read its stage before then must read it again.
    guide_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Counts saves; revision number N is the state after save N.
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StrategyQuerySet.as_manager()

    class Meta:
        db_table = "journeys_strategy"
        ordering = ["title", "id"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__isnull=True) | models.Q(touchpoint__isnull=True),
                name="strategy_one_scope",
            ),
            models.CheckConstraint(condition=models.Q(status__in=StrategyStatus.values), name="strategy_status_valid"),
        ]
        indexes = [
            # The map panel and the guide read a map's strategies by status.
            models.Index(fields=["journey", "status"], name="strategy_journey_status"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, author=None, change_note: str = "", kind: str | None = None, restored_from=None, **kwargs):
        """Save and write the revision that records this state. Use the services: they validate and lock."""
        with transaction.atomic():
            adding = self._state.adding
            self.version = (self.version or 0) + 1
            super().save(*args, **kwargs)
            StrategyRevision.objects.create(
                strategy=self,
                journey_id=self.journey_id,
                number=self.version,
                kind=kind or (RevisionKind.CREATED if adding else RevisionKind.EDITED),
                title=self.title,
                body=self.body,
                status=self.status,
                change_note=change_note,
                restored_from=restored_from,
                author=author,
                author_name=display_name(author),
            )

    @property
    def scope_stage(self):
        """The stage the strategy belongs to, directly or through its touchpoint."""
        if self.touchpoint_id:
            return self.touchpoint.stage
        return self.stage


class RevisionQuerySet(models.QuerySet):
    """Revisions are written once. (Cascades from a deleted map use the plain base manager.)"""

    def update(self, **kwargs):
        raise ImmutableRevision("Strategy revisions cannot be updated.")

    def delete(self):
        raise ImmutableRevision("Strategy revisions cannot be deleted.")

    update.queryset_only = True
    delete.queryset_only = True


class StrategyRevision(models.Model):
    """One saved state of a strategy, with who saved it and why. Never updated, never deleted."""

    # RESTRICT: a strategy with history cannot be deleted on its own; deleting the whole map still
    # removes both (the map cascades to the revisions too).
    strategy = models.ForeignKey(Strategy, on_delete=models.RESTRICT, related_name="revisions")
    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="strategy_revisions")
    number = models.PositiveIntegerField(_("revision"))
    kind = models.CharField(_("change"), max_length=10, choices=RevisionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("strategy"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StrategyStatus.choices)
    change_note = models.TextField(_("change note"), blank=True, max_length=1000, validators=[MaxLengthValidator(1000)])
    restored_from = models.PositiveIntegerField(_("restored from"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # Kept so the history still says who wrote it after the account is gone.
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        db_table = "journeys_strategyrevision"
        ordering = ["-number"]
        verbose_name = _("strategy revision")
        verbose_name_plural = _("strategy revisions")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="revision_unique_number"),
        ]
        indexes = [
            # The map's history page: a map's revisions newest first, optionally from a date.
            models.Index(fields=["journey", "-created_at"], name="revision_journey_created"),
        ]

    def __str__(self):
        return f"{self.title} #{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRevision("Strategy revisions cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRevision("Strategy revisions cannot be deleted.")

    @property
    def who(self) -> str:
        return self.author_name or (display_name(self.author) if self.author_id else "")
