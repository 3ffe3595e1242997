from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.users import display_name

from .models import Strategy, StrategyStatus

CHANGE_NOTE_HELP = _("Why it changes. Required when an active strategy changes.")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class StrategyForm(forms.ModelForm):
    change_note = forms.CharField(
        label=_("Change note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=CHANGE_NOTE_HELP
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Strategy
        fields = ["title", "body", "status", "persona", "owner"]
        field_classes = {"owner": UserChoiceField}
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = journey.personas.order_by("name")
        self.fields["persona"].empty_label = _("Every persona")
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(memberships__workspace_id=journey.workspace_id)
            .order_by("first_name", "username")
        )
        if self.instance.pk is None:
            # A new strategy starts as a draft or goes straight to active.
            self.fields["status"].choices = [
                (value, label) for value, label in StrategyStatus.choices if value != StrategyStatus.RETIRED
            ]
            self.fields["change_note"].help_text = _("Optional: where the idea comes from.")
        else:
            self.fields["version"].initial = self.instance.version
        prefix = f"strategy-{self.instance.pk or 'new'}"
        self.auto_id = f"{prefix}-%s"


class RetireForm(forms.Form):
    change_note = forms.CharField(
        label=_("Why is it retired?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=CHANGE_NOTE_HELP,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReviewForm(forms.Form):
    change_note = forms.CharField(label=_("Review note"), required=False, max_length=500)


class RestoreForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    change_note = forms.CharField(label=_("Why restore it?"), required=False)


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("Older revision"), min_value=1, max_value=2**31 - 1)
    b = forms.IntegerField(label=_("Newer revision"), min_value=1, max_value=2**31 - 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MapHistoryFilterForm(forms.Form):
    """Filters of the map's history. Stages and authors come as lists already read, so validating a
    choice costs no query; `filters()` gives ids."""

    stage = forms.TypedChoiceField(label=_("Stage"), coerce=int, required=False, empty_value=None)
    author = forms.TypedChoiceField(label=_("Author"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *StrategyStatus.choices]
    )
    date_from = forms.DateField(label=_("Changed since"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Changed until"), required=False, widget=DateInput())

    def __init__(self, *args, stages, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("All stages")), *((stage.pk, stage.name) for stage in stages)]
        self.fields["author"].choices = [
            ("", _("Anyone")),
            *((user.pk, display_name(user)) for user in authors),
        ]

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("Choose a day on or after the first day."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters; a field with an error filters nothing."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class SinceForm(forms.Form):
    since = forms.DateField(label=_("Changes since"), widget=DateInput())
