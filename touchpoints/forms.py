from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from channels.models import Channel
from core.forms import CurrentChoiceField, CurrentChoicesField, EditForm
from core.users import display_name
from journeys.models import Stage
from personas.models import Persona

from .models import Emotion, Touchpoint


class TouchpointForm(EditForm):
    """Create or edit a card. Choices are limited to the card's own map and workspace."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Touchpoint
        fields = [
            "title",
            "stage",
            "channel",
            "emotion",
            "personas",
            "does",
            "thinks",
            "feels",
            "pain_points",
            "opportunities",
            "owner",
        ]
        widgets = {
            "personas": forms.CheckboxSelectMultiple,
            "does": forms.Textarea(attrs={"rows": 2}),
            "thinks": forms.Textarea(attrs={"rows": 2}),
            "feels": forms.Textarea(attrs={"rows": 2}),
            "pain_points": forms.Textarea(attrs={"rows": 2}),
            "opportunities": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"stage": _("Stage")}
        field_classes = {
            "stage": CurrentChoiceField,
            "channel": CurrentChoiceField,
            "owner": CurrentChoiceField,
            "personas": CurrentChoicesField,
        }

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.journey = journey
        self.fields["stage"].queryset = Stage.objects.filter(journey=journey)
        self.fields["stage"].empty_label = None
        self.fields["channel"].queryset = Channel.objects.filter(workspace_id=journey.workspace_id)
        self.fields["personas"].queryset = Persona.objects.filter(journeys=journey)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(memberships__workspace_id=journey.workspace_id).order_by("username")
        )
        self.fields["owner"].label_from_instance = display_name
        self.fields["emotion"] = forms.TypedChoiceField(
            label=_("Emotion"),
            choices=Emotion.choices,
            coerce=int,
            initial=Emotion.NEUTRAL,
            help_text=_("How the customer feels here, from very negative (-2) to very positive (+2)."),
        )
        self.fields["title"].widget.attrs["autofocus"] = True
        if not self.is_bound and self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("personas", "version", "stage"):
            data.pop(name, None)
        return data


class TouchpointMoveForm(forms.Form):
    """Either a drop (stage + the card it now follows, and the channel of the row it was dropped into
    on a board split by channel) or a keyboard step (direction)."""

    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), required=False)
    channel = forms.ModelChoiceField(queryset=Channel.objects.none(), required=False)
    after = forms.IntegerField(required=False, min_value=0)
    direction = forms.ChoiceField(
        required=False,
        choices=[("up", _("Up")), ("down", _("Down")), ("previous", _("Previous stage")), ("next", _("Next stage"))],
    )

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(journey=journey)
        self.fields["stage"].error_messages["invalid_choice"] = _("Choose a stage of this map.")
        self.fields["channel"].queryset = Channel.objects.filter(workspace_id=journey.workspace_id)
        self.fields["channel"].error_messages["invalid_choice"] = _("Choose a channel of this workspace.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("direction") and not cleaned.get("stage") and "stage" not in self.errors:
            raise forms.ValidationError(_("Say where the card goes: a stage or a direction."))
        return cleaned
