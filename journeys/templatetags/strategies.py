from django import template
from django.urls import reverse

from journeys.strategies.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Render a strategy's Markdown as sanitised HTML: `{{ strategy.body|markdown }}`."""
    return render_markdown(text)


@register.inclusion_tag("journeys/strategies/_board_button.html")
def strategy_button(target):
    """The board's "Strategies (n)" button for a stage, a touchpoint or a map, and the slot its panel opens in.

    The count is the `strategy_count` annotation of the board selector
    (`journeys.strategies.guide.with_stage_strategy_info` / `with_touchpoint_strategy_count`).
    """
    kind = target._meta.model_name
    key_prefix, url_name, name = {
        "stage": ("stage", "journeys:stage_strategies", getattr(target, "name", "")),
        "touchpoint": ("touchpoint", "journeys:touchpoint_strategies", getattr(target, "title", "")),
        "journey": ("map", "journeys:map_strategies", getattr(target, "title", "")),
    }[kind]
    return {
        "scope_key": f"{key_prefix}-{target.pk}",
        "panel_url": reverse(url_name, args=[target.pk]),
        "count": getattr(target, "strategy_count", None),
        "name": name,
    }
