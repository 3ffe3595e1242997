from django import forms
from django.utils.translation import gettext_lazy as _

from personas.models import Persona

from .models import MAX_REVIEW_INTERVAL_DAYS, Journey, MapState, Stage
from .stage_templates import DEFAULT_TEMPLATE, TEMPLATES


class JourneyCreateForm(forms.Form):
    workspace = forms.ModelChoiceField(queryset=None, label=_("Workspace"), empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Scope, the product, the situation the map describes."),
    )
    template = forms.ChoiceField(
        label=_("Stages"),
        choices=[(template.key, template.name) for template in TEMPLATES],
        initial=DEFAULT_TEMPLATE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, workspaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].queryset = workspaces
        self.templates = TEMPLATES


class DashboardFilterForm(forms.Form):
    order = forms.ChoiceField(
        label=_("Order"),
        choices=[("updated", _("Recently changed")), ("name", _("Name"))],
        required=False,
    )
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All states")), *MapState.choices], required=False)


class JourneyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Journey
        fields = ["title", "description", "state", "state_name", "personas", "review_interval_days"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "personas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].required = False  # (left out: the map keeps its state)
        self.fields["personas"].queryset = Persona.objects.filter(workspace_id=self.instance.workspace_id)
        self.fields["review_interval_days"].widget.attrs.update(min=1, max=MAX_REVIEW_INTERVAL_DAYS)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def clean_state(self):
        return self.cleaned_data["state"] or self.instance.state


class StageForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Stage
        fields = ["name", "description", "customer_goal", "guiding_questions"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "customer_goal": forms.Textarea(attrs={"rows": 2}),
            "guiding_questions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.fields["version"].initial = self.instance.version


class StageMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("left", _("Left")), ("right", _("Right"))])
