"""Channels move here from the touchpoints app; their table (touchpoints_channel) and rows stay."""

import django.db.models.deletion
from django.db import migrations, models

from core.migrations_helpers import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("touchpoints", "0002_channel_restrict"),
        ("workspaces", "0002_invitation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Channel",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=80, verbose_name="name")),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "workspace",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="channels",
                                to="workspaces.workspace",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "channel",
                        "verbose_name_plural": "channels",
                        "db_table": "touchpoints_channel",
                        "ordering": ["position", "name", "id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("workspace", "name"), name="channel_unique_name_per_workspace"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("touchpoints", "channels", ["channel"]),
    ]
