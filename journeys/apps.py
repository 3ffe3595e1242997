from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "journeys"
    verbose_name = _("Journeys")

    def ready(self):
        from trash.kinds import register_restorer
        from trash.models import TrashKind

        from .services import journey_restore, lane_restore, stage_restore

        register_restorer(TrashKind.MAP, journey_restore)
        register_restorer(TrashKind.STAGE, stage_restore)
        register_restorer(TrashKind.LANE, lane_restore)
