"""No lost edits: what a form shows when it was saved from a stale version.

An edit form carries the object's `version` and a snapshot of the values it
started from (`base`, a hidden field). When the save is refused with
`VersionConflict`, the user sees, field by field, the current version beside
theirs and chooses:

- keep the current version (close the form),
- apply mine anyway (save again over the current version, but only the fields this user changed:
  a colleague's change to another field stays),
- edit a merge: the form is refilled with a three-way merge of base, current
  and mine — a field only one side changed takes that side's value, a field
  both changed keeps mine and is listed with the current value beside it.

Works for any ModelForm; `form_values` reads a form's values as lists of
strings, the way they are posted.
"""

import json
from dataclasses import dataclass, field

from django.http import QueryDict

from .versioning import VersionConflict

BASE_FIELD = "base"
RESOLVE_FIELD = "resolve"


class Resolution:
    MINE = "mine"
    MERGE = "merge"


def _normalise(values) -> list[str]:
    if values is None:
        values = []
    elif not isinstance(values, (list, tuple)):
        values = [values]
    out = []
    for value in values:
        value = "" if value is None else str(getattr(value, "value", value))
        out.append(value.replace("\r\n", "\n").strip())
    out = [value for value in out if value != ""]
    return sorted(out) if len(out) > 1 else out


def editable_fields(form) -> list[str]:
    return [name for name, bound in form.fields.items() if name != "version" and not bound.widget.is_hidden]


def form_values(form) -> dict[str, list[str]]:
    """The values a form shows: what was posted if bound, else its initial values."""
    return {name: _normalise(form[name].value()) for name in editable_fields(form)}


def instance_values(form, instance) -> dict[str, list[str]]:
    """The values `form` would show for `instance` (the current version)."""
    values = {}
    for name in editable_fields(form):
        model_field = instance._meta.get_field(name)
        raw = model_field.value_from_object(instance)
        values[name] = _normalise(form.fields[name].prepare_value(raw))
    return values


def base_snapshot(values: dict[str, list[str]]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def read_base(data) -> dict[str, list[str]] | None:
    try:
        base = json.loads(data.get(BASE_FIELD) or "null")
    except ValueError:
        return None
    if not isinstance(base, dict):
        return None
    return {str(name): _normalise(values) for name, values in base.items()}


def _display(form, name: str, values: list[str]) -> str:
    if not values:
        return "—"
    form_field = form.fields[name]
    choices = getattr(form_field, "choices", None)
    if choices is None:
        return "\n".join(values)
    labels = {}
    for value, label in choices:
        labels[str(getattr(value, "value", value))] = str(label)
    return ", ".join(labels.get(value, value) for value in values)


@dataclass
class FieldVersions:
    name: str
    label: str
    current: str
    mine: str
    both_changed: bool


@dataclass
class Conflict:
    """The two versions of an object, field by field (only the fields that differ)."""

    current: object
    rows: list[FieldVersions] = field(default_factory=list)
    merged: bool = False
    current_values: dict = field(default_factory=dict)

    message = VersionConflict.message

    @property
    def base_json(self) -> str:
        """The base of a merged draft: the current version it was merged onto."""
        return base_snapshot(self.current_values)


def describe(form, current, *, base=None, mine=None) -> Conflict:
    """Compare what the user submitted (`form`'s data) with `current`."""
    mine = mine if mine is not None else form_values(form)
    theirs = instance_values(form, current)
    rows = []
    for name in editable_fields(form):
        if mine.get(name, []) == theirs[name]:
            continue
        both = base is None or (base.get(name, []) != mine.get(name, []) and base.get(name, []) != theirs[name])
        rows.append(
            FieldVersions(
                name=name,
                label=str(form.fields[name].label or name),
                current=_display(form, name, theirs[name]),
                mine=_display(form, name, mine.get(name, [])),
                both_changed=both,
            )
        )
    return Conflict(current=current, rows=rows, current_values=theirs)


def merge(form, current, base) -> tuple[QueryDict, Conflict]:
    """A three-way merge of `base`, `current` and the user's values, as form data,
    and the conflict that remains (fields both sides changed differently)."""
    mine = form_values(form)
    theirs = instance_values(form, current)
    data = QueryDict(mutable=True)
    for name in editable_fields(form):
        old = (base or {}).get(name)
        ours, their = mine.get(name, []), theirs[name]
        chosen = their if base is not None and ours == old else ours
        data.setlist(name, list(chosen))
    data["version"] = str(current.version)
    remaining = describe(form, current, base=base, mine=mine)
    remaining.rows = [row for row in remaining.rows if row.both_changed]
    remaining.merged = True
    for row in remaining.rows:
        row.mine = _display(form, row.name, data.getlist(row.name))
    return data, remaining


def base_for(request, form, conflict: Conflict | None) -> str:
    """The `base` an edit form carries: what the edit started from (kept through
    errors and a conflict), or the current version once a merge was drawn on it."""
    if conflict is not None and conflict.merged:
        return conflict.base_json
    return request.POST.get(BASE_FIELD) or base_snapshot(form_values(form))


def wants_mine(request, form) -> bool:
    return request.method == "POST" and request.POST.get(RESOLVE_FIELD) == Resolution.MINE and form.is_valid()


def mine_over_current(form, current, base) -> QueryDict | None:
    """ "Apply mine anyway": the fields this user changed since `base`, over the current version (a
    colleague's change to a field this user never touched stays); None without a base to tell."""
    if base is None:
        return None
    data, _remaining = merge(form, current, base)
    return data


def wants_merge(request, form) -> bool:
    return request.method == "POST" and request.POST.get(RESOLVE_FIELD) == Resolution.MERGE and form.is_valid()
