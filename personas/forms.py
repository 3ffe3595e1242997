from django import forms
from django.utils.translation import gettext_lazy as _

from channels.models import Channel
from workspaces.models import Workspace

from .models import Persona
from .services import PERSONA_FIELDS


class ChannelChoiceField(forms.ModelMultipleChoiceField):
    """Preferred channels; named with their workspace when several workspaces are offered."""

    show_workspace = False

    def label_from_instance(self, obj):
        return f"{obj.workspace.name} · {obj.name}" if self.show_workspace else obj.name


class PersonaForm(forms.ModelForm):
    """Persona fields as typed by a person; the write itself goes through personas.services."""

    class Meta:
        model = Persona
        fields = [*PERSONA_FIELDS, "preferred_channels"]
        field_classes = {"preferred_channels": ChannelChoiceField}
        widgets = {
            "story": forms.Textarea(attrs={"rows": 4}),
            "characteristics": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "frustrations": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 3}),
            "preferred_channels": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "goals": _("One per line."),
            "frustrations": _("One per line."),
            "needs": _("One per line."),
        }

    def __init__(self, *args, channel_workspaces, **kwargs):
        super().__init__(*args, **kwargs)
        channel_workspaces = list(channel_workspaces)
        field = self.fields["preferred_channels"]
        field.queryset = (
            Channel.objects.filter(workspace__in=channel_workspaces)
            .select_related("workspace")
            .order_by("workspace__name", "workspace_id", "position", "name", "id")
        )
        field.show_workspace = len(channel_workspaces) > 1

    def service_fields(self) -> dict:
        """The keyword arguments for persona_create / persona_update."""
        data = {name: self.cleaned_data[name] for name in PERSONA_FIELDS}
        data["preferred_channels"] = list(self.cleaned_data["preferred_channels"])
        return data


class PersonaCreateForm(PersonaForm):
    """Asks for the workspace only when the user edits in several."""

    workspace = forms.ModelChoiceField(
        queryset=Workspace.objects.none(), label=_("Workspace"), empty_label=_("Choose a workspace")
    )

    field_order = ["workspace"]

    def __init__(self, data=None, *, workspaces, initial=None, **kwargs):
        workspaces = list(workspaces)
        self.fixed_workspace = workspaces[0] if len(workspaces) == 1 else None
        chosen = self._chosen_workspace(workspaces, data, initial)
        super().__init__(data, initial=initial, channel_workspaces=[chosen] if chosen else workspaces, **kwargs)
        if self.fixed_workspace:
            del self.fields["workspace"]
        else:
            self.fields["workspace"].queryset = Workspace.objects.filter(pk__in=[w.pk for w in workspaces])

    def _chosen_workspace(self, workspaces, data, initial):
        if self.fixed_workspace:
            return self.fixed_workspace
        value = (data or {}).get("workspace") or (initial or {}).get("workspace")
        if isinstance(value, Workspace):
            value = value.pk
        return next((w for w in workspaces if str(w.pk) == str(value)), None)

    def chosen_workspace(self) -> Workspace:
        return self.fixed_workspace or self.cleaned_data["workspace"]


class PersonaEditForm(PersonaForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data=None, *, instance: Persona, **kwargs):
        kwargs["initial"] = {"version": instance.version, **kwargs.get("initial", {})}
        super().__init__(data, instance=instance, channel_workspaces=[instance.workspace], **kwargs)
