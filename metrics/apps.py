from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = _("Metrics")

    def ready(self):
        from workspaces.signals import workspace_created

        from . import board
        from .receivers import create_default_metrics

        workspace_created.connect(create_default_metrics, dispatch_uid="metrics.create_default_metrics")
        board.register()
