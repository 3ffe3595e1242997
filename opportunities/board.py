"""What opportunities add to the board (boards.extensions): an "Opportunities" lane with each stage's
best open opportunities, their count on cards, a section of the card's panel, and links."""

from functools import partial

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from boards.extensions import Badge, BadgeTarget, CardSection, Lane, PagePart, PageSlot, board_extensions
from core.fast_html import format_html, format_html_join
from core.url_patterns import pk_url_pattern

from .selectors import stage_opportunities, stage_opportunity_annotations, touchpoint_open_opportunities


def lane_cells(journey, stages, *, links: bool = True) -> dict:
    """Each stage's best open opportunities by score (read with the stages: no query of its own), and a
    link to the stage's backlog (not for a share link's guest: without `links`)."""
    backlog = pk_url_pattern("opportunities:backlog")
    new = pk_url_pattern("opportunities:create")
    cells = {}
    for stage in stages:
        items, count = stage_opportunities(getattr(stage, "opportunity_titles", ""))
        list_html = format_html(
            '<ul class="list-plain opportunity-items">{}</ul>',
            format_html_join(
                "",
                '<li><span class="score" aria-label="{}">{}</span> {}</li>',
                ((gettext("Score %(score)s") % {"score": score}, score, title) for score, title in items),
            ),
        )
        if not links:
            cells[stage.pk] = list_html if items else ""
            continue
        label = (
            ngettext("%(count)d opportunity in %(name)s", "%(count)d opportunities in %(name)s", count)
            % {"count": count, "name": stage.name}
            if count
            else gettext("New opportunity in %(name)s") % {"name": stage.name}
        )
        url = (
            f"{backlog.format(pk=journey.pk)}?stage={stage.pk}"
            if count
            else f"{new.format(pk=journey.pk)}?stage={stage.pk}"
        )
        cells[stage.pk] = format_html(
            '{}<a class="lane-link small" href="{}">{}</a>', list_html if items else "", url, label
        )
    return cells


def register() -> None:
    board_extensions.add_lane(
        Lane(
            key="opportunities",
            label=lambda: _("Opportunities"),
            cells=lane_cells,
            guest_cells=partial(lane_cells, links=False),
            annotations=lambda journey: stage_opportunity_annotations(),
            order=40,
        )
    )
    board_extensions.add_badge(
        Badge(
            key="open_opportunities",
            target=BadgeTarget.CARD,
            value=lambda journey: touchpoint_open_opportunities(),
            template="opportunities/_card_count.html",
            varies_with_value=True,
            order=27,
            kept=True,  # opportunities.services refreshes it: an opportunity's cards, status and deletion
        )
    )
    board_extensions.add_card_section(
        CardSection(
            key="opportunities",
            label=lambda: _("Opportunities"),
            url_name="opportunities:touchpoint_opportunities",
            order=8,
        )
    )
    board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "opportunities/_board_links.html", order=24))
