from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect
from django_ratelimit.decorators import ratelimit

from core.forms import add_service_errors
from core.users import display_name

from . import services
from .access import (
    get_owned_invitation_for_user,
    get_owned_membership_for_user,
    get_owned_workspace_for_user,
    get_workspace_for_user,
)
from .forms import InvitationForm, MembershipRoleForm, WorkspaceForm
from .models import Invitation, Membership, Role
from .sections import workspace_sections
from .selectors import members_of, recent_invitations, teams_for_user, tokens_of

MEMBERS_TEMPLATE = "workspaces/members.html"


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workspace = services.workspace_create(name=form.cleaned_data["name"], owner=request.user)
        messages.success(request, _("Workspace “%(name)s” created.") % {"name": workspace.name})
        return redirect("journeys:dashboard")
    return render(request, "workspaces/workspace_form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_GET
def workspace_list(request):
    return render(request, "workspaces/list.html", {"workspaces": teams_for_user(request.user)})


# Members page ----------------------------------------------------------------


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _members_context(request, workspace, *, row_errors=None, **extra) -> dict:
    is_owner = workspace.user_role == Role.OWNER
    members = members_of(workspace)
    for membership in members:
        membership.errors = (row_errors or {}).get(membership.pk, [])
    return {
        "workspace": workspace,
        "is_owner": is_owner,
        "members": members,
        "invitations": recent_invitations(workspace) if is_owner else [],
        "invitation_form": InvitationForm(),
        "role_choices": Role.choices,
        "site_url": _site_url(request),
        **extra,
    }


def _render_members(request, workspace, *, status: int = 200, **extra):
    """The members section for htmx (it swaps itself in), else the whole page with the sections other
    apps add to it (workspaces.sections)."""
    if request.htmx:
        return render(request, f"{MEMBERS_TEMPLATE}#team", _members_context(request, workspace, **extra), status=status)
    context = _members_context(request, workspace, sections=workspace_sections.render(request, workspace), **extra)
    return render(request, MEMBERS_TEMPLATE, context, status=status)


def _after_change(request, workspace, notice: str, **extra):
    """A successful change: htmx gets the fresh section with a notice; a plain form post is redirected."""
    if request.htmx:
        return _render_members(request, workspace, notice=notice, **extra)
    messages.success(request, notice)
    return redirect("workspaces:members", pk=workspace.pk)


def _refused(request, workspace, error: ValidationError, **extra):
    if request.htmx:
        return _render_members(request, workspace, status=422, **extra)
    for message in error.messages:
        messages.error(request, message)
    return redirect("workspaces:members", pk=workspace.pk)


@login_required
@require_GET
def members(request, pk):
    workspace = get_workspace_for_user(request.user, pk)
    return _render_members(request, workspace)


@login_required
@require_POST
def invitation_create(request, pk):
    workspace = get_owned_workspace_for_user(request.user, pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                workspace=workspace,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                site_url=_site_url(request),
                open_link=form.cleaned_data["open_link"],
                max_uses=form.cleaned_data["max_uses"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if invitation.open_link:
                notice = _("A link for anyone was created: copy it below and share it with care.")
            else:
                notice = _("Invitation for %(email)s created and e-mailed. You can also copy its link below.") % {
                    "email": invitation.email
                }
            return _after_change(request, workspace, notice, new_invitation=invitation.pk)
    # Errors stay beside the fields with what was typed, on the page or in the swapped section.
    return _render_members(request, workspace, status=422, invitation_form=form)


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_owned_invitation_for_user(request.user, pk)
    workspace = get_workspace_for_user(request.user, invitation.workspace_id)
    try:
        services.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        return _refused(request, workspace, error, error=error.messages[0])
    return _after_change(request, workspace, _("Invitation for %(email)s revoked.") % {"email": invitation.email})


@login_required
@require_POST
def membership_role(request, pk):
    membership = get_owned_membership_for_user(request.user, pk)
    workspace = get_workspace_for_user(request.user, membership.workspace_id)
    form = MembershipRoleForm(request.POST)
    name = _name(membership)
    if not form.is_valid():
        error = ValidationError(_("Choose a role."))
        return _refused(request, workspace, error, row_errors={membership.pk: error.messages})
    try:
        services.membership_set(workspace=workspace, user=membership.user, role=form.cleaned_data["role"])
    except ValidationError as error:
        return _refused(request, workspace, error, row_errors={membership.pk: error.messages})
    if membership.user_id == request.user.id and form.cleaned_data["role"] != Role.OWNER:
        return _left_ownership(request, workspace)
    role = Role(form.cleaned_data["role"]).label
    return _after_change(request, workspace, _("%(name)s is now %(role)s.") % {"name": name, "role": role})


def _left_ownership(request, workspace):
    """An owner who gave up ownership manages nothing here any more: reload the page as a member."""
    messages.success(request, _("You are no longer an owner of %(workspace)s.") % {"workspace": workspace.name})
    url = reverse("workspaces:members", args=[workspace.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_POST
def membership_remove(request, pk):
    membership = get_owned_membership_for_user(request.user, pk)
    workspace = get_workspace_for_user(request.user, membership.workspace_id)
    name = _name(membership)
    try:
        services.membership_remove(membership=membership)
    except ValidationError as error:
        return _refused(request, workspace, error, row_errors={membership.pk: error.messages})
    if membership.user_id == request.user.id:
        messages.success(request, _("You left %(workspace)s.") % {"workspace": workspace.name})
        url = reverse("journeys:dashboard")
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return _after_change(request, workspace, _("%(name)s was removed from the workspace.") % {"name": name})


def _name(membership: Membership) -> str:
    return display_name(membership.user)


# Invitations: the link's page, and signing up to use it -------------------------


@ratelimit(key="ip", rate="60/h", block=True)  # invitation tokens cannot be guessed, and not tried often
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The invitation link: shows the workspace and role, and accepts it for the logged-in user.
    An anonymous visitor is offered to log in or sign up, and comes back here."""
    invitation = get_object_or_404(Invitation.objects.select_related("workspace", "invited_by"), token=token)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect(f"{reverse('account_login')}?next={invitation.get_absolute_url()}")
        return _render_invitation(request, invitation)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            invitation.refresh_from_db()
            return _render_invitation(request, invitation, error=error)
        messages.success(
            request,
            _("You joined %(workspace)s as %(role)s.")
            % {"workspace": invitation.workspace.name, "role": invitation.get_role_display()},
        )
        return redirect("journeys:dashboard")
    try:
        services.invitation_check(invitation=invitation)
    except ValidationError as error:
        return _render_invitation(request, invitation, error=error)
    return _render_invitation(request, invitation)


def _render_invitation(request, invitation, error: ValidationError | None = None):
    # 410 Gone for a link that can no longer be used; 409 when the user is already a member; 403 for
    # an account of another address or one not yet confirmed.
    statuses = {"member": 409, "other_address": 403, "unverified": 403}
    status = 200 if error is None else statuses.get(error.code, 410)
    context = {
        "invitation": invitation,
        "workspace": invitation.workspace,
        "error": error.messages[0] if error else "",
        "unverified": error is not None and error.code == "unverified",
        "next": invitation.get_absolute_url(),
    }
    return render(request, "workspaces/invitation.html", context, status=status)


# API tokens: the user's own, listed and revoked here; a new one is shown once ----------------------


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    new_token = None
    if request.method == "POST":
        try:
            _instance, new_token = services.token_create(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    context = {"tokens": tokens_of(request.user), "new_token": new_token}
    return render(request, "workspaces/tokens.html", context)


@login_required
@require_POST
def token_revoke(request, digest):
    if not services.token_revoke(user=request.user, digest=digest[:200]):
        raise Http404
    messages.success(request, _("The token was revoked: calls made with it are refused from now on."))
    return redirect("workspaces:tokens")
