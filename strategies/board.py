"""What strategies add to the board (boards.extensions): a "Strategies" lane with each stage's current
strategies, their count on every card, a section of the card's panel, the map's strategies and history
among the board's links, and their styles."""

from functools import partial

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from boards.extensions import Badge, BadgeTarget, CardSection, Lane, PagePart, PageSlot, board_extensions
from core.aggregates import JoinedText, split_joined
from core.fast_html import format_html, format_html_join
from core.url_patterns import pk_url_pattern

from .models import Strategy
from .selectors import touchpoint_strategy_count


def stage_strategy_titles():
    """For a stage queryset: the titles of the stage's current strategies, joined (core.aggregates)."""
    titles = (
        Strategy.objects.current()
        .filter(stage=OuterRef("pk"))
        .order_by()
        .values("stage")
        .annotate(titles=JoinedText("title"))
        .values("titles")
    )
    return Subquery(titles)


def lane_cells(journey, stages, *, links: bool = True) -> dict:
    """Each stage's current strategies by title, and a link that opens them beside the map (not for a
    share link's guest: without `links`)."""
    panel = pk_url_pattern("strategies:stage_strategies")
    cells = {}
    for stage in stages:
        titles = sorted(split_joined(getattr(stage, "strategy_titles", "")), key=str.lower)
        url = panel.format(pk=stage.pk)
        if titles:
            label = ngettext("%(count)d strategy for %(name)s", "%(count)d strategies for %(name)s", len(titles)) % {
                "count": len(titles),
                "name": stage.name,
            }
            items = format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((title,) for title in titles)))
        else:
            label = gettext("Strategies for %(name)s") % {"name": stage.name}
            items = ""
        if not links:
            cells[stage.pk] = items
            continue
        cells[stage.pk] = format_html(
            '{}<a class="lane-link small" href="{}" hx-get="{}" hx-target="#panel-body">{}</a>', items, url, url, label
        )
    return cells


def register() -> None:
    board_extensions.add_lane(
        Lane(
            key="strategies",
            label=lambda: _("Strategies"),
            cells=lane_cells,
            guest_cells=partial(lane_cells, links=False),
            annotations=lambda journey: {"strategy_titles": stage_strategy_titles()},
            order=10,
        )
    )
    board_extensions.add_badge(
        Badge(
            key="strategy_count",
            target=BadgeTarget.CARD,
            value=lambda journey: touchpoint_strategy_count(),
            template="strategies/_card_count.html",
            varies_with_value=True,
            order=20,
            kept=True,  # strategies.services refreshes it: a card's strategy created, imported, retired or restored
        )
    )
    board_extensions.add_card_section(
        CardSection(
            key="strategies", label=lambda: _("Strategies"), url_name="strategies:touchpoint_strategies", order=10
        )
    )
    board_extensions.add_page_part(PagePart(PageSlot.HEAD, "strategies/_head.html"))
    board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "strategies/_board_links.html", order=10))
    board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "strategies/_board_history_link.html", order=30))
