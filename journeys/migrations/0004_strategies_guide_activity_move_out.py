"""Strategies, the guide's reading state and the activity feed now live in apps of their own (same
tables); only Django's idea of where they live changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0001_initial"),
        ("comments", "0002_thread_strategy_from_strategies_app"),
        ("guide", "0001_initial"),
        ("journeys", "0003_strategies"),
        ("strategies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="BoardActivity"),
                migrations.DeleteModel(name="StageRead"),
                migrations.DeleteModel(name="StageReview"),
                migrations.DeleteModel(name="StrategyRevision"),
                migrations.DeleteModel(name="Strategy"),
            ],
            database_operations=[],
        ),
    ]
