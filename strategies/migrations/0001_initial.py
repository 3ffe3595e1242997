"""Strategies move here from the journeys app; their tables (journeys_strategy, journeys_strategyrevision) and rows stay."""

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
                    name="Strategy",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        (
                            "body",
                            models.TextField(
                                blank=True,
                                help_text="Markdown: **bold**, *italic*, lists, links.",
                                verbose_name="strategy",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("active", "Active"), ("retired", "Retired")],
                                default="draft",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("last_reviewed_on", models.DateField(blank=True, null=True, verbose_name="last reviewed")),
                        ("guide_changed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        ("version", models.PositiveIntegerField(default=0, editable=False)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "journey",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="strategies",
                                to="journeys.journey",
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="owned_strategies",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="owner",
                            ),
                        ),
                        (
                            "persona",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="strategies",
                                to="personas.persona",
                                verbose_name="persona",
                            ),
                        ),
                        (
                            "stage",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="strategies",
                                to="journeys.stage",
                                verbose_name="stage",
                            ),
                        ),
                        (
                            "touchpoint",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="strategies",
                                to="touchpoints.touchpoint",
                                verbose_name="touchpoint",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "strategy",
                        "verbose_name_plural": "strategies",
                        "db_table": "journeys_strategy",
                        "ordering": ["title", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="StrategyRevision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("number", models.PositiveIntegerField(verbose_name="revision")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("created", "Created"),
                                    ("edited", "Edited"),
                                    ("restored", "Restored"),
                                    ("reviewed", "Reviewed"),
                                ],
                                max_length=10,
                                verbose_name="change",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("body", models.TextField(blank=True, verbose_name="strategy")),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("active", "Active"), ("retired", "Retired")],
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("change_note", models.TextField(blank=True, verbose_name="change note")),
                        (
                            "restored_from",
                            models.PositiveIntegerField(blank=True, null=True, verbose_name="restored from"),
                        ),
                        ("author_name", models.CharField(blank=True, max_length=150, verbose_name="author")),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, editable=False, verbose_name="time"
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="author",
                            ),
                        ),
                        (
                            "journey",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="strategy_revisions",
                                to="journeys.journey",
                            ),
                        ),
                        (
                            "strategy",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="revisions",
                                to="strategies.strategy",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "strategy revision",
                        "verbose_name_plural": "strategy revisions",
                        "db_table": "journeys_strategyrevision",
                        "ordering": ["-number"],
                    },
                ),
                migrations.AddIndex(
                    model_name="strategy",
                    index=models.Index(fields=["journey", "status"], name="strategy_journey_status"),
                ),
                migrations.AddConstraint(
                    model_name="strategy",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("stage__isnull", True), ("touchpoint__isnull", True), _connector="OR"),
                        name="strategy_one_scope",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="strategy",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "active", "retired"])), name="strategy_status_valid"
                    ),
                ),
                migrations.AddIndex(
                    model_name="strategyrevision",
                    index=models.Index(fields=["journey", "-created_at"], name="revision_journey_created"),
                ),
                migrations.AddConstraint(
                    model_name="strategyrevision",
                    constraint=models.UniqueConstraint(fields=("strategy", "number"), name="revision_unique_number"),
                ),
            ],
            database_operations=[],
        ),
        move_content_types("journeys", "strategies", ["strategy", "strategyrevision"]),
    ]
