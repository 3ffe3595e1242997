from django import forms
from django.utils.translation import gettext_lazy as _

from workspaces.models import Workspace

from .models import Channel


class ChannelForm(forms.ModelForm):
    """A channel's name. A name already used in the workspace is an error on the name field.

    The model's unique constraint spans workspace and name; Django reports it
    as a form-wide error, so the check lives here, beside the field, and the
    service's full_clean stays the last line before the database.
    """

    class Meta:
        model = Channel
        fields = ["name"]

    def workspace_for_check(self):
        return self.instance.workspace if self.instance.workspace_id else None

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        workspace = self.workspace_for_check()
        if name and workspace is not None:
            taken = Channel.objects.filter(workspace=workspace, name=name).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("name", _("This workspace already has a channel named “%(name)s”.") % {"name": name})
        return cleaned


class ChannelCreateForm(ChannelForm):
    workspace = forms.ModelChoiceField(
        queryset=Workspace.objects.none(), label=_("Workspace"), widget=forms.HiddenInput
    )

    field_order = ["workspace", "name"]

    def __init__(self, *args, workspaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].queryset = workspaces
        self.fields["name"].widget.attrs["placeholder"] = _("e.g. Loyalty app")

    def workspace_for_check(self):
        return self.cleaned_data.get("workspace")
