"""What the board's Jinja2 columns and cards need to show strategies, worked out once per render
(journeys/partials.py `_jinja` passes it as `strategies`).

The "Strategies (n)" button is rendered once per render from
templates/jinja2/strategies/board.html with placeholders, then filled
in per column and card by `fill`, so 500 cards cost 500 string replacements,
not 500 macro calls. Counts and stale flags are annotations of the board's own
queries (journeys/selectors.py, `guide.with_stage_strategy_info` and
`guide.with_touchpoint_strategy_count`).
"""

import functools

from django.template import engines
from django.urls import get_script_prefix
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from markupsafe import Markup, escape

from core.url_patterns import pk_url_pattern

BOARD_MACROS = "strategies/board.html"


class StrategyButtons(dict):
    """The board's `strategies`: `urls`, `labels`, and `fill(kind, pk, count, name)`."""

    def fill(self, kind: str, pk: int, count, name: str) -> Markup:
        # Plain str replacements (Markup's own escape every argument, 5x slower); the name is escaped
        # here and goes in last, so it cannot inject a placeholder.
        html = self["buttons"][kind].replace("__PK__", str(pk)).replace("__COUNT__", str(count))
        return Markup(html.replace("__NAME__", escape(name)))  # noqa: S704 - a rendered template and an escaped name


def strategy_board_context() -> StrategyButtons:
    return _board_context(get_language(), get_script_prefix())


@functools.lru_cache(maxsize=64)
def _board_context(language: str, script_prefix: str) -> StrategyButtons:
    """The same for every render in one language under one URL prefix: built once."""
    context = StrategyButtons(
        urls={
            "stage": pk_url_pattern("strategies:stage_strategies"),
            "touchpoint": pk_url_pattern("strategies:touchpoint_strategies"),
            "reviewed": pk_url_pattern("guide:stage_reviewed"),
        },
        labels={
            "strategies": _("Strategies"),
            "for_name": _("for %(name)s"),
            "review_due": _("Review due"),
            "review_due_help": _("Nobody has reviewed this stage within the map’s review interval."),
            "mark_reviewed": _("Mark stage reviewed"),
        },
    )
    macros = engines["jinja2"].env.get_template(BOARD_MACROS).module
    context["buttons"] = {kind: str(macros.strategies_button(kind, context)) for kind in ("stage", "touchpoint")}
    return context
