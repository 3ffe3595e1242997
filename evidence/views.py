"""Evidence pages: a map's evidence with filters and search, the form to add or change an item, and
the panels beside the board (a card's evidence and confidence, a stage's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import trigger_client_event

from core.forms import add_service_errors, show_conflict
from core.pagination import page_of, query_without_page
from core.versioning import VersionConflict
from journeys.access import get_journey_for_user, get_rw_journey_for_user, get_stage_for_user
from touchpoints.access import get_touchpoint_for_user

from . import services
from .access import get_rw_evidence_for_user
from .forms import ConfidenceForm, EvidenceFilterForm, EvidenceForm, QuickEvidenceForm
from .models import CardConfidence, RatingScale, confidence_of
from .selectors import EvidenceFilters, evidence_for_map, evidence_of_stage, evidence_of_touchpoint

UNPROCESSABLE = 422
PER_PAGE = 50
PANEL_ITEMS = 10
# The items a card's pain points are matched with (a card has rarely more).
CITED_ITEMS = 200


def _filters(form: EvidenceFilterForm) -> EvidenceFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return EvidenceFilters(
        kind=data.get("kind") or "",
        sentiment=data.get("sentiment") or "",
        stage=data.get("stage"),
        persona=data.get("persona"),
        since=data.get("since"),
        until=data.get("until"),
        search=(data.get("search") or "").strip(),
    )


@login_required
@require_safe
def map_evidence(request, pk):
    """Everything customers said or did on this map, newest first, with filters and search."""
    journey, can_edit = get_journey_for_user(request.user, pk)
    form = EvidenceFilterForm(request.GET or None, journey=journey)
    items = evidence_for_map(journey, _filters(form))
    page = page_of(request, items, PER_PAGE)
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "status": 400 if form.is_bound and form.errors else 200,
    }
    return render(request, "evidence/map_evidence.html", context, status=context["status"])


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.EVIDENCE_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def evidence_create(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    initial = {}
    for name in ("touchpoint", "stage"):
        value = request.GET.get(name, "")
        if value.isdecimal() and len(value) < 19:
            initial[f"{name}s"] = [int(value)]
    form = EvidenceForm(request.POST or None, journey=journey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_create(
                journey=journey,
                touchpoints=form.cleaned_data["touchpoints"],
                stages=form.cleaned_data["stages"],
                created_by=request.user,
                **_fields(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Evidence added."))
            return redirect("evidence:map", journey.pk)
    status = UNPROCESSABLE if form.is_bound else 200
    return render(request, "evidence/form_page.html", {"journey": journey, "form": form, "item": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_edit(request, pk):
    item = get_rw_evidence_for_user(request.user, pk)
    journey = item.journey
    if request.method == "GET":
        form = EvidenceForm(instance=item, journey=journey, initial={"version": item.version})
        return render(request, "evidence/form_page.html", {"journey": journey, "form": form, "item": item})
    saved = get_rw_evidence_for_user(request.user, pk)
    form = EvidenceForm(request.POST, instance=item, journey=journey)
    if form.is_valid():
        try:
            services.evidence_update(
                evidence=saved,
                expected_version=form.cleaned_data["version"],
                touchpoints=form.cleaned_data["touchpoints"],
                stages=form.cleaned_data["stages"],
                actor=request.user,
                **_fields(form),
            )
        except VersionConflict as conflict:
            show_conflict(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Evidence saved."))
            return redirect("evidence:map", journey.pk)
    context = {"journey": journey, "form": form, "item": saved}
    return render(request, "evidence/form_page.html", context, status=UNPROCESSABLE)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, pk):
    item = get_rw_evidence_for_user(request.user, pk)
    if request.method == "GET":
        return render(request, "evidence/delete.html", {"item": item, "journey": item.journey})
    journey_id = item.journey_id
    services.evidence_delete(evidence=item, actor=request.user)
    messages.success(request, _("Evidence deleted."))
    return redirect("evidence:map", journey_id)


# -- beside the board -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_evidence(request, pk):
    """A card's evidence (a section of its panel): its confidence, the evidence behind each of its pain
    points, the latest items, and for editors a quick form and the confidence by hand."""
    touchpoint, can_edit = get_touchpoint_for_user(request.user, pk)
    pain_points = touchpoint.pain_point_list
    prefix = f"card-{touchpoint.pk}-evidence"
    quick_form = QuickEvidenceForm(pain_points=pain_points, auto_id=f"{prefix}-%s") if can_edit else None
    status, changed = 200, False
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "confidence" in request.POST:
            confidence_form = ConfidenceForm(request.POST)
            if confidence_form.is_valid():
                services.card_confidence_set(touchpoint=touchpoint, level=confidence_form.cleaned_data["level"])
                changed = True
        else:
            quick_form = QuickEvidenceForm(request.POST, pain_points=pain_points, auto_id=f"{prefix}-%s")
            if quick_form.is_valid():
                data = quick_form.cleaned_data
                try:
                    services.evidence_create(
                        journey=touchpoint.stage.journey,
                        touchpoints=[touchpoint],
                        created_by=request.user,
                        kind=data["kind"],
                        text=data["text"],
                        source=data["source"],
                        observed_on=timezone.localdate(),
                        rating=data["rating"],
                        rating_scale=RatingScale.FIVE if data["rating"] is not None else RatingScale.NONE,
                        sentiment=data["sentiment"],
                        pain_point=data.get("pain_point") or "",
                        highlighted=data["highlighted"],
                    )
                except ValidationError as error:
                    add_service_errors(quick_form, error, unnamed_field="text")
                else:
                    changed = True
                    quick_form = QuickEvidenceForm(pain_points=pain_points, auto_id=f"{prefix}-%s")
            if not changed:
                status = UNPROCESSABLE
    items = list(evidence_of_touchpoint(touchpoint)[:CITED_ITEMS])
    chosen = CardConfidence.objects.filter(touchpoint=touchpoint).values_list("level", flat=True).first() or ""
    count = touchpoint.evidence.count()
    context = {
        "touchpoint": touchpoint,
        "journey": touchpoint.stage.journey,
        "can_edit": can_edit,
        "items": items[:PANEL_ITEMS],
        "count": count,
        "confidence": confidence_of(count, chosen),
        "chosen": chosen,
        "confidence_form": ConfidenceForm(initial={"level": chosen}, auto_id=f"{prefix}-confidence-%s"),
        "quick_form": quick_form,
        "cited": [(line, [item for item in items if item.pain_point == line]) for line in pain_points],
        "action": reverse("evidence:touchpoint_evidence", args=[touchpoint.pk]),
        "saved": changed,
        "in_panel": bool(request.htmx),
    }
    template = "evidence/_card_section.html" if request.htmx else "evidence/card_page.html"
    response = render(request, template, context, status=status)
    if changed and request.htmx:
        trigger_client_event(response, "board-stale", {"stages": [touchpoint.stage_id]})
    if changed and not request.htmx:
        return redirect("evidence:touchpoint_evidence", touchpoint.pk)
    return response


@login_required
@require_safe
def stage_evidence(request, pk):
    stage, can_edit = get_stage_for_user(request.user, pk)
    items = evidence_of_stage(stage)
    context = {
        "stage": stage,
        "journey": stage.journey,
        "can_edit": can_edit,
        "items": items[:PANEL_ITEMS],
        "count": items.count(),
        "in_panel": bool(request.htmx),
    }
    template = "evidence/_stage_panel.html" if request.htmx else "evidence/stage_page.html"
    return render(request, template, context)
