"""What the pages say about an entry: that it went to the trash, that it is back."""

from django.utils.translation import gettext as _

from .models import TrashEntry, TrashKind


def moved_sentence(entry: TrashEntry) -> str:
    """After a delete: where it went (the board's toast, the dashboard's message)."""
    templates = {
        TrashKind.CARD: _("Touchpoint “%(name)s” moved to the trash."),
        TrashKind.STAGE: _("Stage “%(name)s” moved to the trash."),
        TrashKind.LANE: _("Lane “%(name)s” moved to the trash."),
        TrashKind.MAP: _("Map “%(name)s” moved to the trash."),
    }
    return templates[TrashKind(entry.kind)] % {"name": entry.label}


def restored_sentence(entry: TrashEntry) -> str:
    """After a restore: what is back, and where."""
    templates = {
        TrashKind.CARD: _("Touchpoint “%(name)s” is back in the stage “%(stage)s” of the map “%(map)s”."),
        TrashKind.STAGE: _("Stage “%(name)s” is back on the map “%(map)s”."),
        TrashKind.LANE: _("Lane “%(name)s” is back on the map “%(map)s”."),
        TrashKind.MAP: _("Map “%(name)s” is back."),
    }
    return templates[TrashKind(entry.kind)] % {"name": entry.label, "stage": entry.place, "map": entry.journey_title}


def purged_sentence(entry: TrashEntry) -> str:
    return _("“%(name)s” is deleted forever.") % {"name": entry.label}
