from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = _("Board activity")

    def ready(self):
        from journeys.signals import map_content_changed

        from . import board
        from .receivers import record_change

        map_content_changed.connect(record_change, dispatch_uid="activity.record_change")
        board.register()
