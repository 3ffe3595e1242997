"""What a delete removes, kept as rows, and put back with the ids it had.

A soft-delete flag would have to be filtered by every query of every app; instead the delete happens
for real, and what it removes is kept first. Django's own delete `Collector` finds it: the object and
everything its delete cascades to (a card's comments, persona links, readings, kept badges...), whatever
app the rows belong to, and the rows of other objects it sets to NULL (a strategy's card). Each row is
kept as Django's "python" serializer keeps it (model, pk and fields; many-to-many links are rows of
their through tables, collected like the others), and put back through its deserializer.

Putting back inserts the rows with their original primary keys: ids are never reused (SQLite tables
are AUTOINCREMENT, PostgreSQL's are identity columns), so nothing else can hold them meanwhile. What
changed since the delete is handled row by row (`_settle`): a reference to something deleted since is
emptied where it may be empty (a card's owner); a row that belonged to something gone (a deleted
user's notification, a link to a deleted persona) is left out, as the delete of its parent would have
removed it; and a row that cannot be without what is gone (cards whose channel was deleted) refuses
the restore, saying what is missing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers import python
from django.db import connections, models, router
from django.db.models.deletion import CASCADE, Collector
from django.utils.encoding import is_protected_type
from django.utils.translation import gettext as _

BATCH = 500
M = TypeVar("M", bound=models.Model)


@dataclass
class Cascade:
    """What deleting one object removes: `rows` (the object first, parents before children), `links`
    (rows elsewhere that its delete sets to NULL), and `delete()` to do it."""

    collector: Collector
    rows: list[dict]
    links: list[dict]
    counts: dict[str, int] = field(default_factory=dict)  # "app_label.model" → rows

    def delete(self) -> None:
        self.collector.delete()


def cascade_of(obj: models.Model) -> Cascade:
    """Everything `obj.delete()` would delete or change, read before the delete: Django's collector finds
    it as a delete does (the rows it will delete by query too), and each table's rows are then read whole,
    as values, in a query or a few."""
    collector = Collector(using=router.db_for_write(type(obj), instance=obj), origin=obj)
    collector.collect([obj])
    collector.sort()  # children before parents, the order of a delete: the reverse is the order of an insert
    rows: list[dict] = []
    for model in reversed(list(collector.data)):
        pks = sorted(row.pk for row in collector.data[model])
        for start in range(0, len(pks), BATCH):
            rows.extend(_rows_of(model._base_manager.filter(pk__in=pks[start : start + BATCH])))
    for queryset in collector.fast_deletes:  # (rows nothing else hangs on, deleted by query: link tables...)
        rows.extend(_rows_of(queryset))
    # Once each (a reading is found through its map, its stage and its card), the object itself first.
    rows = list({(row["model"], row["pk"]): row for row in rows}.values())
    rows.sort(key=lambda row: not (row["model"] == obj._meta.label_lower and row["pk"] == obj.pk))
    deleted = {(row["model"], row["pk"]) for row in rows}
    links = []
    for (fk, _value), querysets in collector.field_updates.items():
        label = fk.model._meta.label_lower
        pairs = [
            [pk, target]
            for rows_or_queryset in querysets
            for pk, target in _pk_and_value(rows_or_queryset, fk)
            if (label, pk) not in deleted  # (a row deleted too is kept with its link)
        ]
        if pairs:
            links.append({"model": label, "field": fk.attname, "rows": pairs})
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["model"]] += 1
    return Cascade(collector=collector, rows=rows, links=links, counts=dict(counts))


def _rows_of(queryset: models.QuerySet) -> list[dict]:
    """The rows as Django's "python" serializer writes them (model, pk, fields by name; a foreign key as
    its id; many-to-many links are rows of their through tables), read as values, not model instances."""
    model = queryset.model
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    label = model._meta.label_lower
    pk_name = model._meta.pk.attname
    rows = []
    for values in queryset.order_by("pk").values_list(*[f.attname for f in fields]):
        row = dict(zip(fields, values, strict=True))
        rows.append(
            {
                "model": label,
                "pk": row[model._meta.pk],
                "fields": {f.name: _plain(model, f, value) for f, value in row.items() if f.attname != pk_name},
            }
        )
    return rows


def _plain(model: type[models.Model], field: models.Field, value: Any) -> Any:
    """A value as the python serializer keeps it: as is if it is a number, a date, text or JSON; else the
    field's own text for it."""
    if is_protected_type(value) or isinstance(value, str | bool | list | dict):
        return value
    return field.value_to_string(model(**{field.attname: value}))


def _pk_and_value(rows_or_queryset, fk) -> list[tuple[Any, Any]]:
    if isinstance(rows_or_queryset, models.QuerySet):
        return list(rows_or_queryset.values_list("pk", fk.attname))
    return [(row.pk, getattr(row, fk.attname)) for row in rows_or_queryset]


