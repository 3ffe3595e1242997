"""The `lanes` section of a JSON export (format version 2): the map's rows, checked with the rest of
the file and written through the lane services.

The map gets exactly the file's lanes, in its order, each text lane with its text per stage. A file
without the section (every version 1 file) gives the map the lanes of its template, as a new map
gets them. The rules are those of the board: one touchpoints lane and one emotion curve, each card
field gathered once, each app's lane once, a name for every text lane, at most MAX_LANES_PER_MAP.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boards.extensions import board_extensions
from journeys.models import CardSplit, Lane, LaneCell, LaneKind, RollupField
from journeys.services import MAX_LANES_PER_MAP, lane_cells_create, lane_create, lane_update
from journeys.stage_templates import TEMPLATES_BY_KEY, TemplateLane

from .common import Problems, check_model_fields, text_value

FIELDS = ("title", "rollup_field", "split_by", "source")


def _choices(values) -> str:
    return ", ".join(f"“{value}”" for value in values)


def _cell(problems: Problems, where: str, data, *, stage_count: int, seen: set) -> dict | None:
    """One text of a text lane: the index of its stage in the file's `stages`, and its Markdown."""
    if not isinstance(data, dict):
        problems.add(where, "", _("Expected an object."))
        return None
    stage = data.get("stage")
    if not stage_count:
        problems.add(where, "stage", _("The file has no stages for this text to go in."))
        stage = None
    elif isinstance(stage, bool) or not isinstance(stage, int) or not 0 <= stage < stage_count:
        problems.add(
            where,
            "stage",
            _("Enter the index of a stage in “stages” (0 to %(last)d).") % {"last": stage_count - 1},
        )
        stage = None
    elif stage in seen:
        problems.add(where, "stage", _("This lane already has a text for this stage."))
    seen.add(stage)
    body = text_value(problems, where, "body", data.get("body")).replace("\r\n", "\n").strip()
    try:
        MaxLengthValidator(LaneCell._meta.get_field("body").max_length)(body)
    except ValidationError as error:
        problems.add(where, "body", error.messages[0])
    return {"stage": stage, "body": body}


