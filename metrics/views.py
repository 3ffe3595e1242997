"""Metric pages: the workspace's library, a metric's chart, a map's metrics and channel report, and
the panels where a card's or a stage's readings are recorded beside the board."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import trigger_client_event

from channels.models import Channel
from core.forms import add_service_errors, show_conflict
from core.versioning import VersionConflict
from journeys.access import get_journey_for_user, get_stage_for_user
from journeys.models import Journey, Stage
from touchpoints.access import get_touchpoint_for_user
from touchpoints.models import Touchpoint
from workspaces.access import get_workspace_for_user
from workspaces.models import EDIT_ROLES
from workspaces.selectors import workspaces_for_user

from . import services
from .access import get_metric_for_user, get_rw_metric_for_user, get_rw_reading_for_user
from .charts import bar_widths, line_chart
from .forms import MetricForm, ReadingForm
from .models import CardMetric, Metric, PeriodKind, Reading
from .selectors import SeriesFilters, channel_report, latest_trends, series, touchpoint_trends
from .templatetags.metric_values import period_label

UNPROCESSABLE = 422
READINGS_SHOWN = 100
READING_FIELDS = ("value", "note", "period_kind", "period_start")
# The channel report's bar chart: a row per channel, its name left of the bars.
BAR_ROW, BAR_LEFT, ROI_BAR_WIDTH = 22, 170, 240


# -- the library -----------------------------------------------------------------------------------------------


@dataclass
class LibrarySection:
    workspace: object
    can_edit: bool
    metrics: list
    form: MetricForm | None


def _library(request, *, bound_form: MetricForm | None = None, bound_workspace=None, status=200):
    sections = []
    workspaces = list(workspaces_for_user(request.user))
    metrics_by_workspace: dict[int, list] = {}
    for metric in Metric.objects.filter(workspace__in=workspaces):
        metrics_by_workspace.setdefault(metric.workspace_id, []).append(metric)
    for workspace in workspaces:
        can_edit = workspace.user_role in EDIT_ROLES
        form = None
        if can_edit:
            form = bound_form if bound_workspace == workspace.pk else MetricForm(auto_id=f"id_ws{workspace.pk}_%s")
        sections.append(LibrarySection(workspace, can_edit, metrics_by_workspace.get(workspace.pk, []), form))
    return render(request, "metrics/library.html", {"sections": sections}, status=status)


@login_required
@require_safe
def metric_library(request):
    return _library(request)


def _metric_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.METRIC_FIELDS}


@login_required
@require_POST
def metric_create(request, workspace_pk):
    workspace = get_workspace_for_user(request.user, workspace_pk)
    if workspace.user_role not in EDIT_ROLES:
        raise PermissionDenied
    form = MetricForm(request.POST, auto_id=f"id_ws{workspace.pk}_%s")
    if form.is_valid():
        try:
            metric = services.metric_create(workspace=workspace, **_metric_fields(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Metric “%(name)s” added.") % {"name": metric.name})
            return redirect("metrics:detail", metric.pk)
    return _library(request, bound_form=form, bound_workspace=workspace.pk, status=UNPROCESSABLE)


@login_required
@require_http_methods(["GET", "POST"])
def metric_edit(request, pk):
    metric = get_rw_metric_for_user(request.user, pk)
    if request.method == "GET":
        form = MetricForm(instance=metric, initial={"version": metric.version})
        return render(request, "metrics/metric_edit.html", {"metric": metric, "form": form})
    saved = Metric.objects.get(pk=metric.pk)  # the form changes `metric` as it validates
    form = MetricForm(request.POST, instance=metric)
    if form.is_valid():
        try:
            metric = services.metric_update(
                metric=saved, expected_version=form.cleaned_data["version"], **_metric_fields(form)
            )
        except VersionConflict as conflict:
            show_conflict(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Metric “%(name)s” saved.") % {"name": metric.name})
            return redirect("metrics:detail", metric.pk)
    return render(request, "metrics/metric_edit.html", {"metric": saved, "form": form}, status=UNPROCESSABLE)


@login_required
@require_http_methods(["GET", "POST"])
def metric_delete(request, pk):
    metric = get_rw_metric_for_user(request.user, pk)
    if request.method == "GET":
        return render(request, "metrics/metric_delete.html", {"metric": metric, "readings": metric.readings.count()})
    name = metric.name
    services.metric_delete(metric=metric)
    messages.success(request, _("Metric “%(name)s” deleted.") % {"name": name})
    return redirect("metrics:library")


# -- a metric's chart ------------------------------------------------------------------------------------------


class SeriesFilterForm(forms.Form):
    """What a metric's chart shows: one map (and in it one stage, card or channel), one kind of period."""

    journey = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Map"), empty_label=gettext_lazy("All maps")
    )
    stage = forms.ModelChoiceField(
        queryset=Stage.objects.none(),
        required=False,
        label=gettext_lazy("Stage"),
        empty_label=gettext_lazy("All stages"),
    )
    touchpoint = forms.ModelChoiceField(
        queryset=Touchpoint.objects.none(),
        required=False,
        label=gettext_lazy("Touchpoint"),
        empty_label=gettext_lazy("All touchpoints"),
    )
    channel = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Channel"), empty_label=gettext_lazy("All channels")
    )
    period_kind = forms.ChoiceField(choices=PeriodKind.choices, required=False, label=gettext_lazy("Period"))

    def __init__(self, data, *, metric: Metric):
        super().__init__(data)
        self.fields["journey"].queryset = Journey.objects.filter(workspace_id=metric.workspace_id).order_by("title")
        self.fields["channel"].queryset = Channel.objects.filter(workspace_id=metric.workspace_id)
        journey_id = data.get("journey")
        if journey_id and str(journey_id).isdecimal() and len(str(journey_id)) < 19:
            self.fields["stage"].queryset = Stage.objects.filter(
                journey_id=journey_id, journey__workspace_id=metric.workspace_id
            )
            self.fields["touchpoint"].queryset = Touchpoint.objects.filter(
                stage__journey_id=journey_id, stage__journey__workspace_id=metric.workspace_id
            ).order_by("stage__position", "position")

    def filters(self) -> SeriesFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return SeriesFilters(
            journey=data.get("journey"),
            stage=data.get("stage"),
            touchpoint=data.get("touchpoint"),
            channel=data.get("channel"),
            period_kind=data.get("period_kind") or PeriodKind.MONTH,
        )


