"""What metrics add to the board (boards.extensions): a "Metrics" lane with each stage's metrics
(latest value, trend, colour against target), a chip with the card metric's latest value on every
card, the heat view that colours cards by it, a section of the card's panel, and links."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from boards.extensions import Badge, BadgeTarget, CardSection, Lane, PagePart, PageSlot, board_extensions

from .selectors import stage_trends, touchpoint_card_metric


def lane_cells(journey, stages) -> dict:
    """Each stage's metrics: one query for the whole map (selectors.latest_trends)."""
    trends = stage_trends(journey, [stage.pk for stage in stages])
    return {
        stage.pk: render_to_string("metrics/_lane_cell.html", {"stage": stage, "trends": trends.get(stage.pk, [])})
        for stage in stages
    }


def register() -> None:
    board_extensions.add_lane(Lane(key="metrics", label=lambda: _("Metrics"), cells=lane_cells, order=20))
    board_extensions.add_badge(
        Badge(
            key="card_metric",
            target=BadgeTarget.CARD,
            value=lambda journey: touchpoint_card_metric(),
            template="metrics/_card_chip.html",
            varies_with_value=True,
            order=5,
        )
    )
    board_extensions.add_card_section(
        CardSection(key="metrics", label=lambda: _("Metrics"), url_name="metrics:touchpoint_metrics", order=5)
    )
    board_extensions.add_page_part(PagePart(PageSlot.HEAD, "metrics/_head.html"))
    board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "metrics/_board_links.html", order=20))
    board_extensions.add_page_part(PagePart(PageSlot.MENUS, "metrics/_heat_toggle.html", order=5))
