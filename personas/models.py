from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AvatarColor(models.TextChoices):
    INDIGO = "#4f46e5", _("Indigo")
    TEAL = "#0f766e", _("Teal")
    ROSE = "#be123c", _("Rose")
    AMBER = "#b45309", _("Amber")
    SKY = "#0369a1", _("Sky")
    VIOLET = "#6d28d9", _("Violet")
    SLATE = "#334155", _("Slate")
    GREEN = "#15803d", _("Green")


class Persona(models.Model):
    """A character that stands for one kind of customer, with their own story."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(_("name"), max_length=120)
    color = models.CharField(_("avatar colour"), max_length=7, choices=AvatarColor.choices, default=AvatarColor.INDIGO)
    occupation = models.CharField(_("role or occupation"), max_length=120, blank=True)
    age_range = models.CharField(_("age range"), max_length=40, blank=True)
    segment = models.CharField(_("segment or niche"), max_length=120, blank=True)
    story = models.TextField(
        _("story"),
        blank=True,
        help_text=_("Their history: how they came to need what you sell."),
        max_length=4000,
        validators=[MaxLengthValidator(4000)],
    )
    characteristics = models.TextField(
        _("characteristics"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    goals = models.TextField(_("goals"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)])
    frustrations = models.TextField(
        _("frustrations"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    needs = models.TextField(_("needs"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)])
    quote = models.CharField(_("quote"), max_length=300, blank=True)
    preferred_channels = models.ManyToManyField(
        "channels.Channel", blank=True, related_name="preferred_by", verbose_name=_("preferred channels")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self):
        return self.name

    @property
    def initials(self) -> str:
        parts = self.name.split()
        letters = "".join(part[0] for part in parts[:2]) if parts else "?"
        return letters.upper()
