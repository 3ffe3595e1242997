from django import template

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("comments/_inbox_link.html", takes_context=True)
def inbox_link(context, oob: bool = False):
    """The nav's link to the inbox with the unread count: one query per page."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"unread": unread_count(user) if user is not None else 0, "oob": oob}
