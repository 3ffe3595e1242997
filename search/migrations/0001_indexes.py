"""On PostgreSQL, each searched table gets a column of its words, kept by the database (a generated
tsvector column, `search_words`), and a GIN index on it; SQLite searches without them. The column is not
a model field: only search reads it (search/selectors.py). PostgreSQL refuses to change the type of a
column a generated column reads: a later migration that changes one of TARGETS' columns (a CharField's
max_length, say) must drop search_words first and add it back after, as this one does."""

from django.db import migrations

from search.targets import TARGETS


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for target in TARGETS:
        table = schema_editor.quote_name(apps.get_model(target.app_label, target.model)._meta.db_table)
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_words tsvector "
            f"GENERATED ALWAYS AS ({target.document_sql()}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS search_{target.kind}_words ON {table} USING gin (search_words)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for target in TARGETS:
        table = schema_editor.quote_name(apps.get_model(target.app_label, target.model)._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_words")


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0010_map_copies"),
        ("touchpoints", "0005_card_origin"),
        ("personas", "0004_text_bounds"),
        ("strategies", "0003_text_bounds"),
        ("comments", "0002_thread_strategy_from_strategies_app"),
        ("evidence", "0002_alter_evidence_observed_on"),
    ]
    operations = [migrations.RunPython(create, drop)]
