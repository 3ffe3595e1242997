from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_REVIEW_INTERVAL_DAYS = 3650


class MapState(models.TextChoices):
    """Which state of the journey a map describes: as it is, as it is meant to become, or one with a name
    of its own (a pilot, a season)."""

    CURRENT = "current", _("Current state")
    FUTURE = "future", _("Future state")
    NAMED = "named", _("Named state")


class Journey(models.Model):
    """A customer-journey map: ordered stages, their touchpoints, the personas it follows."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="journeys")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Scope, the product, the situation the map describes."),
        max_length=4000,
        validators=[MaxLengthValidator(4000)],
    )
    personas = models.ManyToManyField(
        "personas.Persona", blank=True, related_name="journeys", verbose_name=_("personas")
    )
    template = models.CharField(_("stage template"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MapState.choices, default=MapState.CURRENT)
    state_name = models.CharField(
        _("name of the state"),
        max_length=60,
        blank=True,
        help_text=_("For a named state: “Pilot in three stores”, “After the relaunch”."),
    )
    # The map this one plans the future of ("Plan the future state" copies a map and links the two).
    future_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="future_states", editable=False
    )
    review_interval_days = models.PositiveIntegerField(
        _("review interval (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEW_INTERVAL_DAYS)],
        help_text=_("From 1 day to 10 years (3,650 days)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_interval_days__gte=1, review_interval_days__lte=MAX_REVIEW_INTERVAL_DAYS),
                name="journey_review_interval_bounds",
            ),
            models.CheckConstraint(condition=models.Q(state__in=MapState.values), name="journey_state_known"),
        ]
        verbose_name = _("journey map")
        verbose_name_plural = _("journey maps")

    def __str__(self):
        return self.title

    def clean(self):
        self.state_name = self.state_name.strip() if self.state == MapState.NAMED else ""
        if self.state == MapState.NAMED and not self.state_name:
            raise ValidationError({"state_name": _("Name the state, or choose current or future.")})

    @property
    def state_label(self) -> str:
        """“Current state”, “Future state”, or the state's own name."""
        return self.state_name if self.state == MapState.NAMED else str(self.get_state_display())


class Stage(models.Model):
    """A column of the board: one phase of the customer's journey."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)])
    customer_goal = models.TextField(
        _("customer goal"), blank=True, max_length=1000, validators=[MaxLengthValidator(1000)]
    )
    guiding_questions = models.TextField(
        _("guiding questions"),
        blank=True,
        help_text=_("One question per line."),
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
    )
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        indexes = [
            # The board reads a map's stages in order.
            models.Index(fields=["journey", "position"], name="stage_journey_position"),
        ]

    def __str__(self):
        return self.name

    @property
    def guiding_question_list(self) -> list[str]:
        return [line.strip() for line in self.guiding_questions.splitlines() if line.strip()]


class LaneKind(models.TextChoices):
    CARDS = "cards", _("Touchpoints")
    TEXT = "text", _("Text per stage")
    ROLLUP = "rollup", _("Gathered from the cards")
    CURVE = "curve", _("Emotion curve")
    APP = "app", _("From another part of the app")


class RollupField(models.TextChoices):
    """The card fields a roll-up lane gathers per stage."""

    PAIN_POINTS = "pain_points", _("Pain points")
    OPPORTUNITIES = "opportunities", _("Opportunities")
    DOES = "does", _("Does")
    THINKS = "thinks", _("Thinks")
    FEELS = "feels", _("Feels")


class CardSplit(models.TextChoices):
    NONE = "", _("One row")
    CHANNEL = "channel", _("A row per channel")
    PERSONA = "persona", _("A row per persona")


class Lane(models.Model):
    """A row of the map, across every stage: the cards, a text per stage, what the cards say of one
    field, the emotion curve, or a row another app draws (`source` names it)."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="lanes")
    kind = models.CharField(_("kind"), max_length=10, choices=LaneKind.choices)
    # Blank: named after what it shows, in each reader's language (`default_title`).
    title = models.CharField(_("name"), max_length=80, blank=True)
    rollup_field = models.CharField(_("card field"), max_length=20, choices=RollupField.choices, blank=True)
    split_by = models.CharField(_("rows"), max_length=10, choices=CardSplit.choices, blank=True)
    source = models.CharField(_("source"), max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0)
    hidden = models.BooleanField(_("hidden"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("lane")
        verbose_name_plural = _("lanes")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=LaneKind.values), name="lane_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(kind=LaneKind.ROLLUP, rollup_field__in=RollupField.values)
                | (~models.Q(kind=LaneKind.ROLLUP) & models.Q(rollup_field="")),
                name="lane_rollup_field_for_rollups_only",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=LaneKind.CARDS, split_by__in=CardSplit.values)
                | (~models.Q(kind=LaneKind.CARDS) & models.Q(split_by="")),
                name="lane_split_for_cards_only",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind=LaneKind.APP) & ~models.Q(source=""))
                | (~models.Q(kind=LaneKind.APP) & models.Q(source="")),
                name="lane_source_for_app_lanes_only",
            ),
            # One cards lane and one curve per map; a field gathered once; an app's lane once.
            models.UniqueConstraint(
                fields=["journey", "kind"],
                condition=models.Q(kind__in=[LaneKind.CARDS, LaneKind.CURVE]),
                name="lane_one_cards_and_one_curve_per_map",
                violation_error_message=_("This map already has this lane."),
            ),
            models.UniqueConstraint(
                fields=["journey", "rollup_field"],
                condition=models.Q(kind=LaneKind.ROLLUP),
                name="lane_one_rollup_per_field",
                violation_error_message=_("This map already gathers this field in a lane."),
            ),
            models.UniqueConstraint(
                fields=["journey", "source"],
                condition=models.Q(kind=LaneKind.APP),
                name="lane_one_per_source",
                violation_error_message=_("This map already has this lane."),
            ),
        ]
        indexes = [
            # The board reads a map's lanes in order.
            models.Index(fields=["journey", "position"], name="lane_journey_position"),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()

    def clean(self):
        if self.kind == LaneKind.TEXT and not self.title.strip():
            raise ValidationError({"title": _("Give the lane a name.")})
        if self.split_by and self.kind != LaneKind.CARDS:
            raise ValidationError({"split_by": _("Only the touchpoints lane splits into rows.")})

    @property
    def default_title(self) -> str:
        """The name of a lane nobody named, in the reader's language (an app's lane: its own label)."""
        if self.kind == LaneKind.ROLLUP and self.rollup_field:
            return str(RollupField(self.rollup_field).label)
        if self.kind == LaneKind.CURVE:
            return str(_("Emotion curve"))
        return str(self.get_kind_display())


class LaneCell(models.Model):
    """What a team writes for one stage in a text lane (Markdown, sanitised when shown)."""

    lane = models.ForeignKey(Lane, on_delete=models.CASCADE, related_name="cells")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="lane_cells")
    # A TextField's max_length only sizes its form field: the validator is what full_clean checks.
    body = models.TextField(_("text"), max_length=4000, blank=True, validators=[MaxLengthValidator(4000)])
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lane cell")
        verbose_name_plural = _("lane cells")
        constraints = [
            models.UniqueConstraint(fields=["lane", "stage"], name="lanecell_one_per_lane_and_stage"),
        ]

    def __str__(self):
        return f"{self.lane} · {self.stage}"
