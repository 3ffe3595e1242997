"""Backup → restore → backup gives the same content (tests/backups/helpers.archive_content says what is
compared), with strategy histories and comment threads intact; people the new workspace does not have
are handled as backups/restore.py says. Runs on SQLite and on PostgreSQL."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backups import restore
from backups.services import workspace_restore
from comments.models import Comment, Thread
from journeys.models import Journey
from strategies.models import Strategy, StrategyRevision
from touchpoints.models import Touchpoint
from workspaces.models import Membership, Role, Workspace

from .helpers import archive_content, blank_people, differences, documents

pytestmark = pytest.mark.django_db


def restored(data: bytes, owner, **options) -> Workspace:
    report = workspace_restore(handle=io.BytesIO(data), owner=owner, **options)
    return Workspace.objects.get(pk=report.workspace_id)


def people_named(content) -> set:
    return {person["username"] for person in content["workspace"]["people"]}


def test_backup_restore_backup_gives_the_same_content(full_workspace, team, backup_of):
    first = backup_of(full_workspace)
    # The members' accounts exist here: an operator's restore with --with-members finds everyone.
    copy = restored(first, team.owner, name="Retail team", with_members=True)
    second = backup_of(copy)

    expected = archive_content(first)
    expected["workspace"]["workspace"]["name"] = expected["manifest"]["workspace"] = "Retail team (restored)"
    for map_file in expected["maps"]:
        map_file["workspace"]["name"] = "Retail team (restored)"
    assert differences(archive_content(second), expected) == []
    counts = expected["manifest"]["counts"]
    assert counts["maps"] == 2 and counts["comments"] == 3 and counts["strategy_revisions"] == 11
    assert set(Membership.objects.filter(workspace=copy).values_list("user__username", "role")) == {
        ("olivia", Role.OWNER),
        ("eddie", Role.EDITOR),
        ("vera", Role.VIEWER),
        ("tomasz", Role.EDITOR),
    }


def test_each_map_file_of_an_archive_is_also_a_map_export(full_workspace, backup_of):
    archive = documents(backup_of(full_workspace))
    assert sorted(archive) == ["manifest.json", "maps/0001.json", "maps/0002.json", "workspace.json"]
    manifest = archive["manifest.json"]
    assert (manifest["format"], manifest["format_version"], manifest["workspace"]) == (
        "journeyboard.workspace-backup",
        1,
        "Retail team",
    )
    assert manifest["app_version"] and manifest["created_at"]
    assert manifest["files"] == ["maps/0001.json", "maps/0002.json", "workspace.json"]
    first = archive["maps/0001.json"]
    assert (first["format"], first["format_version"]) == ("journeyboard.map", 3)
    assert first["journey"]["title"] == "Ścieżka klienta — 고객 여정 — Путь клиента"


def test_strategy_histories_come_back_whole(full_workspace, team, backup_of):
    copy = restored(backup_of(full_workspace), team.owner, with_members=True)

    def histories(workspace):
        return {
            strategy.title: [
                (
                    r.number,
                    r.kind,
                    r.title,
                    r.body,
                    r.status,
                    r.change_note,
                    r.restored_from,
                    r.author_name,
                    r.created_at,
                )
                for r in StrategyRevision.objects.filter(strategy=strategy).order_by("number")
            ]
            for strategy in Strategy.objects.filter(journey__workspace=workspace)
        }

    before, after = histories(full_workspace), histories(copy)
    assert after == before
    answer = after["Odpowiadać w ciągu godziny"]
    assert [(number, kind, restored_from) for number, kind, *_rest, restored_from, _name, _at in answer] == [
        (1, "created", None),
        (2, "edited", None),
        (3, "edited", None),
        (4, "restored", 2),
    ]
    restored_answer = Strategy.objects.get(journey__workspace=copy, title="Odpowiadać w ciągu godziny")
    assert restored_answer.version == 4 and restored_answer.stage.name == "Awareness"
    assert [r.author.username for r in restored_answer.revisions.order_by("number")] == [
        "eddie",
        "tomasz",
        "olivia",
        "eddie",
    ]


def test_comment_threads_come_back_with_their_state(full_workspace, team, backup_of):
    copy = restored(backup_of(full_workspace), team.owner, with_members=True)

    def threads(workspace):
        return sorted(
            (
                thread.touchpoint.title if thread.touchpoint_id else thread.strategy.title,
                thread.resolved_at,
                thread.resolved_by.username if thread.resolved_by else None,
                thread.reopened_at,
                thread.reopened_by.username if thread.reopened_by else None,
                [
                    (c.author.username, c.body, c.created_at, c.edited_at, sorted(u.username for u in c.mentions.all()))
                    for c in thread.comments.order_by("created_at", "id")
                ],
            )
            for thread in Thread.objects.filter(workspace=workspace)
        )

    assert threads(copy) == threads(full_workspace)
    on_card = Thread.objects.get(workspace=copy, touchpoint__title="Консультация в магазине")
    assert on_card.is_resolved and on_card.resolver_label == "olivia"
    assert [c.author_label for c in on_card.comments.order_by("created_at")] == ["Eddie", "Olivia"]
    assert not Thread.objects.get(workspace=copy, strategy__title="Jeden głos marki").is_resolved


def test_a_restore_by_someone_alone_links_what_others_did_to_them_and_keeps_their_names(
    full_workspace, team, backup_of
):
    first = backup_of(full_workspace)
    copy = restored(first, team.outsider)
    assert copy.name == "Retail team"
    assert list(Membership.objects.filter(workspace=copy).values_list("user__username", "role")) == [
        ("oscar", Role.OWNER)
    ]
    card = Touchpoint.objects.get(stage__journey__workspace=copy, title="Newsletter z rabatem")
    assert card.owner is None  # the editor owned it: no owner, rather than everything being Oscar's

    comments = Comment.objects.filter(thread__workspace=copy).order_by("created_at", "id")
    assert {comment.author for comment in comments} == {team.outsider}
    assert [comment.author_label for comment in comments] == ["Eddie", "Olivia", "Vera"]
    assert not any(comment.mentions.exists() for comment in comments)  # nobody mentioned is a member here
    thread = Thread.objects.get(workspace=copy, touchpoint__title="Консультация в магазине")
    assert (thread.resolved_by, thread.resolver_label) == (team.outsider, "Olivia")
    revision = StrategyRevision.objects.get(strategy__journey__workspace=copy, title="Stara strategia", number=2)
    assert (revision.author, revision.who) == (team.outsider, "Olivia")

    second = archive_content(backup_of(copy))
    expected = archive_content(first)
    # What differs is exactly who the archive's people became: the rest is the same.
    assert people_named(second) == {"oscar"}
    for content in (second, expected):
        blank_people(content)
    assert differences(second, expected) == []


def test_the_report_says_who_was_found(full_workspace, team, backup_of):
    report = workspace_restore(handle=io.BytesIO(backup_of(full_workspace)), owner=team.owner)
    assert [person["username"] for person in report.found] == ["olivia"]
    assert [person["username"] for person in report.not_found] == ["eddie", "tomasz", "vera"]
    assert report.counts["touchpoints"] == 6


def test_a_restore_writes_in_bulk_whatever_the_size(team, backup_of):
    """Not a query per row: 200 more cards and 100 more comments cost a few more queries, those of the bulk
    inserts' batches (SQLite takes 999 values in one insert: 58 cards)."""
    from channels.models import Channel
    from comments.services import comment_create
    from journeys.services import journey_create
    from touchpoints.services import touchpoints_bulk_create

    journey = journey_create(workspace=team.workspace, title="Growing", template="default", created_by=team.owner)
    stages = list(journey.stages.all())
    channel = Channel.objects.filter(workspace=team.workspace).first()

    def queries_of_a_restore() -> int:
        plan = restore.read_archive(io.BytesIO(backup_of(team.workspace)))
        with CaptureQueriesContext(connection) as queries:
            restore.write(plan, owner=team.owner)
        return len(queries)

    touchpoints_bulk_create(
        journey=journey, stage_cards=[(stages[i % 5], {"title": f"Card {i}", "channel": channel}) for i in range(5)]
    )
    comment_create(target=Touchpoint.objects.filter(stage__journey=journey).first(), author=team.owner, body="One")
    small = queries_of_a_restore()
    touchpoints_bulk_create(
        journey=journey, stage_cards=[(stages[i % 5], {"title": f"More {i}", "channel": channel}) for i in range(200)]
    )
    for index, card in enumerate(Touchpoint.objects.filter(stage__journey=journey)[:100]):
        comment_create(target=card, author=team.editor, body=f"Comment {index}")
    large = queries_of_a_restore()
    assert small <= large <= small + 8
    assert large < 60


