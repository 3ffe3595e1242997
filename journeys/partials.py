"""Render the board's partials, for the page and for htmx responses.

Stage columns and cards are Jinja2 templates (templates/jinja2/journeys/), the
rest Django templates. What is the same for every card — translated labels, URL
patterns — is worked out once per render, so a 500-card board stays fast.
"""

from urllib.parse import urlsplit

from django.http import HttpResponse, QueryDict
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_htmx.http import trigger_client_event

from touchpoints.models import Emotion

from .models import Journey
from .selectors import BoardFilters, board_for, stages_with_cards
from .strategies.board import strategy_board_context

BOARD_TEMPLATE = "journeys/board.html"
BOARD_CHANGED = "board-changed"
_PK = 2147483647


def filters_of(request) -> BoardFilters:
    """Filters of the board the request came from: its own query, else the page's URL."""
    if request.GET:
        return BoardFilters.from_query(request.GET)
    current_url = request.headers.get("HX-Current-URL", "")
    return BoardFilters.from_query(QueryDict(urlsplit(current_url).query))


def _url_pattern(name: str) -> str:
    """`reverse()` once, then `.format(pk=...)` per object."""
    return reverse(name, args=[_PK]).replace(str(_PK), "{pk}")


def card_urls() -> dict:
    return {
        "move": _url_pattern("touchpoints:touchpoint_move"),
        "edit": _url_pattern("touchpoints:touchpoint_edit"),
        "delete": _url_pattern("touchpoints:touchpoint_delete"),
        "touchpoint_create": _url_pattern("touchpoints:touchpoint_create"),
        "stage_edit": _url_pattern("journeys:stage_edit"),
        "stage_move": _url_pattern("journeys:stage_move"),
        "stage_delete": _url_pattern("journeys:stage_delete"),
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
    }


def _jinja(template: str, context: dict, request) -> str:
    return engines["jinja2"].get_template(template).render(
        {**context, "urls": card_urls(), "labels": board_labels(), "strategies": strategy_board_context()}, request
    )


def stage_columns_html(request, stages, can_edit: bool, *, oob: bool = False) -> str:
    return mark_safe(_jinja("journeys/stage_columns.html", {"stages": stages, "can_edit": can_edit, "oob": oob}, request))


def card_html(request, touchpoint, can_edit: bool) -> str:
    return mark_safe(_jinja("journeys/card.html", {"touchpoint": touchpoint, "can_edit": can_edit}, request))


def board_context(request, journey: Journey, can_edit: bool, filters: BoardFilters | None = None) -> dict:
    filters = filters if filters is not None else filters_of(request)
    board = board_for(journey, filters)
    return {
        "journey": journey,
        "board": board,
        "can_edit": can_edit,
        "columns": stage_columns_html(request, board.stages, can_edit),
        "filter_query": filters.query_string,
    }


def render_board_body(request, journey: Journey, can_edit: bool) -> HttpResponse:
    html = render_to_string(f"{BOARD_TEMPLATE}#board-body", board_context(request, journey, can_edit), request)
    return trigger_client_event(HttpResponse(html), BOARD_CHANGED)


def render_stage_columns(request, journey: Journey, can_edit: bool, stage_ids, *, oob: bool = False) -> HttpResponse:
    """The given stage columns, fresh from the database; `oob` swaps each into its place by id."""
    stages = stages_with_cards(journey, filters_of(request), stage_ids=set(stage_ids))
    return trigger_client_event(HttpResponse(stage_columns_html(request, stages, can_edit, oob=oob)), BOARD_CHANGED)
