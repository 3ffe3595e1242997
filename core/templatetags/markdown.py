from django import template

from core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Members' Markdown as sanitised HTML: `{% load markdown %}{{ strategy.body|markdown }}`."""
    return render_markdown(text)