@login_required
@require_safe
def metric_detail(request, pk):
    metric, can_edit = get_metric_for_user(request.user, pk)
    filter_form = SeriesFilterForm(request.GET, metric=metric)
    filters = filter_form.filters()
    rows = series(metric, filters)
    extra = []
    if metric.target is not None:
        extra.append(("target", metric.target, _("Target")))
    if metric.warning is not None:
        extra.append(("warning", metric.warning, _("Warning threshold")))
    points = [(period_label(row["period_start"], filters.period_kind), row["value"], row["status"]) for row in rows]
    readings = metric.readings.select_related("journey", "touchpoint", "stage", "channel").filter(
        period_kind=filters.period_kind
    )
    for name in ("journey", "stage", "touchpoint", "channel"):
        if getattr(filters, name) is not None:
            readings = readings.filter(**{name: getattr(filters, name)})
    context = {
        "metric": metric,
        "can_edit": can_edit,
        "filter_form": filter_form,
        "filters": filters,
        "rows": rows,
        "chart": line_chart(points, extra=extra),
        "readings": readings[:READINGS_SHOWN],
        "readings_total": readings.count(),
        "readings_shown": READINGS_SHOWN,
    }
    return render(request, "metrics/metric_detail.html", context)


# -- recording readings ----------------------------------------------------------------------------------------


def _record(request, form: ReadingForm, *, journey, touchpoint=None, stage=None, channel=None) -> Reading | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.reading_record(
            metric=data["metric"],
            journey=journey,
            touchpoint=touchpoint,
            stage=stage,
            channel=channel,
            value=data["value"],
            period_kind=data["period_kind"],
            period_start=data["period_start"],
            note=data["note"],
            recorded_by=request.user,
        )
    except ValidationError as error:
        add_service_errors(form, error, unnamed_field="value")
        return None


def _workspace_metrics(workspace_id):
    return Metric.objects.filter(workspace_id=workspace_id)


