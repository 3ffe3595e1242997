"""What metrics add to the board (boards.extensions): a "Metrics" lane with each stage's metrics
(latest value, trend, colour against target), a chip with the card metric's latest value on every
card, the heat view that colours cards by it, a section of the card's panel, and links."""

from functools import partial

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from boards.extensions import Badge, BadgeTarget, CardSection, Lane, PagePart, PageSlot, board_extensions
from core.fast_html import format_html, format_html_join
from core.url_patterns import pk_url_pattern

from .charts import sparkline_points
from .formatting import format_value
from .models import Status
from .selectors import stage_trends, touchpoint_card_metric
from .templatetags.metric_values import STATUS_MARKS


def lane_cells(journey, stages, *, links: bool = True) -> dict:
    """Each stage's metrics, as the panels' list shows them (metrics/_trends.html) without the periods:
    one query for the whole map (selectors.latest_trends), drawn without templates (a board has up to
    40 stages, each with several metrics). Without `links` (a share link's guest), the metrics are not
    links and the stage's panel is not offered."""
    trends = stage_trends(journey, [stage.pk for stage in stages])
    detail = pk_url_pattern("metrics:detail")
    panel = pk_url_pattern("metrics:stage_metrics")
    labels = {status: str(Status(status).label) for status in Status.values}
    cells = {}
    for stage in stages:
        items = format_html_join(
            "",
            '<li class="metric-trend status-{}">{} <b>{}</b> '
            '<span class="status-mark" role="img" aria-label="{}">{}</span>{}</li>',
            (
                (
                    trend.status,
                    format_html('<a href="{}">{}</a>', detail.format(pk=trend.metric.pk), trend.metric.name)
                    if links
                    else trend.metric.name,
                    format_value(trend.latest, trend.metric.kind, trend.metric.unit),
                    labels[trend.status],
                    STATUS_MARKS[trend.status],
                    _sparkline(trend.values),
                )
                for trend in trends.get(stage.pk, [])
            ),
        )
        listed = format_html('<ul class="list-plain metric-trends">{}</ul>', items) if items else ""
        if not links:
            cells[stage.pk] = listed
            continue
        url = panel.format(pk=stage.pk)
        cells[stage.pk] = format_html(
            '{}<a class="lane-link small" href="{}" hx-get="{}" hx-target="#panel-body">{}</a>',
            listed,
            url,
            url,
            gettext("Metrics of %(name)s") % {"name": stage.name},
        )
    return cells


def _sparkline(values) -> str:
    points = sparkline_points(values)
    if not points:
        return ""
    return format_html(
        ' <svg class="sparkline" viewBox="0 0 64 16" width="64" height="16" aria-hidden="true" focusable="false">'
        '<polyline points="{}"/></svg>',
        points,
    )


def register() -> None:
    board_extensions.add_lane(
        Lane(
            key="metrics",
            label=lambda: _("Metrics"),
            cells=lane_cells,
            guest_cells=partial(lane_cells, links=False),
            order=20,
        )
    )
    board_extensions.add_badge(
        Badge(
            key="card_metric",
            target=BadgeTarget.CARD,
            value=lambda journey: touchpoint_card_metric(journey.pk),
            per_map=True,
            template="metrics/_card_chip.html",
            varies_with_value=True,
            order=5,
            kept=True,  # metrics.services refreshes it: readings of a card, the map's card metric, a metric's changes
        )
    )
    board_extensions.add_card_section(
        CardSection(key="metrics", label=lambda: _("Metrics"), url_name="metrics:touchpoint_metrics", order=5)
    )
    board_extensions.add_page_part(PagePart(PageSlot.HEAD, "metrics/_head.html"))
    board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "metrics/_board_links.html", order=20))
    board_extensions.add_page_part(PagePart(PageSlot.TOOLS, "metrics/_heat_toggle.html", order=5))
