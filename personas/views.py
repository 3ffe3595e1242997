"""Persona pages: list, detail, create, edit, delete. Writes go through personas.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from core.forms import add_service_errors
from core.versioning import VersionConflict
from workspaces.access import get_for_user, get_rw_for_user
from workspaces.models import EDIT_ROLES
from workspaces.selectors import editable_workspaces, workspaces_for_user

from . import services
from .forms import PersonaCreateForm, PersonaEditForm
from .models import Persona
from .selectors import persona_queryset, persona_sections_for

UNPROCESSABLE = 422
CONFLICT = 409


def get_persona_for_user(request, pk) -> tuple[Persona, bool]:
    """`(persona, can_edit)` for a persona in one of the user's workspaces; 404 otherwise."""
    return get_for_user(persona_queryset(), request.user, pk)


def get_rw_persona_for_user(request, pk) -> Persona:
    """A persona the user may change: 404 outside their workspaces, 403 for viewers."""
    return get_rw_for_user(Persona.objects.select_related("workspace"), request.user, pk)


@login_required
@require_safe
def persona_list(request):
    workspaces = list(workspaces_for_user(request.user))
    selected = None
    if "workspace" in request.GET:
        selected = next((w for w in workspaces if str(w.pk) == request.GET["workspace"]), None)
        if selected is None:
            raise Http404
    sections = persona_sections_for(workspaces=[selected] if selected else workspaces)
    context = {
        "sections": sections,
        "workspaces": workspaces,
        "selected_workspace": selected,
        "can_create": any(w.user_role in EDIT_ROLES for w in workspaces),
        "create_in": selected if selected and selected.user_role in EDIT_ROLES else None,
    }
    return render(request, "personas/list.html", context)


@login_required
@require_safe
def persona_detail(request, pk):
    persona, can_edit = get_persona_for_user(request, pk)
    return render(request, "personas/detail.html", {"persona": persona, "can_edit": can_edit})


@login_required
@require_http_methods(["GET", "POST"])
def persona_create(request):
    workspaces = list(editable_workspaces(request.user))
    if not workspaces:
        raise PermissionDenied
    if request.method == "POST":
        form = PersonaCreateForm(data=request.POST, workspaces=workspaces)
        if form.is_valid():
            try:
                persona = services.persona_create(
                    workspace=form.chosen_workspace(), created_by=request.user, **form.service_fields()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Persona “%(name)s” created.") % {"name": persona.name})
                return redirect("personas:detail", pk=persona.pk)
        return render(request, "personas/create.html", {"form": form}, status=UNPROCESSABLE)
    initial = {}
    if request.GET.get("workspace"):
        initial["workspace"] = request.GET["workspace"]
    form = PersonaCreateForm(workspaces=workspaces, initial=initial)
    return render(request, "personas/create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def persona_edit(request, pk):
    persona = get_rw_persona_for_user(request, pk)
    name = persona.name  # the heading keeps the saved name while the form shows what was typed
    if request.method == "GET":
        form = PersonaEditForm(instance=persona)
        return render(request, "personas/edit.html", {"form": form, "persona": persona, "name": name})

    form = PersonaEditForm(data=request.POST, instance=persona)
    context = {"form": form, "persona": persona, "name": name}
    if not form.is_valid():
        return render(request, "personas/edit.html", context, status=UNPROCESSABLE)
    try:
        updated = services.persona_update(
            persona=persona, expected_version=form.cleaned_data["version"], **form.service_fields()
        )
    except VersionConflict:
        return _render_conflict(request, persona_pk=pk, name=name)
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "personas/edit.html", context, status=UNPROCESSABLE)
    messages.success(request, _("Persona “%(name)s” saved.") % {"name": updated.name})
    return redirect("personas:detail", pk=updated.pk)


def _render_conflict(request, *, persona_pk, name):
    """Keep what the user typed, show what is saved now, and let a second save overwrite it."""
    current = persona_queryset().get(pk=persona_pk)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = PersonaEditForm(data=data, instance=Persona.objects.get(pk=persona_pk))
    form.is_valid()
    form.add_error(
        None,
        _(
            "Someone else changed this persona while you were editing it. Their version is shown below; "
            "your changes are still in the form — save again to replace their version with yours."
        ),
    )
    context = {"form": form, "persona": current, "name": name, "conflict": current}
    return render(request, "personas/edit.html", context, status=CONFLICT)


@login_required
@require_http_methods(["GET", "POST"])
def persona_delete(request, pk):
    persona = get_rw_persona_for_user(request, pk)
    if request.method == "GET":
        return render(request, "personas/delete.html", {"persona": persona})
    name = persona.name
    services.persona_delete(persona=persona)
    if request.htmx and request.htmx.target == f"persona-{pk}":
        return HttpResponse("")  # the card on the list swaps itself out
    messages.success(request, _("Persona “%(name)s” deleted.") % {"name": name})
    if request.htmx:
        return HttpResponseClientRedirect(reverse("personas:list"))
    return redirect("personas:list")
