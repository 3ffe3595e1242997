from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TouchpointsConfig(AppConfig):
    name = "touchpoints"
    verbose_name = _("Touchpoints")

    def ready(self):
        from trash.kinds import register_restorer
        from trash.models import TrashKind

        from .services import touchpoint_restore

        register_restorer(TrashKind.CARD, touchpoint_restore)
