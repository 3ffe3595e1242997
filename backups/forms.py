from django import forms
from django.utils.translation import gettext_lazy as _


class RestoreForm(forms.Form):
    file = forms.FileField(
        label=_("Backup archive"),
        help_text=_("A .zip file made by “Download backup”."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    name = forms.CharField(
        label=_("Name of the new workspace"),
        max_length=120,
        required=False,
        help_text=_("Leave it empty to keep the name the archive gives."),
    )