def _panel(request, *, journey, can_edit, touchpoint=None, stage=None):
    """A card's or a stage's readings (and, for editors, the form to record one): GET shows, POST records."""
    owner = touchpoint or stage
    prefix = f"{'touchpoint' if touchpoint else 'stage'}-{owner.pk}-reading"
    form = None
    status = 200
    changed = False
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = ReadingForm(request.POST, metrics=_workspace_metrics(journey.workspace_id), auto_id=f"{prefix}-%s")
        if _record(request, form, journey=journey, touchpoint=touchpoint, stage=stage) is None:
            status = UNPROCESSABLE
        else:
            changed = True
            form = None
    if can_edit and form is None:
        form = ReadingForm(metrics=_workspace_metrics(journey.workspace_id), auto_id=f"{prefix}-%s")
    if touchpoint is not None:
        trends = touchpoint_trends(touchpoint)
        url = reverse("metrics:touchpoint_metrics", args=[touchpoint.pk])
    else:
        trends = latest_trends(Reading.objects.filter(stage=stage), "stage_id").get(stage.pk, [])
        url = reverse("metrics:stage_metrics", args=[stage.pk])
    context = {
        "journey": journey,
        "touchpoint": touchpoint,
        "stage": stage,
        "trends": trends,
        "form": form,
        "can_edit": can_edit,
        "action": url,
        "saved": changed,
        "in_panel": bool(request.htmx),
    }
    template = "metrics/_panel.html" if request.htmx else "metrics/panel_page.html"
    response = render(request, template, context, status=status)
    if changed and request.htmx:
        # The card's chip or the stage's metrics cell changed: this tab reads the column again.
        stage_id = stage.pk if stage is not None else touchpoint.stage_id
        trigger_client_event(response, "board-stale", {"stages": [stage_id]})
    if changed and not request.htmx:
        messages.success(request, _("Reading recorded."))
        return redirect(url)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_metrics(request, pk):
    touchpoint, can_edit = get_touchpoint_for_user(request.user, pk)
    return _panel(request, journey=touchpoint.stage.journey, can_edit=can_edit, touchpoint=touchpoint)


@login_required
@require_http_methods(["GET", "POST"])
def stage_metrics(request, pk):
    stage, can_edit = get_stage_for_user(request.user, pk)
    return _panel(request, journey=stage.journey, can_edit=can_edit, stage=stage)


def _map_targets(journey) -> tuple[list, dict]:
    """The choices of what a map-page reading is for, and the object behind each choice."""
    stages = list(journey.stages.all())
    channels = list(Channel.objects.filter(workspace_id=journey.workspace_id))
    objects = {"map": {}}
    objects.update({f"stage:{stage.pk}": {"stage": stage} for stage in stages})
    objects.update({f"channel:{channel.pk}": {"channel": channel} for channel in channels})
    choices = [
        ("map", _("The whole map")),
        (_("Channels"), [(f"channel:{c.pk}", c.name) for c in channels]),
        (_("Stages"), [(f"stage:{s.pk}", s.name) for s in stages]),
    ]
    return choices, objects


