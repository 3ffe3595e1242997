from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    """Share links: read-only links to one map for people without an account, and the pages they open."""

    name = "sharing"
    verbose_name = _("Share links")

    def ready(self):
        from boards.extensions import PagePart, PageSlot, board_extensions

        board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "sharing/_board_link.html", order=50))
