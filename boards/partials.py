"""Render the board's grid and its parts, for the page and for htmx responses.

Every part of the grid has an element id: a stage's head (`stage-<id>`), a cell
(`cell-<row>-<stage>`), a card (`touchpoint-<id>`). A change re-renders only the parts it
touched, sent out of band, and a live update re-reads only those (`render_board_parts`).

Cards are the one hot loop (hundreds per page). A card's HTML is kept in Django's cache
framework (Redis when REDIS_URL is set, so every web process shares it) under a key made of
every field the card shows and the reader's language, URL prefix and edit right: a changed
card has a new key, so an entry is never stale.
"""

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django_htmx.http import trigger_client_event

from core.fast_html import format_html, format_html_join
from core.url_patterns import pk_url_pattern, url_pattern
from journeys.models import CardSplit, Journey, LaneKind
from touchpoints.models import Emotion

from .extensions import BadgeTarget, PageSlot, board_extensions, render_badges, render_card_marks
from .grid import Row
from .selectors import Board, BoardFilters, Card, GuestView, board_for, with_neighbours

BOARD_TEMPLATE = "boards/board.html"
BOARD_CHANGED = "board-changed"
CARD_CACHE_SECONDS = 7 * 24 * 3600  # entries never go stale; they only make room
# Part of every card's cache key with the card templates' sources: change it with how CardRenderer
# builds a card in Python (its marks' name), so no card cached before is served after.
CARD_MARKUP_REVISION = "2"


def filters_of(request) -> BoardFilters:
    """Filters of the board the request came from: its own query, else the page's URL."""
    if request.GET.getlist("persona") or request.GET.getlist("channel"):
        return BoardFilters.from_query(request.GET)
    current_url = request.headers.get("HX-Current-URL", "")
    return BoardFilters.from_query(QueryDict(urlsplit(current_url).query))


# ---- cards ------------------------------------------------------------------------------------------------------


def card_key(card: Card, scope: str) -> str:
    """The row the card was read from (every column it shows, its personas' ids, its badges' values)
    and `scope` (the repr of who reads it, in which language, and how the map's personas look): nothing
    a card shows can be left out of its key. Values print the same whenever they are the same."""
    return "jb:card:" + hashlib.blake2b((scope + repr(card.row)).encode(), digest_size=16).hexdigest()


@functools.lru_cache(maxsize=1)
def card_markup_version() -> str:
    """A fingerprint of the templates a card is drawn with, part of every card's cache key: cards cached
    before a release that changed them are not served after it (the cache outlives the process)."""
    names = ["boards/grid/_card.html", *(badge.template for badge in board_extensions.badges(BadgeTarget.CARD))]
    sources = CARD_MARKUP_REVISION + "".join(get_template(name).template.source for name in names)
    return hashlib.blake2b(sources.encode(), digest_size=6).hexdigest()


