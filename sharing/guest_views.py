"""The pages a share link opens, for anyone who holds it: the map's board (live), its presentation mode,
its guide and its strategies, as the link chooses; read only, with nothing of the app's member-only
pages (no link into them, no member's name or address, no form but the password's).

They are the members' pages drawn by their own apps (boards, guide) for a guest: the same templates
and selectors, with the edit controls off and the share link's addresses. Every answer says
`X-Robots-Tag: noindex` (and the pages `<meta name="robots">`); a token that opens nothing, a page the
link does not show and a wrong password are the same 404 (sharing.access)."""

import functools
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_ratelimit.exceptions import Ratelimited

from boards.forms import StageIdsForm
from boards.partials import BOARD_TEMPLATE, board_context, board_parts
from boards.selectors import BoardFilters, GuestView
from boards.views import CARD_ROWS_HEADER
from core.errors import page_not_found
from core.security import rate_limited
from guide.pages import GuideUrls, guide_map_context, guide_stage_context, present_context
from journeys.models import Stage
from live.events import board_cursor
from touchpoints.models import Touchpoint

from .access import is_unlocked, open_share_link, unlock
from .forms import SharePasswordForm
from .models import ShareLink
from .selectors import map_active_strategies
from .services import share_link_used

ROBOTS_HEADER = "X-Robots-Tag"
PLACEHOLDER_PK = 2147483647  # (after the token: the last number of the address is the object's)
# What a guest's board leaves out whatever the link shows: the count of the members' comments (which
# guests cannot read) and "Review due" (the team's chores); and, unless the link shows the strategies,
# the Strategies lane and the cards' count of them (strategies/board.py).
HIDDEN_FROM_GUESTS = frozenset({"comment_count", "is_stale"})
STRATEGY_KEYS = frozenset({"strategies", "strategy_count"})
PART_NAMES = {"board": _("Board"), "present": _("Present"), "guide": _("Guide"), "strategies": _("Strategies")}


@dataclass(frozen=True)
class Visit:
    """A visitor on a link's pages: the link, and the token they came with, which the pages' addresses
    carry (only its hash is stored)."""

    link: ShareLink
    token: str

    @property
    def journey(self):
        return self.link.journey

    def url(self, name: str, *args) -> str:
        return reverse(f"sharing:{name}", args=[self.token, *args])

    def url_pattern(self, name: str) -> str:
        """The address of one of the link's objects, with `{pk}` where its id goes."""
        head, _placeholder, tail = self.url(name, PLACEHOLDER_PK).rpartition(str(PLACEHOLDER_PK))
        return head + "{pk}" + tail

    @property
    def presence_key(self) -> int:
        """Who the visitor is on the live board: the link's guests, as one (an id no user has)."""
        return -self.link.pk

    def board_view(self) -> GuestView:
        card = self.url_pattern("card")
        hidden = HIDDEN_FROM_GUESTS | (frozenset() if self.link.shows_strategies else STRATEGY_KEYS)
        urls = {"board": self.url("board"), "parts": self.url("parts"), "events": self.url("events"), "card": card}
        return GuestView(urls=urls, hidden=hidden)

    def guide_urls(self) -> GuideUrls:
        board = self.url("board") if self.link.shows_board else ""
        stage = self.url_pattern("guide_stage")
        return GuideUrls(board=board, guide=self.url("guide"), stage=stage)

    def nav(self, current: str) -> list[dict]:
        """The link's pages, for its pages' navigation (presentation mode comes with the board)."""
        items = []
        for part in self.link.parts:
            items.append({"name": PART_NAMES[part], "url": self.url(part), "current": part == current})
            if part == "board":
                items.append({"name": PART_NAMES["present"], "url": self.url("present"), "current": False})
        return items


def guest_page(part: str | None = None, *, when_locked: str = "form"):
    """A view of a link's pages, called as `view(request, visit, ...)` once the token opened a link that
    shows `part`, its password given. `when_locked`: what a visitor who has not given it gets: "form"
    (the password's), "404", or "view" (the view itself, which takes it)."""

    def decorate(view):
        @functools.wraps(view)
        def page(request, token, *args, **kwargs):
            try:
                visit = Visit(open_share_link(request, token), token)
                if not is_unlocked(request, visit.link) and when_locked != "view":
                    if when_locked != "form":
                        raise Http404
                    response: HttpResponse = _password_page(request, visit)
                elif part is not None and not visit.link.shows(part):
                    raise Http404
                else:
                    if when_locked == "form":  # a page someone opened, not a part of one
                        share_link_used(link=visit.link)
                    response = view(request, visit, *args, **kwargs)
            except Http404 as error:
                response = page_not_found(request, error)
            except Ratelimited as error:
                response = rate_limited(request, error)
            response[ROBOTS_HEADER] = "noindex"
            return response

        return page

    return decorate


