"""What customers said or did, behind the map: survey responses, reviews, support tickets, social
posts, interview notes, analytics findings. An item is attached to touchpoints and/or stages of one
map; how much a card has decides its confidence (an assumption, some evidence, validated), unless the
team sets it by hand."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import date_bounds


class EvidenceKind(models.TextChoices):
    SURVEY = "survey", _("Survey response")
    REVIEW = "review", _("Review")
    TICKET = "ticket", _("Support ticket")
    SOCIAL = "social", _("Social media post")
    INTERVIEW = "interview", _("Interview note")
    ANALYTICS = "analytics", _("Analytics finding")
    OTHER = "other", _("Other")


class RatingScale(models.TextChoices):
    NONE = "", _("No rating")
    FIVE = "five", _("1 to 5")
    TEN = "ten", _("0 to 10")


RATING_BOUNDS = {RatingScale.FIVE: (1, 5), RatingScale.TEN: (0, 10)}


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    NEUTRAL = "neutral", _("Neutral")
    POSITIVE = "positive", _("Positive")


def sentiment_of_rating(rating: int, scale: str) -> str:
    """1-2 of 5 and 0-6 of 10 are negative (as NPS detractors), 3 and 7-8 neutral, the rest positive."""
    if scale == RatingScale.FIVE:
        return Sentiment.NEGATIVE if rating <= 2 else Sentiment.NEUTRAL if rating == 3 else Sentiment.POSITIVE
    return Sentiment.NEGATIVE if rating <= 6 else Sentiment.NEUTRAL if rating <= 8 else Sentiment.POSITIVE


class Confidence(models.TextChoices):
    ASSUMPTION = "assumption", _("Assumption")
    SOME = "some", _("Some evidence")
    VALIDATED = "validated", _("Validated")


# A card with this much evidence counts as validated; with less but some, as having some evidence.
VALIDATED_AT = 3


def confidence_of(count: int, chosen: str = "") -> str:
    if chosen:
        return chosen
    if count >= VALIDATED_AT:
        return Confidence.VALIDATED
    return Confidence.SOME if count else Confidence.ASSUMPTION


class Evidence(models.Model):
    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices, default=EvidenceKind.SURVEY)
    text = models.TextField(_("what the customer said or did"), max_length=4000, validators=[MaxLengthValidator(4000)])
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where it comes from: a survey, a shop, a ticket number.")
    )
    observed_on = models.DateField(_("date"), validators=date_bounds())
    rating = models.SmallIntegerField(_("rating"), null=True, blank=True)
    rating_scale = models.CharField(_("rating scale"), max_length=4, choices=RatingScale.choices, blank=True)
    sentiment = models.CharField(_("sentiment"), max_length=8, choices=Sentiment.choices, default=Sentiment.NEUTRAL)
    persona = models.ForeignKey(
        "personas.Persona",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persona"),
    )
    segment = models.CharField(_("segment"), max_length=100, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    touchpoints = models.ManyToManyField(
        "touchpoints.Touchpoint", blank=True, related_name="evidence", verbose_name=_("touchpoints")
    )
    stages = models.ManyToManyField("journeys.Stage", blank=True, related_name="evidence", verbose_name=_("stages"))
    # The card pain point (one of its lines) this item backs, when it backs one.
    pain_point = models.CharField(_("pain point it backs"), max_length=300, blank=True)
    highlighted = models.BooleanField(
        _("show on the map"), default=False, help_text=_("Quoted in the map's Evidence lane for its stages.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=EvidenceKind.values), name="evidence_kind_valid"),
            models.CheckConstraint(condition=models.Q(sentiment__in=Sentiment.values), name="evidence_sentiment_valid"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True, rating_scale="")
                | models.Q(rating_scale=RatingScale.FIVE, rating__gte=1, rating__lte=5)
                | models.Q(rating_scale=RatingScale.TEN, rating__gte=0, rating__lte=10),
                name="evidence_rating_in_its_scale",
            ),
        ]
        indexes = [
            models.Index(fields=["journey", "-observed_on"], name="evidence_map_date"),
            models.Index(fields=["journey", "highlighted"], name="evidence_map_highlighted"),
        ]

    def __str__(self):
        return self.text[:60]

    def clean(self):
        if self.rating is None and self.rating_scale:
            raise ValidationError({"rating": _("Give the rating, or choose “No rating”.")})
        if self.rating is not None:
            if not self.rating_scale:
                raise ValidationError({"rating_scale": _("Choose the scale of the rating.")})
            low, high = RATING_BOUNDS[RatingScale(self.rating_scale)]
            if not low <= self.rating <= high:
                raise ValidationError(
                    {"rating": _("On this scale a rating is from %(low)d to %(high)d.") % {"low": low, "high": high}}
                )
            self.sentiment = sentiment_of_rating(self.rating, self.rating_scale)


class CardConfidence(models.Model):
    """A card's confidence set by hand, over what its evidence says."""

    touchpoint = models.OneToOneField(
        "touchpoints.Touchpoint", on_delete=models.CASCADE, primary_key=True, related_name="confidence"
    )
    level = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices)

    class Meta:
        verbose_name = _("card confidence")
        verbose_name_plural = _("card confidences")
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=Confidence.values), name="cardconfidence_level_valid")
        ]

    def __str__(self):
        return f"{self.touchpoint_id}: {self.level}"
