from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Emotion(models.IntegerChoices):
    VERY_NEGATIVE = -2, _("Very negative")
    NEGATIVE = -1, _("Negative")
    NEUTRAL = 0, _("Neutral")
    POSITIVE = 1, _("Positive")
    VERY_POSITIVE = 2, _("Very positive")


class Touchpoint(models.Model):
    """One contact between the customer and the brand, in one stage and one channel."""

    stage = models.ForeignKey("journeys.Stage", on_delete=models.CASCADE, related_name="touchpoints")
    # RESTRICT, not PROTECT: a channel in use cannot be deleted on its own, but deleting
    # the whole workspace (channels and touchpoints together) still cascades.
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.RESTRICT, related_name="touchpoints", verbose_name=_("channel")
    )
    personas = models.ManyToManyField(
        "personas.Persona", blank=True, related_name="touchpoints", verbose_name=_("personas")
    )
    title = models.CharField(_("title"), max_length=200)
    does = models.TextField(
        _("what the customer does"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    thinks = models.TextField(
        _("what the customer thinks"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    feels = models.TextField(
        _("what the customer feels"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    emotion = models.SmallIntegerField(_("emotion"), choices=Emotion.choices, default=Emotion.NEUTRAL)
    pain_points = models.TextField(_("pain points"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)])
    opportunities = models.TextField(
        _("opportunities"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_touchpoints",
        verbose_name=_("owner"),
    )
    position = models.PositiveIntegerField(default=0)
    # The card this one was copied from (a duplicate or a future state): comparing the two maps pairs them.
    origin = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(emotion__gte=-2, emotion__lte=2), name="touchpoint_emotion_range"
            ),
        ]
        indexes = [
            # The board reads each stage's cards in order.
            models.Index(fields=["stage", "position"], name="touchpoint_stage_position"),
        ]

    def __str__(self):
        return self.title

    @property
    def pain_point_list(self) -> list[str]:
        """The card's pain points, one per line, without list markers (evidence and opportunities cite them)."""
        return [line.strip().lstrip("-•* ").strip()[:300] for line in self.pain_points.splitlines() if line.strip()]
