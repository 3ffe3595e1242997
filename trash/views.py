"""The workspace's trash page: what was deleted, from which map, by whom and when, with Restore and
"Delete forever" for owners and editors (viewers read it; outsiders get 404). Writes go through
trash.services. The board's own Undo is boards/undo_views.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.pagination import page_of, query_without_page
from workspaces.access import get_workspace_for_user
from workspaces.models import EDIT_ROLES

from . import services
from .access import get_rw_trash_entry_for_user
from .selectors import trash_of
from .sentences import purged_sentence, restored_sentence

TEMPLATE = "trash/trash.html"


def _render(request, workspace, *, status: int = 200, **extra):
    """The list for htmx (it swaps itself in), else the whole page."""
    context = {
        "workspace": workspace,
        "can_edit": workspace.user_role in EDIT_ROLES,
        "page": page_of(request, trash_of(workspace.pk)),
        "query": query_without_page(request),
        "retention_days": settings.TRASH_RETENTION_DAYS,
        **extra,
    }
    template = f"{TEMPLATE}#entries" if request.htmx else TEMPLATE
    return render(request, template, context, status=status)


def _answer(request, workspace, *, notice: str = "", error: str = "", board_url: str = ""):
    if request.htmx:
        return _render(
            request, workspace, status=422 if error else 200, notice=notice, error=error, board_url=board_url
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect("trash:workspace", pk=workspace.pk)


@login_required
@require_GET
def workspace_trash(request, pk):
    return _render(request, get_workspace_for_user(request.user, pk))


@login_required
@require_POST
def entry_restore(request, pk):
    entry = get_rw_trash_entry_for_user(request.user, pk)
    workspace = get_workspace_for_user(request.user, entry.workspace_id)
    try:
        restored = services.trash_entry_restore(entry=entry, actor=request.user)
    except ValidationError as error:
        return _answer(request, workspace, error=" ".join(error.messages))
    board_url = reverse("boards:board", args=[restored.journey_id])
    return _answer(request, workspace, notice=restored_sentence(entry), board_url=board_url)


@login_required
@require_POST
def entry_delete(request, pk):
    entry = get_rw_trash_entry_for_user(request.user, pk)
    workspace = get_workspace_for_user(request.user, entry.workspace_id)
    services.trash_entry_purge(entry=entry)
    return _answer(request, workspace, notice=purged_sentence(entry))
