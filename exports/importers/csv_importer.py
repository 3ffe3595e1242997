"""Import a CSV of touchpoints into an existing map, one row per touchpoint.

The columns are those of the CSV export (exports/formats/rows.py); `stage`,
`title` and `channel` are required, the others optional. Rows are appended at
the end of their stage in file order (`position`, and the summary columns the
export adds after the others, are ignored). A row's stage must exist on the map;
its channel must be one of the workspace's (a typo is an error naming the known
channels), unless the import was asked to create missing channels; its personas (separated by
";") must be featured on the map; its owner must be a member of the workspace.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from channels.models import Channel
from channels.services import channel_create
from journeys.models import Journey
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoints_bulk_create

from ..formats.csv_format import undefuse
from ..formats.rows import COLUMNS, SUMMARY_COLUMNS
from .common import MAX_TOUCHPOINTS, ImportInvalid, Problems, check_model_fields, decode_text, emotion_value

REQUIRED_COLUMNS = ("stage", "title", "channel")
TEXT_COLUMNS = ("title", "does", "thinks", "feels", "pain_points", "opportunities")


@dataclass
class CsvPlan:
    rows: list[dict]  # {"stage": Stage, "channel": name, "personas": [Persona], "owner": User|None, fields...}
    new_channels: list[str]


# How many of the workspace's channels an error about an unknown one names.
KNOWN_CHANNELS_NAMED = 20


def validate(
    raw: bytes, *, journey: Journey, create_channels: bool = False, progress: Callable[[int], None] | None = None
) -> CsvPlan:
    problems = Problems()
    text = decode_text(raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise ImportInvalid([{"row": 1, "field": "file", "message": _("The file is empty.")}]) from None
    except csv.Error as error:
        raise ImportInvalid([{"row": 1, "field": "file", "message": str(error)}]) from None
    known = len(COLUMNS) + len(SUMMARY_COLUMNS)
    if len(header) > known:
        raise ImportInvalid(
            [{"row": 1, "field": "file", "message": _("The file has more than %(max)d columns.") % {"max": known}}]
        )
    for name in header:
        if name not in COLUMNS and name not in SUMMARY_COLUMNS:  # (the export's summary: skipped)
            problems.add(
                1,
                name,
                _("Unknown column “%(name)s”. Known columns: %(known)s.") % {"name": name, "known": ", ".join(COLUMNS)},
            )
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.add(1, name, _("The column “%(name)s” is missing.") % {"name": name})
    if len(set(header)) != len(header):
        problems.add(1, "", _("A column appears twice."))
    if problems:
        raise ImportInvalid(problems)

    stages = {}
    for stage in journey.stages.order_by("position", "id"):
        stages.setdefault(stage.name, stage)
    featured = {}
    for persona in journey.personas.order_by("id"):
        featured.setdefault(persona.name, persona)
    channels = set(Channel.objects.filter(workspace_id=journey.workspace_id).values_list("name", flat=True))
    User = get_user_model()
    members = {
        user.get_username(): user for user in User.objects.filter(memberships__workspace_id=journey.workspace_id)
    }

    rows = []
    new_channels: dict[str, None] = {}
    try:
        for line, values in enumerate(reader, start=2):
            if line > MAX_TOUCHPOINTS + 1:  # every line counts, blank or bad, so a file's cost is bounded
                problems.add(line, "", _("At most %(max)d lines can be imported at once.") % {"max": MAX_TOUCHPOINTS})
                break
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                problems.add(
                    line,
                    "",
                    _("Expected %(expected)d values, found %(found)d.")
                    % {"expected": len(header), "found": len(values)},
                )
                continue
            cells = dict(zip(header, values, strict=True))
            row = {}
            stage_name = cells["stage"].strip()
            if not stage_name:
                problems.add(line, "stage", _("This field is required."))
            elif stage_name not in stages:
                problems.add(line, "stage", _("This map has no stage named “%(name)s”.") % {"name": stage_name})
            else:
                row["stage"] = stages[stage_name]
            for name in TEXT_COLUMNS:
                row[name] = undefuse(cells.get(name, ""))
            if not row["title"].strip():
                problems.add(line, "title", _("This field is required."))
            row["emotion"] = emotion_value(problems, line, cells.get("emotion", ""))
            check_model_fields(problems, line, Touchpoint, {name: row[name] for name in (*TEXT_COLUMNS, "emotion")})
            channel = undefuse(cells["channel"]).strip()
            if not channel:
                problems.add(line, "channel", _("This field is required."))
            elif channel not in channels and create_channels:
                check_model_fields(problems, line, Channel, {"name": channel})
                new_channels[channel] = None
            elif channel not in channels:
                known = sorted(channels, key=str.casefold)
                listed = ", ".join(known[:KNOWN_CHANNELS_NAMED]) + ("…" if len(known) > KNOWN_CHANNELS_NAMED else "")
                problems.add(
                    line,
                    "channel",
                    _("The workspace has no channel “%(name)s”. Its channels: %(known)s.")
                    % {"name": channel, "known": listed},
                )
            row["channel"] = channel
            row["personas"] = []
            for name in (part.strip() for part in undefuse(cells.get("personas", "")).split(";")):
                if not name:
                    continue
                if name not in featured:
                    problems.add(
                        line, "personas", _("“%(name)s” is not a persona featured on this map.") % {"name": name}
                    )
                else:
                    row["personas"].append(featured[name])
            owner = undefuse(cells.get("owner", "")).strip()
            row["owner"] = None
            if owner:
                if owner not in members:
                    problems.add(line, "owner", _("“%(name)s” is not a member of this workspace.") % {"name": owner})
                else:
                    row["owner"] = members[owner]
            rows.append(row)
            if len(rows) > MAX_TOUCHPOINTS:
                problems.add(
                    line, "", _("At most %(max)d touchpoints can be imported at once.") % {"max": MAX_TOUCHPOINTS}
                )
                break
            if progress and line % 1000 == 0:
                progress(min(40, 5 + line // 250))
    except csv.Error as error:
        problems.add(reader.line_num, "", str(error))
    if not rows and not problems:
        problems.add(2, "", _("The file has no touchpoints."))
    if problems:
        raise ImportInvalid(problems)
    return CsvPlan(rows=rows, new_channels=list(new_channels))


@transaction.atomic
def write(plan: CsvPlan, *, journey: Journey, progress: Callable[[int], None] | None = None) -> int:
    """Append the rows' cards at the end of their stages (touchpoints_bulk_create checks them again)."""
    Journey.objects.select_for_update().get(pk=journey.pk)
    channels = {channel.name: channel for channel in Channel.objects.filter(workspace_id=journey.workspace_id)}
    for name in plan.new_channels:
        if name not in channels:
            channels[name] = channel_create(workspace=journey.workspace, name=name)
    stage_cards = []
    for row in plan.rows:
        fields = {name: row[name] for name in (*TEXT_COLUMNS, "emotion")}
        fields["channel"] = channels[row["channel"]]
        fields["owner"] = row["owner"]
        fields["personas"] = list(dict.fromkeys(row["personas"]))
        stage_cards.append((row["stage"], fields))
    if progress:
        progress(60)
    created = touchpoints_bulk_create(journey=journey, stage_cards=stage_cards)
    if progress:
        progress(90)
    return len(created)
