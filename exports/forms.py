from django import forms
from django.utils.translation import gettext_lazy as _

from evidence.models import EvidenceKind, RatingScale
from journeys.models import Journey, Stage
from metrics.models import PeriodKind
from workspaces.access import with_user_role
from workspaces.models import EDIT_ROLES, Workspace

from .importers.evidence_csv import ROLES as EVIDENCE_ROLES
from .importers.evidence_csv import Mapping as EvidenceMapping
from .importers.readings_csv import ROLES as READING_ROLES
from .importers.readings_csv import Mapping as ReadingsMapping
from .models import ExportFormat, ImportFormat, Snapshot


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    stage = forms.ModelChoiceField(
        label=_("Image of"), queryset=Stage.objects.none(), required=False, empty_label=_("The whole map")
    )

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = journey.stages.order_by("position", "id")


class MapCopyForm(forms.Form):
    workspace = forms.ModelChoiceField(
        label=_("Copy into"),
        queryset=Workspace.objects.none(),
        help_text=_("The copy is a new map: the original stays as it is."),
    )

    def __init__(self, *args, user, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].queryset = Workspace.objects.filter(
            memberships__user=user, memberships__role__in=EDIT_ROLES
        ).order_by("name", "id")
        self.fields["workspace"].initial = journey.workspace_id


class MapCompareForm(forms.Form):
    before = forms.ModelChoiceField(label=_("Compare"), queryset=Journey.objects.none())
    after = forms.ModelChoiceField(label=_("with"), queryset=Journey.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        maps = with_user_role(Journey.objects.select_related("workspace"), user).order_by(
            "workspace__name", "workspace_id", "title", "id"
        )
        for name in ("before", "after"):
            self.fields[name].queryset = maps
            self.fields[name].label_from_instance = lambda journey: (
                f"{journey.workspace.name} · {journey.title} ({journey.state_label})"
            )

    def clean(self):
        data = super().clean()
        before, after = data.get("before"), data.get("after")
        if before and after and before.workspace_id != after.workspace_id:
            self.add_error("after", _("Choose two maps of the same workspace."))
        elif before and after and before.pk == after.pk:
            self.add_error("after", _("Choose another map than the first."))
        return data


class ImportMapForm(forms.Form):
    workspace = forms.ModelChoiceField(label=_("Workspace"), queryset=Workspace.objects.none())
    format = forms.ChoiceField(
        label=_("Kind of file"),
        choices=ImportFormat.choices,
        initial=ImportFormat.JSON,
        required=False,  # a JSON export unless told otherwise
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File to import"),
        help_text=_(
            "A file made by “Export JSON”, or an OpenJourney file (.ojf) made by Ptolemy or by “Export "
            "OpenJourney”. The map is created as a new map in the workspace."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.ojf,application/json"}),
    )

    def clean_format(self) -> str:
        return self.cleaned_data["format"] or ImportFormat.JSON

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
    create_channels = forms.BooleanField(
        label=_("Create missing channels"),
        required=False,
        help_text=_("Otherwise a channel the workspace does not have is an error of its row (a typo, most often)."),
    )


class ImportEvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("CSV of customer evidence"),
        help_text=_(
            "A survey tool's responses, a review site's or a helpdesk's export: one row per thing a customer "
            "said or did. You choose what each column holds in the next step."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
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


class ColumnsForm(forms.Form):
    """Which column of the file holds what: a select per role, of the file's own column names."""

    roles: tuple[str, ...] = ()
    required_roles: tuple[str, ...] = ()

    def __init__(self, *args, header: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(none)")), *((str(index), name) for index, name in enumerate(header))]
        labels = self.role_labels()
        for role in self.roles:
            self.fields[role] = forms.TypedChoiceField(
                label=labels[role], choices=choices, coerce=int, empty_value=None, required=role in self.required_roles
            )
        self.order_fields([*self.roles])

    def role_labels(self) -> dict:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned[role] for role in self.roles if cleaned.get(role) is not None]
        if len(chosen) != len(set(chosen)):
            self.add_error(None, _("Each column can hold one thing only."))
        return cleaned

    def columns(self) -> dict[str, int]:
        return {role: self.cleaned_data[role] for role in self.roles if self.cleaned_data.get(role) is not None}


class ReadingColumnsForm(ColumnsForm):
    """Readings: the date and the value are required, the metric is a column or one metric for the
    whole file, and the touchpoint, stage or channel columns say what a row is for."""

    roles = READING_ROLES
    required_roles = ("date", "value")

    def __init__(self, *args, metrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric_id"] = forms.ModelChoiceField(
            queryset=metrics,
            required=False,
            label=_("Metric of every row"),
            help_text=_("When no column names the metric."),
        )
        self.fields["period_kind"] = forms.ChoiceField(
            label=_("Each date stands for its"), choices=PeriodKind.choices, initial=PeriodKind.MONTH
        )

    def role_labels(self) -> dict:
        return {
            "date": _("Date column"),
            "value": _("Value column"),
            "metric": _("Metric column"),
            "touchpoint": _("Touchpoint column"),
            "stage": _("Stage column"),
            "channel": _("Channel column"),
            "note": _("Note column"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("metric") is None and cleaned.get("metric_id") is None:
            self.add_error("metric_id", _("Choose the metric, or the column that names it."))
        return cleaned

    def mapping(self) -> ReadingsMapping:
        data = self.cleaned_data
        return ReadingsMapping(
            columns=self.columns(),
            metric_id=data["metric_id"].pk if data.get("metric_id") else None,
            period_kind=data["period_kind"],
        )


class EvidenceColumnsForm(ColumnsForm):
    """Evidence: the text is required; the kind is a column or one kind for the whole file."""

    roles = EVIDENCE_ROLES
    required_roles = ("text",)

    def __init__(self, *args, **kwargs):
        kwargs.pop("metrics", None)
        super().__init__(*args, **kwargs)
        self.fields["kind_of_every_row"] = forms.ChoiceField(
            label=_("Kind of every row"),
            choices=EvidenceKind.choices,
            help_text=_("When no column gives the kind."),
        )
        self.fields["rating_scale"] = forms.ChoiceField(
            label=_("Rating scale"), choices=RatingScale.choices, initial=RatingScale.FIVE, required=False
        )

    def role_labels(self) -> dict:
        return {
            "text": _("Column of what the customer said or did"),
            "date": _("Date column"),
            "rating": _("Rating column"),
            "kind": _("Kind column"),
            "source": _("Source column"),
            "touchpoint": _("Touchpoint column"),
            "stage": _("Stage column"),
            "channel": _("Channel column"),
            "persona": _("Persona column"),
            "segment": _("Segment column"),
            "link": _("Link column"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rating") is not None and not cleaned.get("rating_scale"):
            self.add_error("rating_scale", _("Choose the scale of the rating."))
        return cleaned

    def mapping(self) -> EvidenceMapping:
        data = self.cleaned_data
        return EvidenceMapping(
            columns=self.columns(), kind=data["kind_of_every_row"], rating_scale=data.get("rating_scale") or ""
        )


class SnapshotForm(forms.Form):
    """Take a snapshot of the map by hand: a name, and why (optional)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=Snapshot._meta.get_field("name").max_length,
        help_text=_("What the map is at this moment: “After the March workshop”."),
    )
    note = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=Snapshot._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
