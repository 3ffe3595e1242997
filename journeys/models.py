from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Journey(models.Model):
    """A customer-journey map: ordered stages, their touchpoints, the personas it follows."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="journeys")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Scope, the product, the situation the map describes.")
    )
    personas = models.ManyToManyField(
        "personas.Persona", blank=True, related_name="journeys", verbose_name=_("personas")
    )
    template = models.CharField(_("stage template"), max_length=40, blank=True)
    review_interval_days = models.PositiveIntegerField(_("review interval (days)"), default=90)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("journey map")
        verbose_name_plural = _("journey maps")

    def __str__(self):
        return self.title


class Stage(models.Model):
    """A column of the board: one phase of the customer's journey."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    customer_goal = models.TextField(_("customer goal"), blank=True)
    guiding_questions = models.TextField(_("guiding questions"), blank=True, help_text=_("One question per line."))
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