def _password_page(request, visit: Visit, form=None) -> HttpResponse:
    form = form or SharePasswordForm(initial={"next": request.get_full_path()})
    context = {"guest": True, "journey": visit.journey, "form": form, "action": visit.url("unlock")}
    return render(request, "sharing/password.html", context)


def _context(visit: Visit, current: str) -> dict:
    return {"guest": True, "share_nav": visit.nav(current)}


@require_safe
@guest_page()
def home(request, visit: Visit):
    """The link's address: the first page it shows."""
    return redirect(visit.url(visit.link.parts[0]))


@require_POST
@guest_page(when_locked="view")
def password(request, visit: Visit):
    """The password form's answer: the page asked for, or the same 404 as any link that opens nothing."""
    form = SharePasswordForm(request.POST)
    if not form.is_valid():
        return _password_page(request, visit, form)
    unlock(request, visit.link, form.cleaned_data["password"])
    next_url = form.cleaned_data["next"]
    own = next_url.startswith(visit.url("home")) and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(next_url if own else visit.url("home"))


@require_safe
@vary_on_headers("HX-Request", "HX-Target")
@guest_page("board")
def board(request, visit: Visit):
    journey = visit.journey
    live_after = board_cursor(journey.pk)  # before the board is read, so its live stream misses nothing
    guest = visit.board_view()
    context = board_context(request, journey, False, BoardFilters.from_query(request.GET), guest=guest)
    context.update(_context(visit, "board"), guest=guest, live_after=live_after, live_user=visit.presence_key)
    template = "sharing/board.html"
    if request.htmx.target == "board-body":
        template = f"{BOARD_TEMPLATE}#board-body"
    elif request.htmx.target == "board-head":
        template = f"{BOARD_TEMPLATE}#board-head"
    return TemplateResponse(request, template, context)


@require_GET
@guest_page("board", when_locked="404")
def parts(request, visit: Visit):
    """Some stages' heads and cells, as the board's live updates read them (boards.views.board_parts)."""
    form = StageIdsForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    shown = board_parts(
        request, visit.journey, False, form.cleaned_data["stage"], form.lane_kinds(), guest=visit.board_view()
    )
    response = HttpResponse(shown.html)
    if shown.card_rows is not None:
        response[CARD_ROWS_HEADER] = ",".join(shown.card_rows)
    return response


@require_GET
@guest_page("board", when_locked="404")
def card(request, visit: Visit, pk: int):
    """A card of the map, read only, beside the board (or as a page without JavaScript)."""
    cards = Touchpoint.objects.select_related("stage", "channel").prefetch_related("personas")
    touchpoint = get_object_or_404(cards, pk=pk, stage__journey_id=visit.link.journey_id)
    context = {
        "journey": visit.journey,
        "touchpoint": touchpoint,
        "can_edit": False,
        "sections": [],
        **_context(visit, "board"),
        "guest": visit.board_view(),
    }
    template = "boards/card_panel.html" if request.htmx else "boards/touchpoint_page.html"
    return render(request, template, context)


@require_safe
@guest_page("board")
def present(request, visit: Visit):
    context = present_context(
        visit.journey,
        request.GET.get("stage", ""),
        board_url=visit.url("board"),
        strategies=visit.link.shows_strategies,
    )
    return render(request, "guide/present.html", {**context, **_context(visit, "board")})


@require_safe
@guest_page("guide")
def guide(request, visit: Visit):
    context = guide_map_context(
        visit.journey, reads={}, urls=visit.guide_urls(), strategies=visit.link.shows_strategies
    )
    return render(request, "sharing/guide.html", {**context, **_context(visit, "guide")})


@require_safe
@guest_page("guide")
def guide_stage(request, visit: Visit, pk: int):
    stage = get_object_or_404(Stage.objects.select_related("journey"), pk=pk, journey_id=visit.link.journey_id)
    context = guide_stage_context(stage, reads={}, urls=visit.guide_urls(), strategies=visit.link.shows_strategies)
    return render(request, "sharing/guide_stage.html", {**context, **_context(visit, "guide")})


@require_safe
@guest_page("strategies")
def strategies(request, visit: Visit):
    whole_map, stages = map_active_strategies(visit.journey)
    context = {"journey": visit.journey, "map_strategies": whole_map, "stages": stages, **_context(visit, "strategies")}
    return render(request, "sharing/strategies.html", context)
