from django import template

from ..selectors import comment_count_for
from ..targets import Target

register = template.Library()


@register.inclusion_tag("comments/_button.html")
def comments_button(obj):
    """ "Comments (n)" for a touchpoint or strategy, opening its thread in place below it.
    Uses the object's `comment_count` annotation when it has one (one query otherwise)."""
    target = Target(obj)
    return {"target": target, "count": comment_count_for(obj), "labelled_by": f"{target.kind}-{obj.pk}-title"}
