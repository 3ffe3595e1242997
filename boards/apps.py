from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    """The board: a map's stages, cards and emotion curve on one page, and the badges, lanes and page
    parts other apps register on it (boards.extensions)."""

    name = "boards"
    verbose_name = _("Boards")

    def ready(self):
        from django.db.models.signals import post_migrate

        from trash.signals import entry_restored
        from workspaces.signals import membership_ended

        from .receivers import count_restored_card_badges, end_streams_of_former_member, fill_card_badges

        membership_ended.connect(end_streams_of_former_member, dispatch_uid="boards.end_streams_of_former_member")
        post_migrate.connect(fill_card_badges, sender=self, dispatch_uid="boards.fill_card_badges")
        entry_restored.connect(count_restored_card_badges, dispatch_uid="boards.count_restored_card_badges")
