"""The guide's reading state moves here from the journeys app; its tables and rows stay."""

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
                    name="StageRead",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("read_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "stage",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="reads", to="journeys.stage"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "stage read",
                        "verbose_name_plural": "stage reads",
                        "db_table": "journeys_stageread",
                        "constraints": [
                            models.UniqueConstraint(fields=("stage", "user"), name="stageread_unique_user")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="StageReview",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("reviewed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "stage",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="reviews", to="journeys.stage"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "stage review",
                        "verbose_name_plural": "stage reviews",
                        "db_table": "journeys_stagereview",
                        "indexes": [models.Index(fields=["stage", "-reviewed_at"], name="stagereview_stage_time")],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("journeys", "guide", ["stageread", "stagereview"]),
    ]
