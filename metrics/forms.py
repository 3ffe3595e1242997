from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Metric, PeriodKind, RoiRole
from .services import FIRST_PERIOD, LAST_PERIOD


class MetricForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Metric
        fields = ["name", "kind", "unit", "higher_is_better", "target", "warning", "roi_role", "description"]
        help_texts = {
            "unit": _("For money, the currency code (EUR, KRW, PLN); for a count or a duration, what it counts."),
            "target": _("A value at or past the target shows as on target."),
            "warning": _(
                "Between the warning threshold and the target a value shows as near target; past it, off target."
            ),
            "roi_role": _("Channel readings of this metric count as the channel's cost, revenue or conversions."),
        }
        widgets = {
            "higher_is_better": forms.Select(choices=[(True, _("Higher is better")), (False, _("Lower is better"))]),
        }
        labels = {"higher_is_better": _("Direction")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roi_role"].choices = RoiRole.choices
        self.fields["roi_role"].required = False

    def validate_unique(self):
        # The service checks uniqueness (full_clean), its errors shown beside the fields.
        pass


class ReadingForm(forms.Form):
    """A value of a metric for a period. `targets` (optional): what the reading may be for, as
    choices ("map", "stage:3", "channel:5")."""

    metric = forms.ModelChoiceField(queryset=Metric.objects.none(), label=_("Metric"))
    target = forms.ChoiceField(label=_("For"), required=False)
    value = forms.DecimalField(label=_("Value"), max_digits=18, decimal_places=4)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    period_start = forms.DateField(
        label=_("Date in the period"),
        widget=forms.DateInput(attrs={"type": "date", "min": FIRST_PERIOD.isoformat(), "max": LAST_PERIOD.isoformat()}),
        help_text=_("Any day of the week or month: the reading is for the whole period."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, metrics, targets=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("period_start", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = metrics
        if targets:
            self.fields["target"].choices = targets
        else:
            del self.fields["target"]
