"""What evidence adds to the board (boards.extensions): each card's evidence count and confidence, an
"Evidence" lane with each stage's highlighted quotes, a section of the card's panel, and a link."""

from functools import partial

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from boards.extensions import Badge, BadgeTarget, CardSection, Lane, PagePart, PageSlot, board_extensions
from core.fast_html import format_html, format_html_join
from core.url_patterns import pk_url_pattern

from .models import Sentiment
from .selectors import stage_evidence, stage_evidence_annotations, stage_quotes, touchpoint_evidence


def lane_cells(journey, stages, *, links: bool = True) -> dict:
    """Each stage's highlighted quotes (read with the stages: no query of its own) and its count, a link
    to the stage's evidence (plain text for a share link's guest: without `links`)."""
    panel = pk_url_pattern("evidence:stage_evidence")
    labels = {value: str(label) for value, label in Sentiment.choices}
    cells = {}
    for stage in stages:
        count, joined = stage_evidence(getattr(stage, "evidence_lane", None))
        quotes = stage_quotes(joined)
        url = panel.format(pk=stage.pk)
        link = (
            ngettext("%(count)d item of evidence for %(name)s", "%(count)d items of evidence for %(name)s", count)
            % {"count": count, "name": stage.name}
            if count
            else gettext("Evidence for %(name)s") % {"name": stage.name}
        )
        listed = (
            format_html(
                '<ul class="list-plain evidence-quotes">{}</ul>',
                format_html_join(
                    "",
                    '<li class="quote sentiment-{}"><span class="visually-hidden">{}: </span>“{}”</li>',
                    ((sentiment, labels.get(sentiment, ""), text[:240]) for sentiment, text in quotes),
                ),
            )
            if quotes
            else ""
        )
        if not links:
            cells[stage.pk] = format_html('{}<span class="small muted">{}</span>', listed, link) if count else listed
            continue
        cells[stage.pk] = format_html(
            '{}<a class="lane-link small" href="{}" hx-get="{}" hx-target="#panel-body">{}</a>', listed, url, url, link
        )
    return cells


def register() -> None:
    board_extensions.add_lane(
        Lane(
            key="evidence",
            label=lambda: _("Evidence"),
            cells=lane_cells,
            guest_cells=partial(lane_cells, links=False),
            annotations=lambda journey: stage_evidence_annotations(),
            order=30,
        )
    )
    board_extensions.add_badge(
        Badge(
            key="evidence_summary",  # (not "evidence": a touchpoint's evidence is a relation of its own)
            target=BadgeTarget.CARD,
            value=lambda journey: touchpoint_evidence(),
            template="evidence/_card_badge.html",
            varies_with_value=True,
            order=25,
            kept=True,  # evidence.services refreshes it: a card's evidence and its chosen confidence
        )
    )
    board_extensions.add_card_section(
        CardSection(key="evidence", label=lambda: _("Evidence"), url_name="evidence:touchpoint_evidence", order=7)
    )
    board_extensions.add_page_part(PagePart(PageSlot.HEAD, "evidence/_head.html"))
    board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "evidence/_board_links.html", order=22))
