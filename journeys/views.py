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
from trash.access import undoable_trash_entry_for_user
from trash.sentences import moved_sentence
from workspaces.selectors import editable_workspaces

from . import services
from .access import get_rw_journey_for_user
from .forms import DashboardFilterForm, JourneyCreateForm, JourneyForm
from .selectors import journeys_for_dashboard

# The map a delete just moved to the trash: the dashboard it redirects to offers its Undo, once.
UNDO_MAP_SESSION_KEY = "undo_map_trash_entry"


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
        **_undo_toast_context(request),
    }
    return render(request, "journeys/dashboard.html", context)


def _undo_toast_context(request) -> dict:
    entry_pk = request.session.pop(UNDO_MAP_SESSION_KEY, None)
    entry = undoable_trash_entry_for_user(request.user, entry_pk) if entry_pk else None
    if entry is None:
        return {}
    return {"undo_entry": entry, "undo_message": moved_sentence(entry)}


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
            request.session[UNDO_MAP_SESSION_KEY] = entry.pk
        if request.htmx:
            return HttpResponseClientRedirect(reverse("journeys:dashboard"))
        return redirect("journeys:dashboard")
    context = {"journey": journey, "retention_days": settings.TRASH_RETENTION_DAYS}
    return render(request, "journeys/journey_delete.html", context)
