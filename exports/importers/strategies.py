"""The `strategies` section of a JSON export: checked with the rest of the file, written with its history.

Each strategy comes back with all its revisions as they were (numbers, kinds, titles, bodies,
statuses, change notes, restores, times) through `strategy_import`, the one service that writes a
history. People are usernames: an owner or author who is a member of the target workspace is linked;
an author who is not keeps their name as text (`author_name`), an owner who is not is left out. A
strategy without revisions (a hand-written file) is created with one, by whoever imports it.
"""

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from strategies.models import RevisionKind, Strategy, StrategyRevision
from strategies.services import strategy_import

from .common import Problems, check_model_fields, text_value

STATE = ("title", "body", "status")


def _index(problems: Problems, where: str, field: str, value, size: int) -> int | None:
    """A position in a list of `size` items, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        problems.add(where, field, _("Enter the position of an item in the file (0 to %(last)d).") % {"last": size - 1})
        return None
    return value


def _username(problems: Problems, where: str, field: str, value) -> str | None:
    if value is not None and not isinstance(value, str):
        problems.add(where, field, _("Must be a username or null."))
        return None
    return value or None


def _revision(problems: Problems, where: str, data, number: int) -> dict:
    if not isinstance(data, dict):
        problems.add(where, "", _("Expected an object."))
        return {}
    revision = {name: text_value(problems, where, name, data.get(name), required=name == "title") for name in STATE}
    revision["change_note"] = text_value(problems, where, "change_note", data.get("change_note"))
    revision["author_name"] = text_value(problems, where, "author_name", data.get("author_name"))
    revision["kind"] = data.get("kind") or (RevisionKind.CREATED if number == 1 else RevisionKind.EDITED)
    check_model_fields(
        problems,
        where,
        StrategyRevision,
        {name: revision[name] for name in (*STATE, "kind", "change_note", "author_name")},
    )
    revision["number"] = data.get("number")
    if revision["number"] != number or isinstance(revision["number"], bool):
        problems.add(where, "number", _("Revisions are numbered 1, 2, 3… in order."))
    restored_from = data.get("restored_from")
    if restored_from is not None and (
        isinstance(restored_from, bool) or not isinstance(restored_from, int) or not 1 <= restored_from < number
    ):
        problems.add(where, "restored_from", _("A revision can only restore an earlier one."))
        restored_from = None
    revision["restored_from"] = restored_from
    revision["author"] = _username(problems, where, "author", data.get("author"))
    created_at = data.get("created_at")
    parsed = parse_datetime(created_at) if isinstance(created_at, str) else None
    if parsed is None or timezone.is_naive(parsed):
        problems.add(where, "created_at", _("Enter a date and time with its time zone (ISO 8601)."))
    revision["created_at"] = parsed
    return revision


def validate(problems: Problems, data: dict, *, stages: list[dict], persona_refs: set) -> list[dict]:
    """The file's strategies, checked: stage and touchpoint positions within `stages`, persona refs
    among `persona_refs`, each history numbered in order and ending in the strategy's own state."""
    section = data.get("strategies")
    if section is None:
        return []
    if not isinstance(section, list):
        problems.add("", "strategies", _("Expected a list."))
        return []
    strategies = []
    for index, entry in enumerate(section):
        where = f"strategies[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "", _("Expected an object."))
            continue
        strategy = {
            name: text_value(problems, where, name, entry.get(name), required=name == "title") for name in STATE
        }
        check_model_fields(problems, where, Strategy, dict(strategy))
        strategy["stage"] = _index(problems, where, "stage", entry.get("stage"), len(stages))
        card = entry.get("touchpoint")
        if card is not None and strategy["stage"] is None:
            problems.add(where, "touchpoint", _("A touchpoint is given by its stage and its position in it."))
        elif card is not None:
            card = _index(problems, where, "touchpoint", card, len(stages[strategy["stage"]]["touchpoints"]))
        strategy["touchpoint"] = card
        persona = entry.get("persona")
        if persona is not None and persona not in persona_refs:
            problems.add(where, "persona", _("No persona in the file has the reference “%(ref)s”.") % {"ref": persona})
        strategy["persona"] = persona
        strategy["owner"] = _username(problems, where, "owner", entry.get("owner"))
        reviewed = entry.get("last_reviewed")
        strategy["last_reviewed"] = parse_date(reviewed) if isinstance(reviewed, str) else None
        if reviewed is not None and strategy["last_reviewed"] is None:
            problems.add(where, "last_reviewed", _("Enter a date (YYYY-MM-DD) or null."))
        revisions = entry.get("revisions") or []
        if not isinstance(revisions, list):
            problems.add(where, "revisions", _("Expected a list."))
            revisions = []
        strategy["revisions"] = [
            _revision(problems, f"{where}.revisions[{number - 1}]", revision, number)
            for number, revision in enumerate(revisions, start=1)
        ]
        last = strategy["revisions"][-1] if strategy["revisions"] else None
        if last and any(last.get(name) != strategy[name] for name in STATE):
            problems.add(where, "revisions", _("The last revision must hold the strategy's title, body and status."))
        strategies.append(strategy)
    return strategies


def usernames(strategies: list[dict]) -> set[str]:
    """Everyone the strategies name: owners and revision authors."""
    names = {strategy["owner"] for strategy in strategies}
    names |= {revision["author"] for strategy in strategies for revision in strategy["revisions"]}
    return names - {None}


def write(strategies: list[dict], *, journey, stages: list, cards: list[list], personas: dict, members: dict, importer):
    """Create the strategies on the new map. `stages` and `cards` (per stage) are the new rows in the
    file's order, `personas` maps refs to personas, `members` usernames to members; `importer` (a
    member, or None) is the author of the revision given to a strategy the file has none for."""
    for strategy in strategies:
        stage = card = None
        if strategy["touchpoint"] is not None:
            card = cards[strategy["stage"]][strategy["touchpoint"]]
        elif strategy["stage"] is not None:
            stage = stages[strategy["stage"]]
        write_one(
            strategy,
            journey=journey,
            stage=stage,
            touchpoint=card,
            persona=personas.get(strategy["persona"]),
            members=members,
            importer=importer,
        )


def write_one(strategy: dict, *, journey, stage, touchpoint, persona, members: dict, importer) -> Strategy:
    """One strategy of the file, with its whole history, attached to `stage` or `touchpoint` (or the map)."""
    revisions = [
        {
            **revision,
            "author": members.get(revision["author"]),
            "author_name": revision["author_name"] or revision["author"] or "",
        }
        for revision in strategy["revisions"]
    ]
    if not revisions:
        revisions = [
            {
                "number": 1,
                "kind": RevisionKind.CREATED,
                **{name: strategy[name] for name in STATE},
                "change_note": "",
                "restored_from": None,
                "author": importer,
                "author_name": "",
                "created_at": timezone.now(),
            }
        ]
    return strategy_import(
        journey=journey,
        stage=stage,
        touchpoint=touchpoint,
        persona=persona,
        owner=members.get(strategy["owner"]),
        last_reviewed_on=strategy["last_reviewed"],
        revisions=revisions,
    )
