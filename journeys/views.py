"""The dashboard of maps, and the pages that create, edit and delete a map. The board is boards/."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from core.forms import add_service_errors, show_conflict
from core.versioning import VersionConflict
from trash.sentences import moved_sentence
from workspaces.selectors import editable_workspaces

from . import services
from .access import get_rw_journey_for_user
from .forms import DashboardFilterForm, JourneyCreateForm, JourneyForm
from .selectors import journeys_for_dashboard


@login_required
@require_GET
def dashboard(request):
    choices = DashboardFilterForm(request.GET or None)
    chosen = choices.cleaned_data if choices.is_valid() else {"order": "updated", "state": ""}
    workspaces = journeys_for_dashboard(request.user, order=chosen["order"] or "updated", state=chosen["state"])
    context = {
        "workspaces": workspaces,
        "can_create": any(w.user_role in ("owner", "editor") for w in workspaces),
        "choices": choices,
        "filtered": bool(chosen["state"]),
    }
    return render(request, "journeys/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def journey_create(request):
    workspaces = editable_workspaces(request.user)
    if not workspaces.exists():
        messages.error(request, _("You need the editor or owner role in a workspace to create maps."))
        return redirect("journeys:dashboard")
    form = JourneyCreateForm(
        request.POST or None, workspaces=workspaces, initial={"workspace": request.GET.get("workspace")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            journey = services.journey_create(
                workspace=form.cleaned_data["workspace"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                template=form.cleaned_data["template"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("boards:board", pk=journey.pk)
    status = 422 if form.errors else 200
    return render(request, "journeys/journey_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def journey_edit(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    form = JourneyForm(request.POST or None, instance=journey)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.journey_update(
                journey=journey,
                expected_version=data["version"],
                personas=data["personas"],
                title=data["title"],
                description=data["description"],
                state=data["state"],
                state_name=data["state_name"],
                review_interval_days=data["review_interval_days"],
            )
        except VersionConflict as conflict:
            show_conflict(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Map saved."))
            return redirect("boards:board", pk=journey.pk)
    status = 422 if form.errors else 200
    return render(request, "journeys/journey_edit.html", {"form": form, "journey": journey}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def journey_delete(request, pk):
    journey = get_rw_journey_for_user(request.user, pk)
    if request.method == "POST":
        entry = services.journey_delete(journey=journey, actor=request.user)
        if entry is not None:
            messages.success(request, moved_sentence(entry))
        if request.htmx:
            return HttpResponseClientRedirect(reverse("journeys:dashboard"))
        return redirect("journeys:dashboard")
    context = {"journey": journey, "retention_days": settings.TRASH_RETENTION_DAYS}
    return render(request, "journeys/journey_delete.html", context)
