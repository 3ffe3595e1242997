"""Rows brought back as they were (a map's snapshot restored in place) take their old ids when nobody has
them now: links to them, comparisons that pair rows by id, and a second restore of the same snapshot then
find them again. Ids are never handed out twice (SQLite's AUTOINCREMENT, PostgreSQL's identity sequences),
so an old id is either its row's or free."""

from collections.abc import Iterable

from django.db import models


def free_ids(model: type[models.Model], ids: Iterable[int | None]) -> set[int]:
    """Of these ids, those no row of `model` has now. One query."""
    wanted = {pk for pk in ids if isinstance(pk, int) and not isinstance(pk, bool) and pk > 0}
    if not wanted:
        return set()
    return wanted - set(model._default_manager.filter(pk__in=wanted).values_list("pk", flat=True))
