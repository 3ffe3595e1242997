from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, Subquery
from django.utils.translation import gettext_lazy as _

from evidence.models import Evidence
from journeys.models import Stage
from strategies.models import Strategy
from touchpoints.models import Touchpoint

from .models import Opportunity, OpportunityStatus

EVIDENCE_CHOICES = 300


class OpportunityForm(forms.ModelForm):
    """An opportunity of one map: what it answers is chosen among the map's cards, stages and evidence."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "description",
            "touchpoints",
            "stages",
            "pain_points",
            "evidence",
            "impact",
            "effort",
            "confidence",
            "reach",
            "status",
            "owner",
            "target_date",
            "strategy",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "pain_points": forms.Textarea(attrs={"rows": 3}),
            "touchpoints": forms.SelectMultiple(attrs={"size": 6}),
            "stages": forms.SelectMultiple(attrs={"size": 5}),
            "evidence": forms.SelectMultiple(attrs={"size": 6}),
            "impact": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "effort": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoints"].queryset = Touchpoint.objects.filter(stage__journey=journey).order_by(
            "stage__position", "position"
        )
        self.fields["stages"].queryset = Stage.objects.filter(journey=journey)
        # The latest items of the map (a bounded list, whatever the size of its evidence), those already
        # linked, and those a card brought.
        latest = (
            Evidence.objects.filter(journey=journey).order_by("-observed_on", "-id").values("pk")[:EVIDENCE_CHOICES]
        )
        linked = self.instance.evidence.values("pk") if self.instance.pk else Evidence.objects.none().values("pk")
        asked = [pk for pk in (self.initial.get("evidence") or []) if isinstance(pk, int)][:EVIDENCE_CHOICES]
        self.fields["evidence"].queryset = Evidence.objects.filter(
            Q(pk__in=Subquery(latest)) | Q(pk__in=Subquery(linked)) | Q(pk__in=asked, journey=journey)
        ).order_by("-observed_on", "-id")
        self.fields["evidence"].label_from_instance = lambda item: item.text[:90]
        self.fields["owner"].queryset = get_user_model().objects.filter(memberships__workspace_id=journey.workspace_id)
        self.fields["strategy"].queryset = Strategy.objects.filter(journey=journey)

    def validate_unique(self):
        pass


class BacklogFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open (idea, planned, in progress)")), *OpportunityStatus.choices],
    )
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.none(), required=False, label=_("Stage"), empty_label=_("All stages")
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("score", _("Score")),
            ("impact", _("Impact")),
            ("effort", _("Effort (least first)")),
            ("target", _("Target date")),
            ("status", _("Status")),
            ("title", _("Title")),
        ],
    )

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(journey=journey)
