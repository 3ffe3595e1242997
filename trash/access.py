from django.core.exceptions import PermissionDenied
from django.http import Http404

from workspaces.access import get_for_user, get_rw_for_user

from .models import TrashEntry


def _entries():
    # The rows are read by the restore itself, not by the pages.
    return TrashEntry.objects.defer("rows", "links")


def get_trash_entry_for_user(user, pk) -> tuple[TrashEntry, bool]:
    return get_for_user(_entries(), user, pk)


def get_rw_trash_entry_for_user(user, pk) -> TrashEntry:
    """Restore and delete forever: owners and editors (viewers get 403, outsiders 404)."""
    return get_rw_for_user(_entries(), user, pk)


def undoable_trash_entry_for_user(user, pk) -> TrashEntry | None:
    """What an Undo offered earlier may still restore: None once it was restored or purged meanwhile,
    or when the user may no longer restore it."""
    try:
        return get_rw_for_user(_entries(), user, pk)
    except (Http404, PermissionDenied):
        return None
