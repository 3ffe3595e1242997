from django import template

from boards.extensions import BadgeTarget, render_badges

register = template.Library()


@register.simple_tag
def strategy_badges(strategy, can_edit=False):
    """What other apps show on a strategy in the board's panels (boards.extensions): `{% strategy_badges strategy can_edit %}`."""
    return render_badges(BadgeTarget.STRATEGY, strategy, name=strategy.title, can_edit=can_edit)
