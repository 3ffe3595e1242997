"""The Jinja2 environment for the board's stage columns and cards.

Django's own templates stay the rule everywhere else. `makemessages` does not
read Jinja templates, so their words come from `boards.partials.board_labels`
(Python, extracted as usual) rather than from `_()` in the templates.
"""

from jinja2 import Environment


def environment(**options) -> Environment:
    return Environment(trim_blocks=True, lstrip_blocks=True, **options)  # noqa: S701 - settings pass autoescape=True
