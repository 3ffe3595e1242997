"""The Jinja2 environment for the board's stage columns and cards.

Django's own templates stay the rule everywhere else. Translations come from
Django's active language, like `{% translate %}`.
"""

from django.utils import translation
from jinja2 import Environment


def environment(**options) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True, **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    return env