class CardMetricForm(forms.Form):
    metric = forms.ModelChoiceField(
        queryset=Metric.objects.none(),
        required=False,
        label=gettext_lazy("Cards show"),
        empty_label=gettext_lazy("No metric"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def map_metrics(request, pk):
    """A map's metrics: the readings for the whole map and its channels, the form to record one,
    and which metric the map's cards show."""
    journey, can_edit = get_journey_for_user(request.user, pk)
    metrics = _workspace_metrics(journey.workspace_id)
    choices, objects = _map_targets(journey)
    card_metric = CardMetric.objects.filter(journey=journey).select_related("metric").first()
    record_form = (
        ReadingForm(metrics=metrics, targets=choices, auto_id="reading-%s", initial={"target": "map"})
        if can_edit
        else None
    )
    card_form = CardMetricForm(
        initial={"metric": card_metric.metric_id if card_metric else None}, auto_id="card-metric-%s"
    )
    card_form.fields["metric"].queryset = metrics
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "card_metric" in request.POST:
            card_form = CardMetricForm(request.POST, auto_id="card-metric-%s")
            card_form.fields["metric"].queryset = metrics
            if card_form.is_valid():
                services.card_metric_set(journey=journey, metric=card_form.cleaned_data["metric"])
                messages.success(request, _("The map's cards now show this metric."))
                return redirect("metrics:map_metrics", journey.pk)
        else:
            record_form = ReadingForm(request.POST, metrics=metrics, targets=choices, auto_id="reading-%s")
            target = objects.get(request.POST.get("target", ""), None)
            if target is None:
                record_form.is_valid()
                record_form.add_error("target", _("Choose what the reading is for."))
            elif _record(request, record_form, journey=journey, **target) is not None:
                messages.success(request, _("Reading recorded."))
                return redirect("metrics:map_metrics", journey.pk)
        status = UNPROCESSABLE
    readings = Reading.objects.filter(journey=journey, touchpoint__isnull=True, stage__isnull=True)
    map_trends = latest_trends(readings.filter(channel__isnull=True), "journey_id").get(journey.pk, [])
    channel_trends = latest_trends(readings.filter(channel__isnull=False), "channel_id")
    channel_names = {key: obj["channel"] for key, obj in objects.items() if "channel" in obj}
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "record_form": record_form,
        "card_form": card_form,
        "card_metric": card_metric,
        "map_trends": map_trends,
        "channel_trends": [
            (channel, channel_trends[channel.pk]) for channel in channel_names.values() if channel.pk in channel_trends
        ],
        "metrics": metrics,
    }
    return render(request, "metrics/map_metrics.html", context, status=status)


# -- editing a reading -----------------------------------------------------------------------------------------


class ReadingEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Reading
        fields = ["value", "period_kind", "period_start", "note"]
        widgets = {"period_start": forms.DateInput(attrs={"type": "date"})}


def _reading_back_url(reading: Reading) -> str:
    return f"{reverse('metrics:detail', args=[reading.metric_id])}?journey={reading.journey_id}&period_kind={reading.period_kind}"


@login_required
@require_http_methods(["GET", "POST"])
def reading_edit(request, pk):
    reading = get_rw_reading_for_user(request.user, pk)
    if request.method == "GET":
        form = ReadingEditForm(instance=reading, initial={"version": reading.version})
        return render(request, "metrics/reading_edit.html", {"reading": reading, "form": form})
    saved = get_rw_reading_for_user(request.user, pk)
    form = ReadingEditForm(request.POST, instance=reading)
    if form.is_valid():
        try:
            services.reading_update(
                reading=saved,
                expected_version=form.cleaned_data["version"],
                recorded_by=request.user,
                **{name: form.cleaned_data[name] for name in READING_FIELDS},
            )
        except VersionConflict as conflict:
            show_conflict(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Reading saved."))
            return redirect(_reading_back_url(saved))
    return render(request, "metrics/reading_edit.html", {"reading": saved, "form": form}, status=UNPROCESSABLE)


@login_required
@require_http_methods(["GET", "POST"])
def reading_delete(request, pk):
    reading = get_rw_reading_for_user(request.user, pk)
    if request.method == "GET":
        return render(request, "metrics/reading_delete.html", {"reading": reading})
    back = _reading_back_url(reading)
    services.reading_delete(reading=reading, actor=request.user)
    messages.success(request, _("Reading deleted."))
    return redirect(back)


# -- channel ROI -----------------------------------------------------------------------------------------------


class MonthRangeForm(forms.Form):
    first = forms.DateField(
        required=False,
        input_formats=["%Y-%m"],
        label=gettext_lazy("From month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    last = forms.DateField(
        required=False,
        input_formats=["%Y-%m"],
        label=gettext_lazy("To month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("first", "last"):
            day = cleaned.get(name)
            if day is not None and not services.FIRST_PERIOD <= day <= services.LAST_PERIOD:
                self.add_error(name, _("Give a month between 1990 and 2100."))
        if cleaned.get("first") and cleaned.get("last") and cleaned["first"] > cleaned["last"]:
            self.add_error("last", _("The last month comes after the first."))
        return cleaned


@login_required
@require_safe
def map_channels(request, pk):
    """Which channels pay off: each channel's cost, revenue and conversions on this map, its ROI and
    cost per conversion, ranked, with a bar chart."""
    journey, can_edit = get_journey_for_user(request.user, pk)
    range_form = MonthRangeForm(request.GET or None)
    first = last = None
    status = 200
    if range_form.is_bound:
        if range_form.is_valid():
            first, last = range_form.cleaned_data["first"], range_form.cleaned_data["last"]
        else:
            status = 400
    report = channel_report(journey, first=first, last=last)
    ranked = report.ranked
    bars = bar_widths([figures.roi_percent for figures in ranked], width=ROI_BAR_WIDTH)
    rows = [
        {"figures": figures, "x": BAR_LEFT + start, "width": width, "y": index * BAR_ROW}
        for index, (figures, (start, width)) in enumerate(zip(ranked, bars, strict=True))
    ]
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "range_form": range_form,
        "report": report,
        "rows": rows,
        "chart_height": len(rows) * BAR_ROW,
        "unused": [figures for figures in report.channels if not figures.has_figures],
    }
    return render(request, "metrics/map_channels.html", context, status=status)
