from django import forms
from django.utils.translation import gettext_lazy as _

from workspaces.models import EDIT_ROLES, Workspace

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
