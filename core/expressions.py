"""Expressions Django does not have, on PostgreSQL and SQLite alike."""

from django.db.models import BooleanField, Expression, F, Subquery


class KeyIn(Expression):
    """`key IN (queryset)`, for a correlated subquery that yields a few keys per outer row. PostgreSQL
    runs it as `key = ANY(ARRAY(queryset))`: the keys are read once per outer row and the rows then
    looked up by index, where `IN` let it hash every row of the table for every outer row."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, key: str, queryset):
        super().__init__()
        self.key = F(key)
        self.subquery = Subquery(queryset)

    def get_source_expressions(self):
        return [self.key, self.subquery]

    def set_source_expressions(self, exprs):
        self.key, self.subquery = exprs

    def as_sql(self, compiler, connection, template="%s IN %s"):
        key_sql, key_params = compiler.compile(self.key)
        subquery_sql, subquery_params = compiler.compile(self.subquery)  # "(SELECT ...)"
        return template % (key_sql, subquery_sql), (*key_params, *subquery_params)

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="%s = ANY(ARRAY%s)")
