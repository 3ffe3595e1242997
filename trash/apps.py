from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrashConfig(AppConfig):
    """The workspace's trash: what was deleted from a map, kept 30 days to be restored (trash/cascade.py
    keeps the rows; the apps that own each kind of thing register how to put it back, trash/kinds.py)."""

    name = "trash"
    verbose_name = _("Trash")
