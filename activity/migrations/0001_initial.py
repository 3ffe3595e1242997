"""The activity feed moves here from the journeys app; its table (journeys_boardactivity) and rows stay."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.migrations_helpers import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("journeys", "0003_strategies"),
        ("personas", "0003_preferred_channels_from_channels_app"),
        ("touchpoints", "0003_channel_moves_to_channels_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BoardActivity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("actor_name", models.CharField(blank=True, max_length=150)),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("created", "created"),
                                    ("edited", "edited"),
                                    ("moved", "moved"),
                                    ("deleted", "deleted"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "target_type",
                            models.CharField(choices=[("stage", "stage"), ("touchpoint", "touchpoint")], max_length=12),
                        ),
                        ("target_id", models.PositiveBigIntegerField()),
                        ("target_label", models.CharField(max_length=200)),
                        ("changes", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "journey",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="activity",
                                to="journeys.journey",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "board activity",
                        "verbose_name_plural": "board activity",
                        "db_table": "journeys_boardactivity",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [models.Index(fields=["journey", "-created_at"], name="activity_journey_created")],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("journeys", "activity", ["boardactivity"]),
    ]
