"""The channels page: each workspace's channels; editors add, rename (inline) and delete them."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from core.forms import add_service_errors
from workspaces.access import get_rw_for_user
from workspaces.models import EDIT_ROLES, Workspace
from workspaces.selectors import editable_workspaces, workspaces_for_user

from . import services
from .forms import ChannelCreateForm, ChannelForm
from .models import Channel

UNPROCESSABLE = 422


def _channels_with_usage() -> QuerySet[Channel]:
    return Channel.objects.annotate(touchpoint_count=Count("touchpoints")).order_by("position", "name", "id")


def _workspaces_of(user) -> QuerySet[Workspace]:
    """The user's workspaces with `user_role`, each with its channels and their usage prefetched."""
    return workspaces_for_user(user).prefetch_related(Prefetch("channels", queryset=_channels_with_usage()))


def get_rw_channel_for_user(request, pk) -> Channel:
    """A channel the user may change, with its usage count: 404 outside their workspaces, 403 for viewers."""
    return get_rw_for_user(_channels_with_usage().select_related("workspace"), request.user, pk)


@dataclass
class ChannelSection:
    workspace: Workspace
    can_edit: bool
    form: ChannelCreateForm | None

    @property
    def channels(self):
        return self.workspace.channels.all()


def _section(request, workspace: Workspace, form: ChannelCreateForm | None = None) -> ChannelSection:
    can_edit = workspace.user_role in EDIT_ROLES
    if can_edit and form is None:
        form = ChannelCreateForm(
            workspaces=editable_workspaces(request.user),
            initial={"workspace": workspace.pk},
            auto_id=f"id_ws{workspace.pk}_%s",
        )
    return ChannelSection(workspace=workspace, can_edit=can_edit, form=form if can_edit else None)


def _page(request, *, bound_form: ChannelCreateForm | None = None, status: int = 200):
    bound_workspace_id = (
        bound_form.cleaned_data.get("workspace").pk if bound_form and _has_workspace(bound_form) else None
    )
    sections = [
        _section(request, workspace, bound_form if workspace.pk == bound_workspace_id else None)
        for workspace in _workspaces_of(request.user)
    ]
    orphan_form = bound_form if bound_form is not None and bound_workspace_id is None else None
    context = {"sections": sections, "orphan_form": orphan_form}
    return render(request, "channels/list.html", context, status=status)


def _has_workspace(form) -> bool:
    return getattr(form, "cleaned_data", None) is not None and form.cleaned_data.get("workspace") is not None


@login_required
@require_safe
def channel_list(request):
    return _page(request)


@login_required
@require_POST
def channel_create(request):
    editable = editable_workspaces(request.user)
    if not editable.exists():
        raise PermissionDenied
    workspace_id = request.POST.get("workspace", "")
    auto_id = f"id_ws{workspace_id}_%s" if workspace_id.isdigit() else "id_%s"  # as on the page's own form
    form = ChannelCreateForm(request.POST, workspaces=editable, auto_id=auto_id)
    if form.is_valid():
        try:
            channel = services.channel_create(workspace=form.cleaned_data["workspace"], name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error, unnamed_field="name")
        else:
            if request.htmx:
                return _render_section(request, channel.workspace_id)
            messages.success(request, _("Channel “%(name)s” added.") % {"name": channel.name})
            return redirect(f"{reverse('channels:list')}#workspace-{channel.workspace_id}-channels")
    if not _has_workspace(form):
        # Only a hand-made request names a workspace the user cannot edit.
        if request.htmx:
            response = render(request, "channels/_errors.html", {"form": form}, status=UNPROCESSABLE)
            return reswap(retarget(response, "#channel-errors"), "innerHTML")
        return _page(request, bound_form=form, status=UNPROCESSABLE)
    if request.htmx:
        return _render_section(request, form.cleaned_data["workspace"].pk, form=form, status=UNPROCESSABLE)
    return _page(request, bound_form=form, status=UNPROCESSABLE)


def _render_section(request, workspace_pk: int, *, form=None, status: int = 200):
    workspace = _workspaces_of(request.user).get(pk=workspace_pk)
    context = {"section": _section(request, workspace, form)}
    return render(request, "channels/_section.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def channel_edit(request, pk):
    channel = get_rw_channel_for_user(request, pk)
    saved_name = channel.name  # the row keeps the saved name while the form shows what was typed
    if request.method == "GET":
        if request.htmx and "cancel" in request.GET:
            return render(request, "channels/_row.html", {"channel": channel, "can_edit": True})
        return _render_edit(request, channel, ChannelForm(instance=channel), saved_name)

    form = ChannelForm(request.POST, instance=channel)
    if form.is_valid():
        try:
            channel = services.channel_update(channel=channel, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error, unnamed_field="name")
        else:
            if request.htmx:
                channel = get_rw_channel_for_user(request, pk)
                return render(request, "channels/_row.html", {"channel": channel, "can_edit": True})
            messages.success(request, _("Channel renamed to “%(name)s”.") % {"name": channel.name})
            return redirect(f"{reverse('channels:list')}#workspace-{channel.workspace_id}-channels")
    return _render_edit(request, channel, form, saved_name, status=UNPROCESSABLE)


def _render_edit(request, channel, form, saved_name, status=200):
    context = {"channel": channel, "form": form, "saved_name": saved_name}
    template = "channels/_row_form.html" if request.htmx else "channels/edit.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def channel_delete(request, pk):
    channel = get_rw_channel_for_user(request, pk)
    if request.method == "GET":
        return render(request, "channels/delete.html", {"channel": channel})
    name = channel.name
    try:
        services.channel_delete(channel=channel)
    except ValidationError as error:
        if request.htmx:
            context = {"channel": channel, "can_edit": True, "error": " ".join(error.messages)}
            return render(request, "channels/_row.html", context, status=UNPROCESSABLE)
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{reverse('channels:list')}#channel-{pk}")
    if request.htmx:
        return HttpResponse("")  # the row swaps itself out
    messages.success(request, _("Channel “%(name)s” deleted.") % {"name": name})
    return redirect("channels:list")