class CardRenderer:
    """Renders the cards of one response: from the cache when it has them, the rest through the card
    template, with what is the same for every card worked out once."""

    rendered = 0  # cards rendered in this process (the rest came from the cache)

    def __init__(self, can_edit: bool, personas: Iterable = (), guest: GuestView | None = None):
        self.can_edit = can_edit
        self.hidden = guest.hidden if guest is not None else frozenset()
        # A card opens beside the map: a member's panel, or the share link's card for a guest.
        self.detail_url = guest.urls["card"] if guest is not None else pk_url_pattern("boards:touchpoint_detail")
        marks = tuple((persona.pk, persona.name, persona.color, persona.initials) for persona in personas)
        # Printed once for every card.
        self.scope = repr(
            (
                card_markup_version(),
                get_language(),
                get_script_prefix(),
                can_edit,
                marks,
                self.detail_url,
                sorted(self.hidden),
            )
        )
        self.template = get_template("boards/grid/_card.html")
        self.emotions = {value: _("Emotion: %(feeling)s") % {"feeling": label} for value, label in Emotion.choices}

    def _render(self, card: Card) -> str:
        CardRenderer.rendered += 1
        marks = render_card_marks(card, name=card.title, can_edit=self.can_edit, hidden=self.hidden)
        said = [self.emotions.get(card.emotion, ""), *(persona.name for persona in card.persona_list)]
        context = {
            "card": card,
            "pk": str(card.pk),
            "emotion": str(card.emotion),
            "detail_url": self.detail_url.format(pk=card.pk),
            "emotion_text": f"{card.emotion:+d}" if card.emotion else "0",
            # Each badge's label is escaped text already.
            "label": mark_safe("; ".join([*(escape(text) for text in said), *marks.labels])),  # noqa: S308
            "marks": marks,
        }
        return self.template.render(context)

    def render(self, cards: Iterable[Card]) -> dict[int, SafeString]:
        cards = list(cards)
        keys = {card.pk: card_key(card, self.scope) for card in cards}
        found = cache.get_many(list(keys.values()))
        missing = {}
        html: dict[int, SafeString] = {}
        for card in cards:
            cached = found.get(keys[card.pk])
            if cached is None:
                cached = self._render(card)
                missing[keys[card.pk]] = cached
            html[card.pk] = mark_safe(cached)  # noqa: S308 - rendered by an autoescaping template
        if missing:
            cache.set_many(missing, CARD_CACHE_SECONDS)
        return html

    def render_lists(self, lists: dict[str, list[Card]]) -> dict[str, SafeString]:
        """The cards of several cells, each cell's joined: a cell whose cards are all as they were comes
        from the cache in one read; the others card by card (`render`)."""
        # A cell's key is made of what its cards' keys are made of, hashed once.
        list_keys = {
            name: "jb:cards:"
            + hashlib.blake2b(
                (self.scope + "".join(repr(card.row) for card in cards)).encode(), digest_size=16
            ).hexdigest()
            for name, cards in lists.items()
        }
        found = cache.get_many(list(list_keys.values()))
        stale = [name for name in lists if list_keys[name] not in found]
        html = self.render(card for name in stale for card in lists[name])
        fresh = {list_keys[name]: "".join(html[card.pk] for card in lists[name]) for name in stale}
        if fresh:
            cache.set_many(fresh, CARD_CACHE_SECONDS)
        found.update(fresh)
        return {name: mark_safe(found[key]) for name, key in list_keys.items()}  # noqa: S308 - cards' own HTML


# ---- the grid ---------------------------------------------------------------------------------------------------


STAGE_HEAD = """<div class="stage-head" id="stage-{pk}" data-stage="{pk}" role="columnheader" aria-labelledby="stage-{pk}-name"{oob}>
  <div class="stage-title">
    <h2 id="stage-{pk}-name" tabindex="-1">{name}</h2>
    <span class="badge" title="{shown}">{count}</span>
    <button type="button" class="icon collapse-stage" data-collapse aria-expanded="true" aria-labelledby="label-collapse-stage stage-{pk}-name" tabindex="-1">‹›</button>
    {edit}
  </div>
  <div class="stage-more">
    {goal}
    {questions}
    <div class="stage-badges">{badges}</div>
  </div>
</div>
"""


def _stage_head(stage, *, can_edit: bool, oob: bool = False, hidden=frozenset()) -> SafeString:
    """A stage's column head, built here rather than in a template (one per stage, in every grid)."""
    badges = render_badges(BadgeTarget.STAGE, stage, name=stage.name, can_edit=can_edit, hidden=hidden)
    edit = ""
    if can_edit:
        url = _urls()["stage_edit"].format(pk=stage.pk)
        edit = format_html(
            '<a class="button icon" href="{}" hx-get="{}" hx-target="#panel-body" '
            'aria-labelledby="label-edit-stage stage-{}-name" tabindex="-1">⋯</a>',
            url,
            url,
            stage.pk,
        )
    goal = ""
    if stage.customer_goal:
        goal = format_html(
            '<p class="stage-goal small"><span class="muted">{}:</span> {}</p>', _("Customer goal"), stage.customer_goal
        )
    questions = stage.guiding_question_list
    listed = ""
    if questions:
        count = len(questions)
        summary = ngettext("%(counter)s guiding question", "%(counter)s guiding questions", count) % {"counter": count}
        listed = format_html(
            '\n    <details class="small"><summary tabindex="-1">{}</summary><ul>{}</ul></details>\n    ',
            summary,
            format_html_join("", "<li>{}</li>", ((question,) for question in questions)),
        )
    return format_html(
        STAGE_HEAD,
        pk=stage.pk,
        oob=mark_safe(' hx-swap-oob="true"') if oob else "",
        name=stage.name,
        shown=_("Touchpoints shown"),
        count=len(stage.cards),
        edit=edit,
        goal=goal,
        questions=listed,
        badges=badges,
    )


