from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journeys.models import Stage
from personas.models import Persona
from touchpoints.models import Touchpoint

from .models import Confidence, Evidence, EvidenceKind, Sentiment


def _form_field(field, **kwargs):
    # Links typed without a scheme are https (Django 6's default, asked for now).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EvidenceForm(forms.ModelForm):
    """An evidence item of one map: its touchpoints, stages and persona are chosen among the map's."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Evidence
        formfield_callback = _form_field
        fields = [
            "kind",
            "text",
            "source",
            "observed_on",
            "rating",
            "rating_scale",
            "sentiment",
            "touchpoints",
            "stages",
            "pain_point",
            "persona",
            "segment",
            "link",
            "highlighted",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "observed_on": forms.DateInput(attrs={"type": "date"}),
            "touchpoints": forms.SelectMultiple(attrs={"size": 6}),
            "stages": forms.SelectMultiple(attrs={"size": 5}),
        }
        help_texts = {
            "sentiment": _("Taken from the rating when there is one."),
            "pain_point": _("One of the card's pain points, word for word, when this item is the evidence for it."),
        }

    def __init__(self, *args, journey, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("observed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["touchpoints"].queryset = Touchpoint.objects.filter(stage__journey=journey).order_by(
            "stage__position", "position"
        )
        self.fields["stages"].queryset = Stage.objects.filter(journey=journey)
        self.fields["persona"].queryset = Persona.objects.filter(workspace_id=journey.workspace_id)
        self.fields["rating"].widget.attrs.update({"min": 0, "max": 10})

    def validate_unique(self):
        pass  # nothing unique; the service checks the rest


class QuickEvidenceForm(forms.Form):
    """Evidence typed in from a card's panel: what was said, its kind, an optional rating."""

    text = forms.CharField(
        label=_("What the customer said or did"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    rating = forms.IntegerField(label=_("Rating (1 to 5)"), min_value=1, max_value=5, required=False)
    sentiment = forms.ChoiceField(
        label=_("Sentiment"),
        choices=Sentiment.choices,
        initial=Sentiment.NEUTRAL,
        help_text=_("Taken from the rating when there is one."),
    )
    source = forms.CharField(label=_("Source"), max_length=200, required=False)
    pain_point = forms.ChoiceField(label=_("Backs the pain point"), required=False)
    highlighted = forms.BooleanField(label=_("Quote it on the map"), required=False)

    def __init__(self, *args, pain_points: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pain_point"].choices = [("", _("(none)")), *((line, line) for line in pain_points)]
        if not pain_points:
            del self.fields["pain_point"]


class ConfidenceForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Confidence"), required=False, choices=[("", _("From the evidence")), *Confidence.choices]
    )


class EvidenceFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *EvidenceKind.choices], required=False)
    sentiment = forms.ChoiceField(
        label=_("Sentiment"), choices=[("", _("All sentiments")), *Sentiment.choices], required=False
    )
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.none(), required=False, label=_("Stage"), empty_label=_("All stages")
    )
    persona = forms.ModelChoiceField(
        queryset=Persona.objects.none(), required=False, label=_("Persona"), empty_label=_("All personas")
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(journey=journey)
        self.fields["persona"].queryset = Persona.objects.filter(workspace_id=journey.workspace_id)
