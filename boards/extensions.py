"""The board's extension point: what the apps above the board add to it, registered in their
`AppConfig.ready()`. The board imports none of them.

    from boards.extensions import Badge, BadgeTarget, board_extensions

    board_extensions.add_badge(
        Badge(
            key="comment_count",
            target=BadgeTarget.CARD,
            value=lambda journey: touchpoint_comment_count(),
            template="comments/_card_badge.html",
            urls={"thread": "comments:touchpoint_thread"},
            order=20,
        )
    )

- A **badge** is a value shown on every card, stage column or strategy row of a board: read as an
  annotation of the board's own query (`value(journey)` returns an expression over the target's
  queryset, `OuterRef("pk")` being the card, stage or strategy), then drawn by its template.
  The template is rendered once per render with the placeholders `__PK__`, `__VALUE__` and
  `__NAME__` (`pk`, `value` and `name` in its context; `urls` holds the badge's URL patterns with
  `__PK__` in them) and filled in per object, so 500 cards cost 500 string replacements. A badge
  whose template shows different markup for different values (`{% if value %}`) sets
  `varies_with_value`; it is then rendered once per distinct value. A card badge's template may
  define two partials, `mark` (what the card shows, without a name of its own) and `label` (what it
  says, as text): the card names its whole line of marks once, with every label
  (`render_card_marks`). A card badge whose value only its app's services change can be `kept`: its
  value is stored per card (boards.models.CardBadges), refreshed by
  `boards.services.card_badges_refresh`, which those services call for the cards they change, and
  read with the card instead of a subquery per card.
- A **lane** is a row a map can show, with a cell per stage: `cells(journey, stages)` returns the
  HTML of each stage's cell, in a fixed number of queries whatever the size of the map (none when
  it draws from `annotations(journey)`, expressions read with the stages themselves). A map shows
  it once someone adds it to the map's lanes (or the map's template has it). `guest_cells`, with the
  same arguments, draws them for a share link's guest, without links into the app's member-only
  pages; a lane without it is not shown to guests.
- A **card section** is a part of a card's side panel, loaded from its app's own URL (the card's id
  as `pk`) once the panel shows it.
- A **page part** is a template included in one slot of the board page: "head" (styles and
  scripts), "actions" (links beside the map's title), "menus" (menus below them) or "tools" (ways
  to view the map, beside "Compact" and "Keyboard").

Everything a card shows, badges included, is part of its cache key (boards.partials), so a new
badge needs no other change to the board.
"""

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as django_apps
from django.db import models
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.precompiled import forget, precompiled
from core.url_patterns import pk_url_pattern


class BadgeTarget(models.TextChoices):
    CARD = "card", "card"
    STAGE = "stage", "stage"
    STRATEGY = "strategy", "strategy"


# The querysets the board annotates with the badges of a target: those of the cards and of the stages.
TARGET_MODELS = {BadgeTarget.CARD: "touchpoints.Touchpoint", BadgeTarget.STAGE: "journeys.Stage"}


class PageSlot(models.TextChoices):
    HEAD = "head", "head"
    ACTIONS = "actions", "actions"
    MENUS = "menus", "menus"
    TOOLS = "tools", "tools"


@dataclass(frozen=True)
class Badge:
    key: str
    target: BadgeTarget
    value: Callable[[Any], Any]  # value(journey) -> an expression for the target's queryset
    template: str
    urls: Mapping[str, str] = field(default_factory=dict)  # name in the template -> URL name taking the pk
    context: Mapping[str, Any] = field(default_factory=dict)  # more for the template, the same for every object
    order: int = 100
    varies_with_value: bool = False
    # value_of(obj): the value for one object read without the annotation (one query); None: the value is None.
    value_of: Callable[[Any], Any] | None = None
    # Whether `value` depends on the map (a review interval...): if not, the expression is built once.
    per_map: bool = False
    # A card badge whose value changes only through its app's services can be kept: its value is stored
    # per card (boards.models.CardBadges) by `boards.services.card_badges_refresh`, which those services
    # call for the cards they change, and the board reads it with the card instead of annotating it.
    # Its value must be JSON (a number, text, a boolean or None); None is what a card without a stored
    # value shows, so it must draw the same as the badge's value for a card with nothing attached.
    kept: bool = False


@dataclass(frozen=True)
class Lane:
    key: str
    label: Callable[[], str]  # called at render time, in the request's language
    cells: Callable[[Any, list], Mapping[int, str]]  # cells(journey, stages) -> {stage id: safe HTML}
    order: int = 100
    # The cells as a share link's guest sees them: no link into the app's member-only pages. None: the
    # lane is not shown to guests.
    guest_cells: Callable[[Any, list], Mapping[int, str]] | None = None
    # annotations(journey) -> {name: expression}: read with the stages, for `cells` to use; built once
    # unless they depend on the map (`per_map`).
    annotations: Callable[[Any], Mapping[str, Any]] | None = None
    per_map: bool = False


