"""Channel now lives in the channels app (same table); only Django's idea of where it lives changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0001_initial"),
        ("personas", "0003_preferred_channels_from_channels_app"),
        ("touchpoints", "0002_channel_restrict"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="touchpoint",
                    name="channel",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="touchpoints",
                        to="channels.channel",
                        verbose_name="channel",
                    ),
                ),
                migrations.DeleteModel(name="Channel"),
            ],
            database_operations=[],
        ),
    ]
