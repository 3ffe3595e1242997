from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import IdListField
from journeys.models import Lane, LaneKind, RollupField

from .extensions import board_extensions
from .grid import CARD_LANE_KINDS


class StageIdsForm(forms.Form):
    """Which stages a live update re-reads, and which of their rows (all of them if none is named)."""

    ROWS = {"cards": CARD_LANE_KINDS, "text": frozenset({LaneKind.TEXT})}

    stage = IdListField(max_count=100)
    rows = forms.MultipleChoiceField(choices=[(name, name) for name in ROWS], required=False)

    def lane_kinds(self) -> frozenset | None:
        rows = self.cleaned_data["rows"]
        return frozenset().union(*(self.ROWS[name] for name in rows)) if rows else None


class LaneAddForm(forms.Form):
    """What a new lane shows (its kind, the card field it gathers, or the app lane it is) and its name."""

    what = forms.ChoiceField(label=_("Lane"))
    title = forms.CharField(label=_("Name"), max_length=80, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = lane_choices()
        self.fields["title"].help_text = _("Required for a text lane; the others are named after what they show.")

    def clean(self):
        cleaned = super().clean()
        what = cleaned.get("what", "")
        kind, _sep, detail = what.partition(":")
        cleaned["lane"] = {
            "kind": kind,
            "rollup_field": detail if kind == LaneKind.ROLLUP else "",
            "source": detail if kind == LaneKind.APP else "",
        }
        if kind == LaneKind.TEXT and not cleaned.get("title", "").strip():
            self.add_error("title", _("Give the lane a name."))
        return cleaned


def lane_choices() -> list[tuple[str, str]]:
    choices = [
        (LaneKind.TEXT.value, _("Text per stage (actions, thoughts, backstage, systems…)")),
        (LaneKind.CARDS.value, _("Touchpoints (the cards)")),
        (LaneKind.CURVE.value, _("Emotion curve")),
    ]
    choices += [
        (f"{LaneKind.ROLLUP}:{field.value}", _("%(field)s, gathered from the cards") % {"field": field.label})
        for field in RollupField
    ]
    choices += [(f"{LaneKind.APP}:{lane.key}", str(lane.label())) for lane in board_extensions.lanes()]
    return choices


class LaneEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Lane
        fields = ["title", "split_by", "hidden"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind != LaneKind.CARDS:
            del self.fields["split_by"]
        self.fields["title"].required = self.instance.kind == LaneKind.TEXT
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version


class LaneMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class CellForm(forms.Form):
    body = forms.CharField(label=_("Text"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
