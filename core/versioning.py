"""No lost edits: what people co-edit carries a `version`, and an update names the version it was made from.

    current = versioned_update(Stage.objects, stage.pk, expected_version=3, fields={"name": "Loyalty"})

locks the row for the rest of the transaction, raises `VersionConflict` (with the stored row) if
someone saved since version 3, else applies the fields, validates those that changed and saves them
as version 4.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)


class VersionConflict(Exception):
    """An edit was made from a version that someone else has since changed."""

    message = _("Someone else changed this while you were editing it.")

    def __init__(self, current: models.Model):
        super().__init__(str(self.message))
        self.current = current


def check_version(current: Any, expected_version: int | None) -> None:
    """Raise VersionConflict unless `current` is still the version the edit was made from
    (`None`: the caller does not care which version it overwrites)."""
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(current)


def reject_unknown_fields(fields: Iterable[str], allowed: Iterable[str], *, where: str) -> None:
    """A service's keyword fields must be among those it may write: a typo is a programming error, not input."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{where}() got unknown fields {sorted(unknown)}")


def changed_fields(instance: models.Model, fields: Mapping[str, Any]) -> set[str]:
    """The names in `fields` whose value differs from the instance's (a foreign key compared by id,
    without fetching the related object)."""
    changed = set()
    for name, value in fields.items():
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            stored = getattr(instance, field.attname)
            value = value.pk if isinstance(value, models.Model) else value
        else:
            stored = getattr(instance, name)
        if stored != value:
            changed.add(name)
    return changed


def versioned_update(
    queryset: models.QuerySet[M] | models.Manager[M],
    pk: Any,
    *,
    expected_version: int | None,
    fields: Mapping[str, Any],
    on_locked: Callable[[M], None] | None = None,
) -> M:
    """Lock the row `pk` of `queryset`, check its version, apply `fields`, validate the changed ones
    (`full_clean`, the model's `clean` always) and save it as the next version. Call inside a transaction.

    `on_locked(current)` runs between the version check and the change: for checks that need the stored
    row, or to remember its values before the change.
    """
    current = queryset.select_for_update().get(pk=pk)
    check_version(current, expected_version)
    if on_locked is not None:
        on_locked(current)
    changed = changed_fields(current, fields)
    for name, value in fields.items():
        setattr(current, name, value)
    # Only what changes is checked again: the stored values were valid when saved, and checking a
    # foreign key or a constraint costs a query each. (A constraint is checked when one of its fields
    # changes: one over an unchanged field alone, say a name unique per map, would be left to the database.)
    current.full_clean(exclude=[field.name for field in current._meta.fields if field.name not in changed])
    current.version += 1  # type: ignore[attr-defined]  # every versioned model has the field
    current.save()
    return current
