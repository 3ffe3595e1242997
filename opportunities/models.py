"""Opportunities: what the team could improve, the pain points and evidence it answers, how much it
would help and cost, and where it stands. The backlog ranks them by a score written on its page."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import date_bounds


class OpportunityStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (OpportunityStatus.IDEA, OpportunityStatus.PLANNED, OpportunityStatus.IN_PROGRESS)


class OpportunityConfidence(models.IntegerChoices):
    """How sure the team is of the impact, as the share of it the score counts."""

    LOW = 50, _("Low (a hunch)")
    MEDIUM = 80, _("Medium (some evidence)")
    HIGH = 100, _("High (validated)")


SCALE = [MinValueValidator(1), MaxValueValidator(5)]
MAX_REACH = 1_000_000_000


def score_of(impact: int, effort: int, confidence: int) -> Decimal:
    """Score = impact * confidence / effort (confidence as a share: 50 % counts half the impact)."""
    return (Decimal(impact) * Decimal(confidence) / 100 / Decimal(effort)).quantize(Decimal("0.01"))


class Opportunity(models.Model):
    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="opportunities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)])
    touchpoints = models.ManyToManyField(
        # (not "opportunities": a touchpoint has a text field of that name)
        "touchpoints.Touchpoint",
        blank=True,
        related_name="backlog_items",
        verbose_name=_("touchpoints"),
    )
    stages = models.ManyToManyField(
        "journeys.Stage", blank=True, related_name="opportunities", verbose_name=_("stages")
    )
    evidence = models.ManyToManyField(
        "evidence.Evidence", blank=True, related_name="opportunities", verbose_name=_("evidence")
    )
    pain_points = models.TextField(
        _("pain points it answers"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("One per line, as the cards say them."),
    )
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=SCALE, default=3)
    effort = models.PositiveSmallIntegerField(_("effort (1–5)"), validators=SCALE, default=3)
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), choices=OpportunityConfidence.choices, default=OpportunityConfidence.MEDIUM
    )
    reach = models.PositiveIntegerField(
        _("reach"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_REACH)],
        help_text=_("How many customers a month it would touch (optional)."),
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, editable=False, default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=OpportunityStatus.choices, default=OpportunityStatus.IDEA
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_opportunities",
        verbose_name=_("owner"),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True, validators=date_bounds())
    strategy = models.ForeignKey(
        "strategies.Strategy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("strategy that carries it out"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-score", "title", "id"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.CheckConstraint(condition=models.Q(impact__gte=1, impact__lte=5), name="opportunity_impact_1_to_5"),
            models.CheckConstraint(condition=models.Q(effort__gte=1, effort__lte=5), name="opportunity_effort_1_to_5"),
            models.CheckConstraint(
                condition=models.Q(confidence__in=OpportunityConfidence.values), name="opportunity_confidence_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OpportunityStatus.values), name="opportunity_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["journey", "status", "-score"], name="opportunity_backlog")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.score = score_of(self.impact, self.effort, self.confidence)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "score"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def pain_point_list(self) -> list[str]:
        return [line.strip() for line in self.pain_points.splitlines() if line.strip()]
