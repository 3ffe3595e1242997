from django import forms
from django.utils.translation import gettext_lazy as _

from metrics.models import PeriodKind
from workspaces.models import EDIT_ROLES, Workspace

from .importers.readings_csv import ROLES, Mapping
from .models import ExportFormat


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)


class ImportMapForm(forms.Form):
    workspace = forms.ModelChoiceField(label=_("Workspace"), queryset=Workspace.objects.none())
    file = forms.FileField(
        label=_("JSON export"),
        help_text=_("A file made by “Export JSON”. The map is created as a new map in the workspace."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        workspaces = Workspace.objects.filter(memberships__user=user, memberships__role__in=EDIT_ROLES).order_by(
            "name", "id"
        )
        self.fields["workspace"].queryset = workspaces
        if len(workspaces) == 1:
            self.fields["workspace"].initial = workspaces[0].pk


class ImportTouchpointsForm(forms.Form):
    file = forms.FileField(
        label=_("CSV of touchpoints"),
        help_text=_(
            "One row per touchpoint with the columns of “Export CSV”; stage, title and channel are required. "
            "Rows are added at the end of their stage."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ImportReadingsForm(forms.Form):
    file = forms.FileField(
        label=_("CSV of metric readings"),
        help_text=_(
            "Any CSV with a column of dates and a column of values, such as a monthly analytics export or a "
            "survey tool's scores. You choose what each column holds in the next step."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )


class ReadingColumnsForm(forms.Form):
    """Which column holds what: the date and the value are required, the metric is a column or one
    metric for the whole file, and the touchpoint, stage or channel columns say what a row is for."""

    def __init__(self, *args, header: list[str], metrics, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "date": _("Date column"),
            "value": _("Value column"),
            "metric": _("Metric column"),
            "touchpoint": _("Touchpoint column"),
            "stage": _("Stage column"),
            "channel": _("Channel column"),
            "note": _("Note column"),
        }
        choices = [("", _("(none)")), *((str(index), name) for index, name in enumerate(header))]
        for role in ROLES:
            self.fields[role] = forms.TypedChoiceField(
                label=labels[role], choices=choices, coerce=int, empty_value=None, required=role in ("date", "value")
            )
        self.fields["metric_id"] = forms.ModelChoiceField(
            queryset=metrics,
            required=False,
            label=_("Metric of every row"),
            help_text=_("When no column names the metric."),
        )
        self.fields["period_kind"] = forms.ChoiceField(
            label=_("Each date stands for its"), choices=PeriodKind.choices, initial=PeriodKind.MONTH
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("metric") is None and cleaned.get("metric_id") is None:
            self.add_error("metric_id", _("Choose the metric, or the column that names it."))
        chosen = [cleaned.get(role) for role in ROLES]
        chosen = [index for index in chosen if index is not None]
        if len(chosen) != len(set(chosen)):
            self.add_error(None, _("Each column can hold one thing only."))
        return cleaned

    def mapping(self):
        data = self.cleaned_data
        return Mapping(
            columns={role: data[role] for role in ROLES if data.get(role) is not None},
            metric_id=data["metric_id"].pk if data.get("metric_id") else None,
            period_kind=data["period_kind"],
        )
