from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0001_initial"),
        ("personas", "0002_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="persona",
                    name="preferred_channels",
                    field=models.ManyToManyField(
                        blank=True, related_name="preferred_by", to="channels.channel", verbose_name="preferred channels"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
