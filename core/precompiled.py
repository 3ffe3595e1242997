"""Expressions compiled to SQL once, for the pages that annotate the same subqueries on every request.

Django resolves and compiles every annotation of a queryset on every request; for a correlated
subquery that costs far more than running it (a board's stage lanes: about 1 ms each). An expression
that is the same for every request (no value of the request in it) can be compiled once, against its
model's own table, and annotated as that SQL:

    stages.annotate(strategy_titles=precompiled(Stage, "strategy_titles", stage_strategy_titles))

Only for querysets of `model` whose table keeps its own name in the query (the outer table of the
query, as in `Model.objects.filter(...)`), which is what `OuterRef` resolves to when compiled here.
"""

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import RawSQL

_compiled: dict[tuple, RawSQL] = {}
LIMIT = 1000  # keys made of values (a day...) add up slowly; past this many, all are compiled again


def precompiled(model: type[Model], key: str, build: Callable[[], Any]) -> RawSQL:
    """`build()`'s expression for a queryset of `model`, compiled once per database vendor under `key`
    (built again only after `forget`)."""
    cache_key = (model._meta.label, key, connection.vendor)
    found = _compiled.get(cache_key)
    if found is None:
        if len(_compiled) >= LIMIT:
            _compiled.clear()
        query = model._default_manager.annotate(**{key: build()}).query
        expression = query.annotations[key]
        sql, params = query.get_compiler(connection=connection).compile(expression)
        # (SQL Django compiled itself from the expression, its values as parameters: nothing else goes in.)
        found = _compiled[cache_key] = RawSQL(sql, tuple(params), output_field=expression.output_field)  # noqa: S611
    return found


def forget(prefix: str = "") -> None:
    """Compile again the expressions whose key starts with `prefix` (all of them by default)."""
    for cache_key in [cache_key for cache_key in _compiled if cache_key[1].startswith(prefix)]:
        del _compiled[cache_key]
