"""Aggregates that join many values into one, on PostgreSQL and SQLite alike: a page that shows a list per
row (a card's personas, a stage's strategy titles) reads it in the row's own query."""

from django.db.models import Aggregate, CharField, TextField, Value
from django.db.models.functions import Cast

SEPARATOR = "\x1f"  # the ASCII unit separator: never typed, so it cannot split a value in two


class JoinedText(Aggregate):
    """The values of `expression` in a group, as one text joined by SEPARATOR ("" for none); split it
    with `split_joined`. The order of the values is not defined."""

    function = "STRING_AGG"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(Cast(expression, TextField()), Value(SEPARATOR), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def split_joined(value: str | None) -> list[str]:
    return [item for item in (value or "").split(SEPARATOR) if item]
