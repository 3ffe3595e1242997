"""What a delete removes, kept as rows, and put back with the ids it had.

A soft-delete flag would have to be filtered by every query of every app; instead the delete happens
for real, and what it removes is kept first. Django's own delete `Collector` finds it: the object and
everything its delete cascades to (a card's comments, persona links, readings, kept badges...), whatever
app the rows belong to, and the rows of other objects it sets to NULL (a strategy's card). Each row is
kept with Django's "python" serializer (model, pk and fields; many-to-many links are rows of their
through tables, collected like the others).

Putting back inserts the rows with their original primary keys: ids are never reused (SQLite tables
are AUTOINCREMENT, PostgreSQL's are identity columns), so nothing else can hold them meanwhile. What
changed since the delete is handled row by row (`_settle`): a reference to something deleted since is
emptied where it may be empty; a row that belonged to something gone (a comment's author's
notification, a link to a deleted persona) is left out, as the delete of its parent would have
removed it; and a row that cannot be without what is gone (cards whose channel was deleted) refuses
the restore, saying what is missing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers import python
from django.db import models, router
from django.db.models.deletion import CASCADE, Collector
from django.utils.translation import gettext as _

BATCH = 500
M = TypeVar("M", bound=models.Model)


class _WholeRowsCollector(Collector):
    """Django's delete collector, made to load every row it will delete, with all its fields (as
    django.contrib.admin's NestedObjects does): no "fast" deletes by query, no deferred fields."""

    def can_fast_delete(self, *args: Any, **kwargs: Any) -> bool:
        return False

    def related_objects(self, related_model, related_fields, objs):
        # With select_related the collector does not defer the fields it does not need itself.
        return (
            super()
            .related_objects(related_model, related_fields, objs)
            .select_related(*[related_field.name for related_field in related_fields])
        )


class _RowSerializer(python.Serializer):
    """Django's python serializer without many-to-many lists: those links are rows of their own."""

    def handle_m2m_field(self, obj, field):
        pass


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
    """Everything `obj.delete()` would delete or change, read before the delete."""
    collector = _WholeRowsCollector(using=router.db_for_write(type(obj), instance=obj), origin=obj)
    collector.collect([obj])
    collector.sort()  # children before parents, the order of a delete: the reverse is the order of an insert
    instances: list[models.Model] = []
    for model in reversed(list(collector.data)):
        instances.extend(sorted(collector.data[model], key=lambda row: row.pk))
    instances.sort(key=lambda row: row is not obj)  # (stable) the object itself first
    rows = _RowSerializer().serialize(instances)
    deleted = {(row._meta.label_lower, row.pk) for row in instances}
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
    """bulk_create with the rows' ids; then their own timestamps back (an insert sets auto_now fields)."""
    stamps = [
        f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    kept = [[getattr(obj, f.attname) for f in stamps] for obj in instances]
    model._base_manager.bulk_create(instances, batch_size=BATCH)
    if stamps:
        for obj, values in zip(instances, kept, strict=True):
            for stamp, value in zip(stamps, values, strict=True):
                setattr(obj, stamp.attname, value)
        model._base_manager.bulk_update(instances, [f.name for f in stamps], batch_size=BATCH)


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