def test_a_backup_reads_each_map_in_the_same_number_of_queries_whatever_its_size(team, backup_of):
    from channels.models import Channel
    from journeys.services import journey_create
    from touchpoints.services import touchpoints_bulk_create

    journey = journey_create(workspace=team.workspace, title="Growing", template="default", created_by=team.owner)
    stages = list(journey.stages.all())
    channel = Channel.objects.filter(workspace=team.workspace).first()

    def queries_of_a_backup() -> int:
        with CaptureQueriesContext(connection) as queries:
            backup_of(team.workspace)
        return len(queries)

    touchpoints_bulk_create(journey=journey, stage_cards=[(stages[0], {"title": "One", "channel": channel})])
    small = queries_of_a_backup()
    touchpoints_bulk_create(
        journey=journey, stage_cards=[(stages[i % 5], {"title": f"Card {i}", "channel": channel}) for i in range(300)]
    )
    assert queries_of_a_backup() == small
    # A second map costs the same again: queries grow with maps, not with cards.
    journey_create(workspace=team.workspace, title="Second", template="default", created_by=team.owner)
    assert queries_of_a_backup() <= small + 30


def test_maps_keep_their_links_to_each_other(full_workspace, team, backup_of):
    copy = restored(backup_of(full_workspace), team.owner)
    future = Journey.objects.get(workspace=copy, title="Ścieżka klienta (future state)")
    assert future.future_of.workspace_id == copy.pk
    assert future.future_of.title == "Ścieżka klienta — 고객 여정 — Путь клиента"
    card = Touchpoint.objects.get(stage__journey=future)
    assert card.origin.title == "Newsletter z rabatem" and card.origin.stage.journey_id == future.future_of_id
    assert [persona.name for persona in card.personas.all()] == ["Nobody's persona"]