@dataclass(frozen=True)
class CardSection:
    key: str
    label: Callable[[], str]
    url_name: str  # takes the card's id
    order: int = 100


@dataclass(frozen=True)
class PagePart:
    slot: PageSlot
    template: str
    order: int = 100


class BoardExtensions:
    def __init__(self) -> None:
        self._badges: dict[tuple[str, str], Badge] = {}
        self._lanes: dict[str, Lane] = {}
        self._parts: list[PagePart] = []
        self._sections: dict[str, CardSection] = {}
        # Expressions that are the same for every map, built once (building them costs more than using them).
        self._expressions: dict[tuple, Any] = {}

    # -- registering -------------------------------------------------------------------------------------------

    def add_badge(self, badge: Badge) -> None:
        """Register (or replace) a badge. Its key is the attribute its value is read into: unique per target."""
        if badge.kept and badge.target != BadgeTarget.CARD:
            raise ValueError(f"Only card badges can be kept ({badge.key} is a {badge.target} badge).")
        self._badges[(badge.target, badge.key)] = badge
        self._forget()
        _badge_html.cache_clear()

    def add_lane(self, lane: Lane) -> None:
        self._lanes[lane.key] = lane
        self._forget()

    def add_card_section(self, section: CardSection) -> None:
        self._sections[section.key] = section

    def add_page_part(self, part: PagePart) -> None:
        if part not in self._parts:
            self._parts.append(part)

    def remove(self, key: str) -> None:
        """Take the badges and the lane of this key away again (tests register their own)."""
        for target in BadgeTarget.values:
            self._badges.pop((target, key), None)
        self._lanes.pop(key, None)
        self._sections.pop(key, None)
        self._forget()
        _badge_html.cache_clear()

    def _forget(self) -> None:
        self._expressions.clear()
        forget("board:")

    # -- reading -----------------------------------------------------------------------------------------------

    def badges(self, target: BadgeTarget) -> list[Badge]:
        return sorted((b for b in self._badges.values() if b.target == target), key=lambda b: (b.order, b.key))

    def annotations(
        self, target: BadgeTarget, journey, *, kept: bool = False, lanes: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """The expressions that read every badge of `target` in the target's own query (and, for stages,
        what the registered lanes read with them, or those of the lanes keyed in `lanes`); the kept
        badges' are left out (the board reads their stored values), or, with `kept`, are the only ones
        (what `card_badges_refresh` stores).

        For cards and stages, the expressions that are the same for every map come compiled to SQL
        (core.precompiled), for a queryset of the cards or stages themselves: Django would resolve and
        compile them again on every read, which costs more than running them."""
        annotations = {
            badge.key: self._expression(target, ("badge", target, badge.key), badge.per_map, badge.value, journey)
            for badge in self.badges(target)
            if badge.kept == kept
        }
        if kept or target != BadgeTarget.STAGE:
            return annotations
        for lane in self.lanes():
            if lane.annotations is None or (lanes is not None and lane.key not in lanes):
                continue
            if lane.per_map:
                annotations.update(lane.annotations(journey))
                continue
            key = ("lane", lane.key)
            if key not in self._expressions:
                self._expressions[key] = dict(lane.annotations(journey))
            for name, expression in self._expressions[key].items():
                annotations[name] = self._compiled(target, (*key, name), expression)
        return annotations

    def _expression(self, target: BadgeTarget, key: tuple, per_map: bool, build: Callable[[Any], Any], journey) -> Any:
        if per_map:
            return build(journey)
        if key not in self._expressions:
            self._expressions[key] = build(journey)
        return self._compiled(target, key, self._expressions[key])

    @staticmethod
    def _compiled(target: BadgeTarget, key: tuple, expression) -> Any:
        if target not in TARGET_MODELS:
            return expression
        model = django_apps.get_model(TARGET_MODELS[target])
        return precompiled(model, "board:" + ":".join(map(str, key)), lambda: expression)

    def lanes(self) -> list[Lane]:
        return sorted(self._lanes.values(), key=lambda lane: (lane.order, lane.key))

    def lane_name(self, lane) -> str:
        """What a map's lane is called: its own title, else what it shows in the reader's language
        (for an app's lane, the label its app registered)."""
        if lane.title:
            return lane.title
        extension = self._lanes.get(lane.source) if lane.source else None
        return str(extension.label()) if extension is not None else lane.default_title

    def card_sections(self) -> list[CardSection]:
        return sorted(self._sections.values(), key=lambda section: (section.order, section.key))

    def page_parts(self) -> dict[str, list[str]]:
        """Templates to include, by slot."""
        parts: dict[str, list[str]] = {slot: [] for slot in PageSlot.values}
        for part in sorted(self._parts, key=lambda p: (p.order, p.template)):
            parts[part.slot].append(part.template)
        return parts


board_extensions = BoardExtensions()


def _values_of(obj, badges: list[Badge]) -> list:
    values = getattr(obj, "badges", None)  # a board Card's: its badges' values, kept ones included
    out = []
    for badge in badges:
        if isinstance(values, dict) and badge.key in values:
            out.append(values[badge.key])
        elif hasattr(obj, badge.key):
            out.append(getattr(obj, badge.key))
        else:
            out.append(badge.value_of(obj) if badge.value_of is not None else None)
    return out


@dataclass(frozen=True)
class CardMarks:
    """A card's badges. `marks` and `labels` come from badge templates split into the partials `mark`
    (what the card shows) and `label` (what it says: text, escaped): the card gathers the labels into
    the one name of its line of marks, so 500 cards do not each carry five. A template without them is
    drawn whole in `whole`, naming itself."""

    marks: SafeString
    labels: list[SafeString]
    whole: SafeString


def render_badges(target: BadgeTarget, obj, *, name: str, can_edit: bool, hidden=frozenset()) -> SafeString:
    """Every badge of `target` for one stage or strategy (its values annotated or in `obj.badges`), but
    those keyed in `hidden`. A card's are `render_card_marks`."""
    return mark_safe("".join(html for html, _label in _badges_of(target, obj, name, can_edit, hidden)))  # noqa: S308


def render_card_marks(card, *, name: str, can_edit: bool, hidden=frozenset()) -> CardMarks:
    marks, labels, whole = [], [], []
    for html, label in _badges_of(BadgeTarget.CARD, card, name, can_edit, hidden):
        if label is None:
            whole.append(html)
        else:
            marks.append(html)
            if label:
                labels.append(mark_safe(label))  # noqa: S308 - rendered by an autoescaping template
    return CardMarks(mark_safe("".join(marks)), labels, mark_safe("".join(whole)))  # noqa: S308 - likewise


def _badges_of(target: BadgeTarget, obj, name: str, can_edit: bool, hidden) -> list[tuple[str, str | None]]:
    badges = [badge for badge in board_extensions.badges(target) if badge.key not in hidden]
    scope = (get_language(), get_script_prefix(), can_edit)
    pk = str(obj.pk)
    escaped_name = str(escape(name))

    def fill(html: str, badge: Badge, value) -> str:
        html = html.replace("__PK__", pk)
        # A template rendered with its value has no placeholder for it: text that reads "__VALUE__"
        # (a metric's name, say) is the user's, and stays as it is.
        if not badge.varies_with_value:
            html = html.replace("__VALUE__", "" if value is None else str(escape(value)))
        # The name goes in last and escaped, so it cannot bring a placeholder of its own.
        return html.replace("__NAME__", escaped_name)

    out = []
    for badge, value in zip(badges, _values_of(obj, badges), strict=True):
        html, label = _badge_html(badge.target, badge.key, scope, value if badge.varies_with_value else None)
        out.append((fill(html, badge, value), None if label is None else fill(label, badge, value)))
    return out


@functools.lru_cache(maxsize=256)
def _badge_html(target: str, key: str, scope: tuple, value) -> tuple[str, str | None]:
    """A badge's template with placeholders, rendered once per language, URL prefix, edit right (and
    value): its `mark` and `label` partials when it has them (label stripped), else (all of it, None)."""
    badge = board_extensions._badges[(target, key)]
    _language, _prefix, can_edit = scope
    urls = {name: pk_url_pattern(url_name).format(pk="__PK__") for name, url_name in badge.urls.items()}
    context = {
        **badge.context,
        "pk": "__PK__",
        "value": value if badge.varies_with_value else "__VALUE__",
        "name": "__NAME__",
        "can_edit": can_edit,
        "urls": urls,
    }
    if target == BadgeTarget.CARD and _has_partials(badge.template):
        mark = render_to_string(f"{badge.template}#mark", context)
        return mark, render_to_string(f"{badge.template}#label", context).strip()
    return render_to_string(badge.template, context), None


def _has_partials(template_name: str) -> bool:
    try:
        get_template(f"{template_name}#label")
    except TemplateDoesNotExist:
        return False
    return True