def _row_html(row: Row, curve_lines: list) -> SafeString:
    """A row of the grid around its cells (`row.rendered`)."""
    sub = ""
    if row.sublabel:
        dot = format_html(' style="--dot: {}"', row.color) if row.color else ""
        sub = format_html('<span class="lane-sub"{}>{}</span>', dot, row.sublabel)
    legend = ""
    if row.kind == "curve" and len(curve_lines) > 1:
        items = format_html_join(
            "", '<li style="--dot: {}">{}</li>', ((line.color, line.label) for line in curve_lines)
        )
        legend = format_html('<ul class="curve-legend">{}</ul>', items)
    return format_html(
        '<div class="grid-row lane-{}" id="{}" role="row" data-lane="{}">\n'
        '  <div class="lane-label" role="rowheader"><span class="lane-name" id="{}-name">{}</span>{}{}</div>\n'
        "  {}\n</div>\n",
        row.kind,
        row.dom_id,
        row.lane.pk,
        row.dom_id,
        row.label,
        sub,
        legend,
        row.rendered,
    )


@functools.lru_cache(maxsize=8)
def _url_patterns(script_prefix: str) -> dict[str, str]:
    patterns = {
        "cell": url_pattern("boards:cell", "lane", "stage"),
        "add_card": pk_url_pattern("boards:touchpoint_create"),
        "stage_edit": pk_url_pattern("boards:stage_edit"),
        "persona": pk_url_pattern("personas:detail"),
        "dashboard": reverse("journeys:dashboard"),
        "move_card": reverse("boards:touchpoint_move", args=[0]),
    }
    for name, view in PAGE_URLS.items():
        patterns[name] = pk_url_pattern(view)
    return patterns


# The board page's links that take the map's id, by the name its template reads them under (`urls`).
PAGE_URLS = {
    "board": "boards:board",
    "parts": "boards:parts",
    "events": "boards:events",
    "presence": "boards:presence",
    "lanes": "boards:lanes",
    "edit": "journeys:journey_edit",
    "add_stage": "boards:stage_create",
}


def page_urls(journey: Journey, personas) -> dict[str, str]:
    """The board page's URLs (its personas' on each, as `detail_url`), from patterns reversed once."""
    patterns = _urls()
    urls = {name: patterns[name].format(pk=journey.pk) for name in PAGE_URLS}
    urls["dashboard"], urls["move_card"] = patterns["dashboard"], patterns["move_card"]
    for persona in personas:
        persona.detail_url = patterns["persona"].format(pk=persona.pk)
    return urls


def _urls() -> dict[str, str]:
    """The grid's URLs, reversed once (per script prefix, which `reverse` reads)."""
    return _url_patterns(get_script_prefix())


EMPTY = mark_safe('<span class="muted">—</span>')
ROLLUP_SHOWN = 6  # items a roll-up cell shows on the board; the rest open beside it


