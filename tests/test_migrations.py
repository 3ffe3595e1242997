"""A database made before the apps were split (channels out of touchpoints; strategies, the guide and
the activity feed out of journeys) migrates forward with its rows.

The test unapplies every migration of the project's apps, builds the database again from the
migrations main had before the split, writes rows through the models of that time, migrates to
the latest migrations and reads the rows back through today's models.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

OUR_APPS = [
    "workspaces",
    "channels",
    "personas",
    "journeys",
    "touchpoints",
    "strategies",
    "guide",
    "activity",
    "comments",
    "exports",
]
# The leaf migrations of main before the split.
BEFORE_THE_SPLIT = [
    ("workspaces", "0002_invitation"),
    ("personas", "0002_initial"),
    ("journeys", "0003_strategies"),
    ("touchpoints", "0002_channel_restrict"),
    ("comments", "0001_initial"),
    ("exports", "0001_initial"),
]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    call_command("migrate", verbosity=0)  # back to the latest schema for the tests that follow


def migrate(executor, targets):
    executor.loader.build_graph()
    return executor.migrate(targets).apps


def write_rows_of_the_old_schema(apps) -> dict:
    User = apps.get_model("auth", "User")
    Workspace = apps.get_model("workspaces", "Workspace")
    Membership = apps.get_model("workspaces", "Membership")
    Channel = apps.get_model("touchpoints", "Channel")
    Persona = apps.get_model("personas", "Persona")
    Journey = apps.get_model("journeys", "Journey")
    Stage = apps.get_model("journeys", "Stage")
    Touchpoint = apps.get_model("touchpoints", "Touchpoint")
    Strategy = apps.get_model("journeys", "Strategy")
    StrategyRevision = apps.get_model("journeys", "StrategyRevision")
    StageRead = apps.get_model("journeys", "StageRead")
    StageReview = apps.get_model("journeys", "StageReview")
    BoardActivity = apps.get_model("journeys", "BoardActivity")
    Thread = apps.get_model("comments", "Thread")
    Comment = apps.get_model("comments", "Comment")

    user = User.objects.create(username="olivia", first_name="Olivia")
    workspace = Workspace.objects.create(name="Retail team")
    Membership.objects.create(workspace=workspace, user=user, role="owner")
    kakao = Channel.objects.create(workspace=workspace, name="카카오톡", position=0)
    persona = Persona.objects.create(workspace=workspace, name="Zofia Wójcik")
    persona.preferred_channels.add(kakao)
    journey = Journey.objects.create(workspace=workspace, title="Путь клиента")
    stage = Stage.objects.create(journey=journey, name="Awareness", position=0)
    card = Touchpoint.objects.create(stage=stage, channel=kakao, title="광고 메시지", emotion=1, position=0)
    strategy = Strategy.objects.create(
        journey=journey, touchpoint=card, persona=persona, owner=user, title="Jeden głos", status="active", version=2
    )
    for number, body in ((1, "Piszemy prosto."), (2, "Piszemy prosto i ciepło.")):
        StrategyRevision.objects.create(
            strategy=strategy,
            journey=journey,
            number=number,
            kind="created" if number == 1 else "edited",
            title="Jeden głos",
            body=body,
            status="active",
            author=user,
            author_name="Olivia",
            created_at=timezone.now() - datetime.timedelta(days=3 - number),
        )
    StageRead.objects.create(stage=stage, user=user)
    StageReview.objects.create(stage=stage, reviewed_by=user)
    BoardActivity.objects.create(
        journey=journey,
        actor=user,
        actor_name="Olivia",
        action="edited",
        target_type="touchpoint",
        target_id=card.pk,
        target_label=card.title,
        changes={"title": ["Ad", "광고 메시지"]},
    )
    thread = Thread.objects.create(workspace=workspace, strategy=strategy)
    Comment.objects.create(thread=thread, author=user, body="Zgoda @olivia")
    return {"channel": kakao.pk, "persona": persona.pk, "card": card.pk, "strategy": strategy.pk, "stage": stage.pk}


def test_a_database_made_before_the_split_migrates_forward_with_its_rows(executor):
    from activity.models import BoardActivity
    from channels.models import Channel
    from comments.models import Thread
    from guide.models import StageRead, StageReview
    from personas.models import Persona
    from strategies.models import Strategy
    from touchpoints.models import Touchpoint

    migrate(executor, [(app, None) for app in reversed(OUR_APPS)])
    old_apps = migrate(executor, BEFORE_THE_SPLIT)
    ids = write_rows_of_the_old_schema(old_apps)
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    assert OldContentType.objects.filter(app_label="journeys", model="strategy").exists()
    assert not OldContentType.objects.filter(app_label="strategies").exists()

    migrate(executor, executor.loader.graph.leaf_nodes())

    channel = Channel.objects.get(pk=ids["channel"])
    assert channel.name == "카카오톡"
    assert list(Persona.objects.get(pk=ids["persona"]).preferred_channels.all()) == [channel]
    card = Touchpoint.objects.select_related("channel").get(pk=ids["card"])
    assert card.channel == channel
    strategy = Strategy.objects.get(pk=ids["strategy"])
    assert (strategy.touchpoint, strategy.version, strategy.status) == (card, 2, "active")
    assert [(r.number, r.body) for r in strategy.revisions.order_by("number")] == [
        (1, "Piszemy prosto."),
        (2, "Piszemy prosto i ciepło."),
    ]
    assert StageRead.objects.filter(stage_id=ids["stage"]).count() == 1
    assert StageReview.objects.filter(stage_id=ids["stage"]).count() == 1
    entry = BoardActivity.objects.get()
    assert (entry.target_id, entry.changes) == (card.pk, {"title": ["Ad", "광고 메시지"]})
    thread = Thread.objects.get()
    assert thread.strategy == strategy
    assert thread.comments.get().body == "Zgoda @olivia"
    # New rows still get fresh ids after the rows kept from before.
    assert Channel.objects.create(workspace=channel.workspace, name="Store").pk > channel.pk
    # One content type per model, under its new app.
    for app_label, model in [("channels", "channel"), ("strategies", "strategy"), ("activity", "boardactivity")]:
        assert ContentType.objects.filter(model=model).values_list("app_label", flat=True).get() == app_label
