from django import template

from journeys.strategies.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Render a strategy's Markdown as sanitised HTML: `{{ strategy.body|markdown }}`."""
    return render_markdown(text)
