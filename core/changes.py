"""What a change did, in words a person reads: a field's value before and after, for feeds and histories.

Values are kept as text a person reads (a related object's name, a choice's label, a 1-based
position), so a record of the change still reads right after the things it names are renamed or
deleted.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models


def readable_value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise FieldDoesNotExist(f"{name} is not a field of {type(instance).__name__}")
    if field.many_to_many:
        return ", ".join(sorted(str(related) for related in getattr(instance, name).all())) or None
    if field.is_relation:
        related = getattr(instance, name)
        return str(related) if related is not None else None
    value = getattr(instance, field.attname)
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if name == "position":
        return value + 1
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def readable_values(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The readable values of `fields` on `instance`, to compare with after the change."""
    return {name: readable_value(instance, name) for name in fields}


def changed_values(before: dict[str, Any], instance: models.Model) -> dict[str, list[Any]]:
    """`{field: [before, after]}` for the fields of `before` whose value `instance` no longer has."""
    after = readable_values(instance, before.keys())
    return {name: [before[name], after[name]] for name in before if before[name] != after[name]}
