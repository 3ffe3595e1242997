from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    """The board: a map's stages, cards and emotion curve on one page, and the badges, lanes and page
    parts other apps register on it (boards.extensions)."""

    name = "boards"
    verbose_name = _("Boards")
