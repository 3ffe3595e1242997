"""Render the board's partials, for the page and for htmx responses.

Stage columns and cards are Jinja2 templates (templates/jinja2/boards/), the
rest Django templates. What is the same for every card — translated labels, URL
patterns, the badges other apps register — is worked out once per render, so a
500-card board stays fast.
"""

import dataclasses
import functools
import threading
from collections import OrderedDict
from urllib.parse import urlsplit

from django.http import HttpResponse, QueryDict
from django.template import engines
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django_htmx.http import trigger_client_event
from markupsafe import Markup

from core.url_patterns import pk_url_pattern
from journeys.models import Journey
from touchpoints.models import Emotion

from .extensions import BadgeTarget, board_extensions, render_badges
from .selectors import BoardFilters, Card, board_for, stages_with_cards

BOARD_TEMPLATE = "boards/board.html"
BOARD_CHANGED = "board-changed"


def filters_of(request) -> BoardFilters:
    """Filters of the board the request came from: its own query, else the page's URL."""
    if request.GET:
        return BoardFilters.from_query(request.GET)
    current_url = request.headers.get("HX-Current-URL", "")
    return BoardFilters.from_query(QueryDict(urlsplit(current_url).query))


def card_urls() -> dict:
    return {
        "move": pk_url_pattern("boards:touchpoint_move"),
        "edit": pk_url_pattern("boards:touchpoint_edit"),
        "delete": pk_url_pattern("boards:touchpoint_delete"),
        "touchpoint_create": pk_url_pattern("boards:touchpoint_create"),
        "stage_edit": pk_url_pattern("boards:stage_edit"),
        "stage_move": pk_url_pattern("boards:stage_move"),
        "stage_delete": pk_url_pattern("boards:stage_delete"),
    }


def board_labels() -> dict:
    return {
        "drag": _("Drag to move"),
        "does": _("Does"),
        "thinks": _("Thinks"),
        "feels": _("Feels"),
        "owner": _("Owner"),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "confirm_delete": _("Delete this touchpoint?"),
        "confirm_delete_stage": _("Delete this stage and all its touchpoints?"),
        "cards_shown": _("Touchpoints shown"),
        "customer_goal": _("Customer goal"),
        "touchpoints": _("Touchpoints"),
        "add_touchpoint": _("Add touchpoint"),
        "pain_points": _("Pain points"),
        "opportunities": _("Opportunities"),
        "emotions": {value: str(label) for value, label in Emotion.choices},
        "guiding_questions": lambda count: (
            ngettext("%(count)d guiding question", "%(count)d guiding questions", count) % {"count": count}
        ),
    }


@functools.lru_cache(maxsize=512)
def _avatar(name: str, color: str, initials: str) -> str:
    return format_html(
        '<span class="avatar small" style="background: {}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        color,
        name,
        initials,
        name,
    )


def persona_avatar(persona) -> str:
    """The small avatar on a card; the same few personas recur on every card."""
    return _avatar(persona.name, persona.color, persona.initials)


class CardFragments:
    """Rendered cards, keyed by everything a card shows (its `Card` fields, the persona
    avatars, edit rights, language and URL prefix): a changed card has a new key, so
    an entry can never be stale. Boards are re-read far more often than they change,
    and live updates (issue 4) re-render them on every change."""

    def __init__(self, max_entries: int = 20_000):
        self.max_entries = max_entries
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @staticmethod
    def key(card: Card, scope: tuple) -> tuple:
        """Every field of the card (badges and persona marks included), so nothing it shows can be left out."""
        return (scope, *(_frozen(getattr(card, name)) for name in _field_names(type(card))))

    def render(self, cards: list[Card], scope: tuple, render_one) -> list[str]:
        keys = [self.key(card, scope) for card in cards]
        with self._lock:
            found = [self._entries.get(key) for key in keys]
            for key, html in zip(keys, found, strict=True):
                if html is not None:
                    self._entries.move_to_end(key)
        missing = [index for index, html in enumerate(found) if html is None]
        self.hits += len(cards) - len(missing)
        self.misses += len(missing)
        for index in missing:
            found[index] = render_one(cards[index])
        if missing:
            with self._lock:
                for index in missing:
                    self._entries[keys[index]] = found[index]
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


card_fragments = CardFragments()


@functools.cache
def _field_names(card_class: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(card_class))


def _frozen(value):
    """A hashable stand-in for a card field's value."""
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, set | frozenset):
        return tuple(sorted(value))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def lane_cells(journey: Journey, stages) -> list[dict]:
    """The registered lanes with their cells for these stages: `[{key, label, cells: {stage id: HTML}}]`."""
    return [
        {"key": lane.key, "label": lane.label(), "cells": lane.cells(journey, stages)}
        for lane in board_extensions.lanes()
    ]


def _jinja(template: str, context: dict, request) -> str:
    env = engines["jinja2"]
    context = {
        **context,
        "urls": card_urls(),
        "labels": board_labels(),
        "persona_avatar": persona_avatar,
    }
    card_template = env.get_template("boards/card.html")
    can_edit = context.get("can_edit", False)
    scope = (get_language(), can_edit, get_script_prefix())
    context["card_badges"] = lambda card: render_badges(BadgeTarget.CARD, card, name=card.title, can_edit=can_edit)
    context["stage_badges"] = lambda stage: render_badges(BadgeTarget.STAGE, stage, name=stage.name, can_edit=can_edit)

    def render_one(card: Card) -> Markup:
        return Markup(card_template.render({**context, "touchpoint": card}, request))  # noqa: S704 - autoescaped Jinja output

    context["render_cards"] = lambda cards: card_fragments.render(cards, scope, render_one)
    return env.get_template(template).render(context, request)


def stage_columns_html(request, journey: Journey, stages, can_edit: bool, *, oob: bool = False) -> str:
    context = {"stages": stages, "can_edit": can_edit, "oob": oob, "lanes": lane_cells(journey, stages)}
    html = _jinja("boards/stage_columns.html", context, request)
    return mark_safe(html)  # noqa: S308 - autoescaped Jinja output


def card_html(request, touchpoint, can_edit: bool) -> str:
    card = Card.from_touchpoint(touchpoint)
    return mark_safe(_jinja("boards/card.html", {"touchpoint": card, "can_edit": can_edit}, request))  # noqa: S308 - autoescaped Jinja output


def board_context(request, journey: Journey, can_edit: bool, filters: BoardFilters | None = None) -> dict:
    filters = filters if filters is not None else filters_of(request)
    board = board_for(journey, filters)
    return {
        "journey": journey,
        "board": board,
        "can_edit": can_edit,
        "columns": stage_columns_html(request, journey, board.stages, can_edit),
        "page_parts": board_extensions.page_parts(),
        "filter_query": filters.query_string,
    }


def render_board_body(request, journey: Journey, can_edit: bool) -> HttpResponse:
    html = render_to_string(f"{BOARD_TEMPLATE}#board-body", board_context(request, journey, can_edit), request)
    return trigger_client_event(HttpResponse(html), BOARD_CHANGED)


def render_stage_columns(request, journey: Journey, can_edit: bool, stage_ids, *, oob: bool = False) -> HttpResponse:
    """The given stage columns, fresh from the database; `oob` swaps each into its place by id."""
    stages = stages_with_cards(journey, filters_of(request), stage_ids=set(stage_ids))
    return trigger_client_event(
        HttpResponse(stage_columns_html(request, journey, stages, can_edit, oob=oob)), BOARD_CHANGED
    )