def _rollup_html(row: Row, stage, items: list, *, links: bool = True) -> SafeString:
    """A roll-up cell's list (`items`: the stage's cards with text in the lane's field), built here rather
    than in a template: the board's second hot loop. Without `links` (a guest's board), the rest is
    counted, not linked."""
    if not items:
        return EMPTY
    # Each item links to its card (the pain point, say, is named by its own text).
    name = row.lane.rollup_field
    shown = format_html_join(
        "",
        '<li><a href="#touchpoint-{0}">{1}</a></li>',
        ((card.pk, getattr(card, name)) for card in items[:ROLLUP_SHOWN]),
    )
    html = format_html("<ul>{}</ul>", shown)
    if len(items) > ROLLUP_SHOWN and not links:
        more = ngettext("%(count)d in all", "%(count)d in all", len(items)) % {"count": len(items)}
        html += format_html('<p class="small muted">{}</p>', more)
    elif len(items) > ROLLUP_SHOWN:
        url = _urls()["cell"].format(lane=row.lane.pk, stage=stage.pk)
        more = ngettext("Show all %(count)d", "Show all %(count)d", len(items)) % {"count": len(items)}
        html += format_html(
            '<a class="lane-link small" href="{}" hx-get="{}" hx-target="#panel-body">{}</a>', url, url, more
        )
    return html


def card_lists(board: Board, renderer: CardRenderer, stages) -> dict[str, SafeString]:
    """Every cards cell's cards, by cell id."""
    lists = {
        row.cell_id(stage.pk): row.cells.get(stage.pk) or []
        for row in board.grid.rows
        if row.kind == LaneKind.CARDS
        for stage in stages
    }
    return renderer.render_lists(lists)


def _cards_cell(row: Row, stage, *, cards: dict, can_edit: bool, oob: bool) -> SafeString:
    """A cell of the cards lane, built here rather than in a template: one per stage and row, around the
    cards' cached HTML."""
    group = ""
    if row.lane.split_by == CardSplit.CHANNEL:
        group = format_html(' data-channel="{}"', row.split_value)
    elif row.lane.split_by == CardSplit.PERSONA:
        group = format_html(' data-group="persona-{}"', row.split_value)
    label = _("%(lane)s in %(name)s") % {"lane": row.sublabel or row.label, "name": stage.name}
    add = ""
    if can_edit:
        url = _urls()["add_card"].format(pk=stage.pk)
        if row.lane.split_by == CardSplit.CHANNEL:
            url += f"?channel={row.split_value}"
        if row.sublabel:  # one of several rows: say which
            name = _("Add touchpoint to %(stage)s, %(row)s") % {"stage": stage.name, "row": row.sublabel}
            add = format_html(
                '<a class="add-card" href="{}" hx-get="{}" hx-target="#panel-body" aria-label="{}">+</a>',
                url,
                url,
                name,
            )
        else:
            add = format_html(
                '<a class="add-card" href="{}" hx-get="{}" hx-target="#panel-body" '
                'aria-labelledby="label-add-touchpoint stage-{}-name">+</a>',
                url,
                url,
                stage.pk,
            )
    html = cards[row.cell_id(stage.pk)]
    for pk in row.repeated.get(stage.pk, ()):
        html = html.replace(f'id="touchpoint-{pk}"', f'id="touchpoint-{pk}-{row.key}"', 1)
    return format_html(
        '<div class="cell cell-cards" id="{}" data-stage="{}" role="gridcell"{}>'
        '<ol class="cards" data-stage="{}"{} aria-label="{}">{}</ol>{}</div>',
        row.cell_id(stage.pk),
        stage.pk,
        mark_safe(' hx-swap-oob="true"') if oob else "",
        stage.pk,
        group,
        label,
        mark_safe(html),  # noqa: S308 - the cards' own HTML, ids renamed
        add,
    )


def _curve_svg(points: list, *, height: int, zero_y: float) -> SafeString:
    """A stage's points of the emotion curve, centred in its cell, with half-segments to the edges where
    they meet the neighbouring stages' ones: the line runs on across the columns whatever their widths."""
    if not points:
        return format_html('<span class="muted small">{}</span>', _("No touchpoints yet"))
    shapes = [format_html('<line class="zero" x1="0" x2="100%" y1="{}" y2="{}"/>', zero_y, zero_y)]
    for point in points:
        color = point.line.color
        if point.left is not None:
            shapes.append(
                format_html('<line x1="0" y1="{}" x2="50%" y2="{}" stroke="{}"/>', point.left, point.y, color)
            )
        if point.right is not None:
            shapes.append(
                format_html('<line x1="50%" y1="{}" x2="100%" y2="{}" stroke="{}"/>', point.y, point.right, color)
            )
        shapes.append(format_html('<circle cx="50%" cy="{}" r="5" fill="{}"/>', point.y, color))
        shapes.append(format_html('<text x="50%" dx="8" y="{}" dy="-6">{}</text>', point.y, point.label))
    label = "; ".join(f"{point.line.label}: {point.label}" for point in points)
    return format_html(
        '<svg class="curve" width="100%" height="{}" role="img" aria-label="{}">{}</svg>',
        height,
        label,
        mark_safe("".join(shapes)),  # noqa: S308 - each shape built by format_html
    )


