from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo workspace `make run` loads (`manage.py seed_demo`): every app's data, so it sits on top."""

    name = "demo"
    verbose_name = _("Demo data")