def _lane(problems: Problems, where: str, data, *, stage_count: int, sources: set[str], taken: set) -> dict | None:
    if not isinstance(data, dict):
        problems.add(where, "", _("Expected an object."))
        return None
    lane = {name: text_value(problems, where, name, data.get(name)).strip() for name in FIELDS}
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in LaneKind.values:
        problems.add(
            where,
            "kind",
            _("Unknown kind of lane; expected one of %(kinds)s.") % {"kinds": _choices(LaneKind.values)},
        )
        kind = None
    lane["kind"] = kind
    check_model_fields(problems, where, Lane, {"title": lane["title"], "source": lane["source"]})
    if kind == LaneKind.TEXT and not lane["title"]:
        problems.add(where, "title", _("Give the lane a name."))

    if kind == LaneKind.ROLLUP and not lane["rollup_field"]:
        problems.add(where, "rollup_field", _("Choose the card field a roll-up lane gathers."))
    elif kind == LaneKind.ROLLUP and lane["rollup_field"] not in RollupField.values:
        problems.add(
            where,
            "rollup_field",
            _("Unknown card field; expected one of %(fields)s.") % {"fields": _choices(RollupField.values)},
        )
    elif kind is not None and kind != LaneKind.ROLLUP and lane["rollup_field"]:
        problems.add(where, "rollup_field", _("Only roll-up lanes gather a card field."))

    if kind == LaneKind.CARDS and lane["split_by"] not in CardSplit.values:
        choices = _choices(value for value in CardSplit.values if value)
        problems.add(
            where, "split_by", _("Split the cards by one of %(choices)s, or leave it empty.") % {"choices": choices}
        )
    elif kind is not None and kind != LaneKind.CARDS and lane["split_by"]:
        problems.add(where, "split_by", _("Only the touchpoints lane splits into rows."))

    if kind == LaneKind.APP and not lane["source"]:
        problems.add(where, "source", _("Choose which app's lane to show."))
    elif kind == LaneKind.APP and lane["source"] not in sources:
        problems.add(
            where,
            "source",
            _("No part of this app offers a lane called “%(source)s”; expected one of %(sources)s.")
            % {"source": lane["source"], "sources": _choices(sorted(sources))},
        )
    elif kind is not None and kind != LaneKind.APP and lane["source"]:
        problems.add(where, "source", _("Only app lanes have a source."))

    # What a map shows once: its touchpoints, its curve, each card field, each app's lane.
    once = {
        LaneKind.CARDS: ("kind", kind, _("A map has one touchpoints lane; the file has another one before this.")),
        LaneKind.CURVE: ("kind", kind, _("A map has one emotion curve; the file has another one before this.")),
        LaneKind.ROLLUP: (
            "rollup_field",
            lane["rollup_field"],
            _("Another lane of the file already gathers this card field; a map gathers each field once."),
        ),
        LaneKind.APP: (
            "source",
            lane["source"],
            _("Another lane of the file already shows this; a map shows each app's lane once."),
        ),
    }
    if kind in once:
        field, value, message = once[kind]
        if (kind, value) in taken:
            problems.add(where, field, message)
        taken.add((kind, value))

    hidden = data.get("hidden", False)
    if not isinstance(hidden, bool):
        problems.add(where, "hidden", _("Must be true or false."))
        hidden = False
    lane["hidden"] = hidden

    cells = data.get("cells")
    if cells is None:
        cells = []
    elif not isinstance(cells, list):
        problems.add(where, "cells", _("Expected a list."))
        cells = []
    elif cells and kind is not None and kind != LaneKind.TEXT:
        problems.add(where, "cells", _("Only text lanes have a text per stage."))
        cells = []
    seen: set = set()
    checked = [
        _cell(problems, f"{where}.cells[{index}]", cell, stage_count=stage_count, seen=seen)
        for index, cell in enumerate(cells)
    ]
    lane["cells"] = [cell for cell in checked if cell and cell["body"]]
    return lane


def validate(problems: Problems, data: dict, *, stage_count: int) -> list[dict] | None:
    """The file's lanes, checked; None when the file has no `lanes` (its map gets its template's)."""
    section = data.get("lanes")
    if section is None:
        return None
    if not isinstance(section, list):
        problems.add("", "lanes", _("Expected a list."))
        return []
    if len(section) > MAX_LANES_PER_MAP:
        message = ngettext(
            "A map has at most %(max)d lane; this file has %(count)d.",
            "A map has at most %(max)d lanes; this file has %(count)d.",
            MAX_LANES_PER_MAP,
        )
        problems.add("", "lanes", message % {"max": MAX_LANES_PER_MAP, "count": len(section)})
    sources = {lane.key for lane in board_extensions.lanes()}
    taken: set = set()
    lanes = [
        _lane(problems, f"lanes[{index}]", lane, stage_count=stage_count, sources=sources, taken=taken)
        for index, lane in enumerate(section)
    ]
    return [lane for lane in lanes if lane is not None]


def template_lanes(template: str) -> tuple[TemplateLane, ...]:
    """The lanes of a map whose file has none: those of the template it started from (a blank map's
    for a template this app does not know)."""
    return TEMPLATES_BY_KEY.get(template, TEMPLATES_BY_KEY["blank"]).lanes


def write(lanes: list[dict], *, journey, stages: list, actor) -> None:
    """Create the lanes on the new map (which has none yet), in order, with their texts; `stages`
    are the new stages in the file's order."""
    for data in lanes:
        lane = lane_create(journey=journey, kind=data["kind"], **{name: data[name] for name in FIELDS})
        if data["hidden"]:
            lane = lane_update(lane=lane, hidden=True)
        if data["cells"]:
            texts = {stages[cell["stage"]]: cell["body"] for cell in data["cells"]}
            lane_cells_create(lane=lane, texts=texts, actor=actor)