def _text_cell(row: Row, stage, content, *, can_edit: bool) -> SafeString:
    html = content[0] if content else ""
    inner = format_html('<div class="cell-text">{}</div>', html or EMPTY)
    if can_edit:
        url = _urls()["cell"].format(lane=row.lane.pk, stage=stage.pk)
        label = _("Edit %(lane)s in %(name)s") % {"lane": row.label, "name": stage.name}
        inner += format_html(
            '<a class="edit-cell" href="{}" hx-get="{}" hx-target="#panel-body" aria-label="{}">✎</a>', url, url, label
        )
    return inner


def _cell(row: Row, stage, *, grid, cards: dict, can_edit: bool, oob: bool = False, links: bool = True) -> SafeString:
    """One cell of the grid, built here rather than in a template: the grid is the page's hot loop.
    Without `links` (a guest's board), none into the app's member-only pages."""
    if row.kind == LaneKind.CARDS:
        return _cards_cell(row, stage, cards=cards, can_edit=can_edit, oob=oob)
    content = row.cells.get(stage.pk)
    if row.kind == LaneKind.ROLLUP:
        inner = _rollup_html(row, stage, content or [], links=links)
    elif row.kind == LaneKind.TEXT:
        inner = _text_cell(row, stage, content, can_edit=can_edit)
    elif row.kind == LaneKind.CURVE:
        inner = _curve_svg(content or [], height=grid.curve_height, zero_y=grid.zero_y)
    else:  # a lane another app draws: its HTML
        inner = content or ""
    return format_html(
        '<div class="cell cell-{}" id="{}" data-stage="{}" role="gridcell"{}>{}</div>',
        row.kind,
        row.cell_id(stage.pk),
        stage.pk,
        mark_safe(' hx-swap-oob="true"') if oob else "",
        inner,
    )


def grid_context(board: Board, can_edit: bool, *, oob: bool = False, guest: GuestView | None = None) -> dict:
    """The grid's stage heads and rows, built here (`stage.head_html`, `row.html`): the page's own template
    puts them in place. `oob`: the grid is swapped in out of band, and its heads say so too. For a share
    link's `guest`: read only, what the link shows."""
    hidden, links = (guest.hidden, False) if guest is not None else (frozenset(), True)
    cards = card_lists(board, CardRenderer(can_edit, board.personas, guest), board.stages)
    for stage in board.stages:
        stage.head_html = _stage_head(stage, can_edit=can_edit, oob=oob, hidden=hidden)
    curve_lines = board.grid.curve_lines
    for row in board.grid.rows:
        cells = (
            _cell(row, stage, grid=board.grid, cards=cards, can_edit=can_edit, links=links) for stage in board.stages
        )
        row.rendered = mark_safe("".join(cells))  # noqa: S308 - each cell built by format_html
        row.html = _row_html(row, curve_lines)
    return {"grid": board.grid, "curve_lines": curve_lines}


def board_context(
    request,
    journey: Journey,
    can_edit: bool,
    filters: BoardFilters | None = None,
    *,
    oob: bool = False,
    guest: GuestView | None = None,
) -> dict:
    """What the board page shows; to a share link's `guest` (`can_edit` False), read only: no link into
    the app's member-only pages, only the other apps' styles and scripts of their page parts."""
    filters = filters if filters is not None else filters_of(request)
    board = board_for(journey, filters, guest=guest)
    page_parts = board_extensions.page_parts()
    if guest is not None:
        page_parts = {PageSlot.HEAD: page_parts[PageSlot.HEAD]}
    return {
        "journey": journey,
        "board": board,
        "can_edit": can_edit,
        "guest": guest,
        "page_parts": page_parts,
        "filter_query": filters.query_string,
        "urls": guest.urls if guest is not None else page_urls(journey, board.personas),
        "oob": oob,
        **grid_context(board, can_edit, oob=oob, guest=guest),
    }


