from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = _("Channels")

    def ready(self):
        from workspaces.signals import workspace_created

        from .receivers import create_default_channels

        workspace_created.connect(create_default_channels, dispatch_uid="channels.create_default_channels")
