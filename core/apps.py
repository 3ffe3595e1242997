from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom layer: what every app shares and no part of the domain owns. Imports no app of ours."""

    name = "core"
    verbose_name = _("Core")