def board_body_html(request, journey: Journey, can_edit: bool, *, oob: bool = False) -> str:
    """The whole grid; `oob` to swap it in out of band beside what a panel shows."""
    context = board_context(request, journey, can_edit, oob=oob)
    return render_to_string(f"{BOARD_TEMPLATE}#board-body", context, request)


def render_board_body(request, journey: Journey, can_edit: bool) -> HttpResponse:
    return trigger_client_event(HttpResponse(board_body_html(request, journey, can_edit)), BOARD_CHANGED)


@dataclass(frozen=True)
class BoardParts:
    html: str
    # The ids of the cards lanes' rows the map has now (None if no cards row was read): a page whose
    # rows differ (a channel's first or last card came or went) reads its whole grid again.
    card_rows: list[str] | None


def board_parts(
    request,
    journey: Journey,
    can_edit: bool,
    stage_ids: Iterable[int],
    lane_kinds=None,
    card_in_place=None,
    *,
    guest: GuestView | None = None,
) -> BoardParts:
    """The heads and every cell of these stages (or only those of the rows of `lane_kinds`), and the
    curve cells of their neighbours (whose half-segments meet theirs), fresh from the database, each
    marked to swap into its place by id. With `card_in_place` (a card edited where it stands: same
    stage, same row), that card alone stands for its cards cell. For a share link's `guest`, as its
    board shows them."""
    wanted = set(stage_ids)
    board = board_for(journey, filters_of(request), stage_ids=wanted, lane_kinds=lane_kinds, guest=guest)
    neighbours = with_neighbours(wanted, [stage.pk for stage in board.stages])
    shown = [stage for stage in board.stages if stage.pk in wanted]
    hidden, links = (guest.hidden, False) if guest is not None else (frozenset(), True)
    renderer = CardRenderer(can_edit, board.personas, guest)
    parts = [_stage_head(stage, can_edit=can_edit, oob=True, hidden=hidden) for stage in shown]
    alone = _card_alone(board, renderer, card_in_place) if card_in_place is not None else ""
    if alone:
        parts.append(alone)
    cards = card_lists(board, renderer, shown) if not alone else {}
    for row in board.grid.rows:
        if alone and row.kind == LaneKind.CARDS:
            continue
        for stage in board.stages:
            if stage.pk in wanted or (row.kind == LaneKind.CURVE and stage.pk in neighbours):
                parts.append(_cell(row, stage, grid=board.grid, cards=cards, can_edit=can_edit, oob=True, links=links))
    card_rows = None
    if lane_kinds is None or LaneKind.CARDS in lane_kinds:
        card_rows = [row.dom_id for row in board.grid.rows if row.kind == LaneKind.CARDS]
    return BoardParts("".join(parts), card_rows)


def _card_alone(board: Board, renderer: CardRenderer, card_id: int) -> str:
    """The card's own HTML, to swap in by its id; "" if the board does not show it (filtered out) or may
    show it more than once (split by persona)."""
    for row in board.grid.rows:
        if row.kind != LaneKind.CARDS or row.lane.split_by == CardSplit.PERSONA:
            continue
        for cards in row.cells.values():
            for card in cards:
                if card.pk == card_id:
                    return renderer.render([card])[card.pk].replace("<li ", '<li hx-swap-oob="true" ', 1)
    return ""


def render_board_parts(
    request, journey: Journey, can_edit: bool, stage_ids: Iterable[int], lane_kinds=None, card_in_place=None
) -> HttpResponse:
    parts = board_parts(request, journey, can_edit, stage_ids, lane_kinds, card_in_place)
    return trigger_client_event(HttpResponse(parts.html), BOARD_CHANGED, {"cardRows": parts.card_rows})
