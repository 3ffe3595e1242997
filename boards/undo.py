"""The toast a delete leaves on the board for a few seconds: what went to the trash, and an Undo button
(boards/undo_views.py). It lands in the page's `#undo-toast` region (aria-live, so screen readers
announce it) or, for a lane deleted in the lanes panel, at the top of the panel (the rest of the page
is inert while the panel is open)."""

from django.template.loader import render_to_string

from trash.models import TrashEntry
from trash.sentences import moved_sentence

TOAST_TEMPLATE = "trash/_undo_toast.html"


def undo_button_id(entry: TrashEntry) -> str:
    return f"undo-{entry.pk}-button"


def undo_toast_html(request, entry: TrashEntry | None, *, in_panel: bool = False) -> str:
    """The toast, swapped out of band into `#undo-toast`; in the lanes panel, its own block."""
    if entry is None:  # (it was deleted by someone else meanwhile: nothing to undo here)
        return ""
    context = {"entry": entry, "message": moved_sentence(entry), "in_panel": in_panel, "oob": not in_panel}
    return render_to_string(TOAST_TEMPLATE, context, request)