def root_of(rows: list[dict], model: type[M]) -> M:
    """The deleted object itself, a `model`, as it was (not saved)."""
    for item in python.Deserializer(rows[:1], ignorenonexistent=True):
        if isinstance(item.object, model):
            return item.object
    raise ValidationError(_("What was deleted no longer exists in this version of the app."))


def rows_restore(rows: list[dict], links: list[dict], *, model: type[M], root_fields: dict | None = None) -> M:
    """Insert the kept rows again, with their ids, the deleted object (a `model`) with its fields changed
    by `root_fields` (its new place); link again the rows that pointed at them. Returns the object. Call
    in a transaction, with its container locked. A `ValidationError` says why it cannot be put back
    (nothing is written)."""
    objects = [item.object for item in python.Deserializer(rows, ignorenonexistent=True)]
    root = objects[0] if objects else None
    if not isinstance(root, model):
        raise ValidationError(_("What was deleted no longer exists in this version of the app."))
    for name, value in (root_fields or {}).items():
        setattr(root, name, value)
    objects = _settle(objects, root)
    try:
        root.validate_unique()
        root.validate_constraints()
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for model, instances in by_model.items():
        _insert(model, instances)
    _link_again(links, {(obj._meta.label_lower, obj.pk) for obj in objects})
    return root


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def _settle(objects: list[models.Model], root: models.Model) -> list[models.Model]:
    """The rows that can go back as the database is now (see the module's docstring)."""
    kept = list(objects)
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for obj in kept:
        for fk in _foreign_keys(type(obj)):
            value = getattr(obj, fk.attname)
            if value is not None:
                wanted[fk.related_model].add(value)
    existing: dict[type[models.Model], set] = {}
    for model, values in wanted.items():
        target = model._meta.pk.attname
        found: set = set()
        ordered = sorted(values)
        for start in range(0, len(ordered), BATCH):
            chunk = ordered[start : start + BATCH]
            found.update(model._base_manager.filter(**{f"{target}__in": chunk}).values_list(target, flat=True))
        existing[model] = found
    while True:
        present: dict[type[models.Model], set] = defaultdict(set)
        for obj in kept:
            present[type(obj)].add(obj.pk)
        dropped = False
        for obj in list(kept):
            for fk in _foreign_keys(type(obj)):
                value = getattr(obj, fk.attname)
                if value is None or value in present[fk.related_model] or value in existing[fk.related_model]:
                    continue
                if obj is not root and (obj._meta.auto_created or fk.remote_field.on_delete is CASCADE):
                    kept.remove(obj)  # it belonged to what is gone: its delete would have removed it
                    dropped = True
                    break
                if fk.null:
                    setattr(obj, fk.attname, None)
                    continue
                raise ValidationError(
                    _("It cannot be restored: the %(thing)s it needs has been deleted since.")
                    % {"thing": fk.related_model._meta.verbose_name}
                )
        if not dropped:
            return kept


def _insert(model: type[models.Model], instances: list[models.Model]) -> None:
    """Insert the rows as they are, ids and timestamps included, many per statement. This is bulk_create's
    own insert in "raw" mode, the mode fixtures load in: bulk_create itself would give `auto_now` fields
    the time of the restore (and setting them back with bulk_update costs seconds for a map)."""
    using = router.db_for_write(model)
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    size = min(connections[using].ops.bulk_batch_size(fields, instances) or BATCH, BATCH)
    for start in range(0, len(instances), size):
        model._base_manager.using(using)._insert(instances[start : start + size], fields=fields, raw=True)
    for obj in instances:
        obj._state.adding, obj._state.db = False, using


def _link_again(links: list[dict], restored: set[tuple[str, Any]]) -> None:
    """Point again at the restored rows the rows elsewhere that the delete set to NULL, unless they have
    been linked to something else since (or deleted)."""
    for link in links:
        try:
            model = apps.get_model(link["model"])
        except LookupError:
            continue  # (a model removed since)
        fk = next((f for f in _foreign_keys(model) if f.attname == link["field"]), None)
        if fk is None:
            continue  # (a field removed since)
        target = fk.related_model._meta.label_lower
        pairs = {pk: value for pk, value in link["rows"] if (target, value) in restored}
        if not pairs:
            continue
        still_empty = set(
            model._base_manager.filter(pk__in=list(pairs), **{f"{fk.attname}__isnull": True}).values_list(
                "pk", flat=True
            )
        )
        relinked = [model(pk=pk, **{fk.attname: pairs[pk]}) for pk in sorted(still_empty)]
        if relinked:
            model._base_manager.bulk_update(relinked, [fk.name], batch_size=BATCH)
