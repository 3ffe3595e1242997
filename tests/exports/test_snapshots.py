"""Snapshots of a map (issue 12): one keeps the whole map as its JSON document; a restore puts it back into
the same map, keeping the ids of what the map still has, the strategies' history (with a "restored"
revision) and a safety snapshot of what it replaced; one is taken before every import into the map."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from activity.models import BoardActivity
from comments.models import Comment
from comments.services import comment_create
from evidence.services import card_confidence_set, evidence_create
from exports import services, snapshots
from exports.compare import compare_maps
from exports.importers.readings_csv import Mapping
from exports.models import ImportJob, ImportKind, JobStatus, Snapshot, SnapshotKind
from exports.selectors import map_document
from exports.snapshots import snapshot_delete, snapshot_take
from journeys.models import Journey, LaneKind, Stage
from journeys.services import journey_update, lane_cell_set, lane_create, lane_delete, stage_create, stage_delete
from journeys.signals import Change
from metrics.models import Metric
from metrics.services import reading_record
from opportunities.services import opportunity_create
from strategies.models import RevisionKind, Strategy, StrategyRevision, StrategyStatus
from strategies.services import strategy_create, strategy_update
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create, touchpoint_delete, touchpoint_move, touchpoint_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def whole_map(laned_map, strategic_map, team):
    """The Korean, Polish and Russian map with its lanes worked on, strategies with histories, a reading,
    evidence, a card's confidence set by hand, an opportunity and a comment on a card."""
    journey = strategic_map
    newsletter = Touchpoint.objects.get(title="Newsletter z rabatem")
    consultation = Touchpoint.objects.get(title="Консультация в магазине")
    csat = Metric.objects.get(workspace=team.workspace, name="CSAT")
    reading_record(
        metric=csat,
        journey=journey,
        value=Decimal("4.5"),
        period_start=datetime.date(2026, 3, 1),
        touchpoint=newsletter,
    )
    evidence = evidence_create(
        journey=journey, text="Za dużo maili", observed_on=datetime.date(2026, 3, 2), touchpoints=[newsletter]
    )
    card_confidence_set(touchpoint=consultation, level="validated")
    opportunity_create(journey=journey, title="Mniej maili", touchpoints=[newsletter], evidence=[evidence])
    comment_create(target=newsletter, author=team.editor, body="Sprawdzić w kwietniu")
    return journey


def without_time(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "exported_at"}


def restore(snapshot: Snapshot, user) -> ImportJob:
    """Queue the restore as the page does, and run it as the worker does."""
    job = services.snapshot_restore_create(snapshot=snapshot, created_by=user)
    services.import_job_run(job_id=job.pk)
    return ImportJob.objects.get(pk=job.pk)


def change_everything(journey: Journey, team) -> dict:
    """Change the map in every way a team does: what is left of it is returned by name."""
    stages = list(journey.stages.order_by("position"))
    newsletter = Touchpoint.objects.get(title="Newsletter z rabatem")
    touchpoint_update(
        touchpoint=Touchpoint.objects.get(title="카카오톡 광고 메시지"), title="Kakao — nowy tekst", emotion=-2
    )
    touchpoint_move(touchpoint=newsletter, stage=stages[2])
    touchpoint_delete(touchpoint=Touchpoint.objects.get(title="=1+2 formula-looking title"))
    touchpoint_delete(touchpoint=Touchpoint.objects.get(title="Консультация в магазине"))  # (its strategy stays)
    added = touchpoint_create(stage=stages[0], channel=newsletter.channel, title="Nowa karta")
    comment_create(target=added, author=team.owner, body="Dodane po warsztacie")
    stage_delete(stage=stages[5])  # with its card and its texts
    stage_create(journey=journey, name="Poleca znajomym")
    from journeys.services import stage_update

    stage_update(stage=stages[1], name="Porównuje oferty")
    actions = journey.lanes.get(kind=LaneKind.TEXT, title="Customer actions")
    lane_cell_set(lane=actions, stage=stages[0], body="Inny tekst", actor=team.owner)
    lane_delete(lane=journey.lanes.get(title="Zaplecze — 백오피스"))
    lane_create(journey=journey, kind=LaneKind.TEXT, title="Nowy pas")
    journey_update(journey=journey, title="Nowy tytuł", description="")
    voice = Strategy.objects.get(title="Jeden głos marki")
    strategy_update(strategy=voice, author=team.editor, change_note="Krócej", body="Krótko.")
    strategy_create(journey=journey, title="Strategia po warsztacie", status=StrategyStatus.ACTIVE, author=team.owner)
    csat = Metric.objects.get(workspace=team.workspace, name="CSAT")
    reading_record(metric=csat, journey=journey, value=Decimal(2), period_start=datetime.date(2026, 4, 1))
    return {"added": added, "newsletter": newsletter}


def test_a_snapshot_keeps_the_whole_map_as_its_json_document(whole_map, team):
    snapshot = snapshot_take(journey=whole_map, name="Po warsztacie", note="Przed zmianami", created_by=team.editor)
    assert without_time(snapshot.content) == without_time(map_document(whole_map.pk, with_ids=True))
    plain = json.loads(json.dumps(snapshot.content))
    for stage in plain["stages"]:
        assert stage.pop("id")
    for section in ("channels", "lanes", "strategies"):
        for entry in plain[section]:
            assert entry.pop("id")
    assert without_time(plain) == without_time(map_document(whole_map.pk))  # the export, with ids beside
    assert (snapshot.stage_count, snapshot.card_count) == (6, 5)
    assert snapshot.size == len(json.dumps(snapshot.content, ensure_ascii=False).encode())
    assert (snapshot.kind, snapshot.reason, snapshot.taken_by) == (SnapshotKind.MANUAL, "Przed zmianami", "Eddie")


def test_a_restore_gives_the_snapshot_back_in_the_same_map(whole_map, team):
    snapshot = snapshot_take(journey=whole_map, name="v1", created_by=team.owner)
    kept_comment = Comment.objects.get(body="Sprawdzić w kwietniu")
    change_everything(whole_map, team)
    changed = map_document(whole_map.pk, with_ids=True)

    job = restore(snapshot, team.editor)

    assert job.status == JobStatus.SUCCEEDED and job.progress == 100, (job.error, job.problems)
    assert job.journey_id == whole_map.pk and Journey.objects.count() == 1
    document = map_document(whole_map.pk, with_ids=True)
    expected = without_time(snapshot.content)
    for name in ("strategies",):  # (their histories go on: below)
        expected.pop(name), document.pop(name)
    assert without_time(document) == expected  # the same ids too: a deleted card and stage come back as they were
    assert Comment.objects.filter(pk=kept_comment.pk, thread__touchpoint__title="Newsletter z rabatem").exists()
    assert not Comment.objects.filter(body="Dodane po warsztacie").exists()  # (its card was added since)
    assert job.mapping["removed_cards"] == 1 and job.mapping["removed_comments"] == 1

    safety = Snapshot.objects.get(kind=SnapshotKind.BEFORE_RESTORE)
    assert job.mapping["safety_snapshot"] == safety.pk
    assert (safety.name, safety.note, safety.created_by) == ("Before restoring “v1”", "v1", team.editor)
    assert without_time(safety.content) == without_time(changed)
    assert safety.reason == "Taken before restoring the snapshot “v1”."
    entry = BoardActivity.objects.filter(journey=whole_map).first()
    assert (entry.action, entry.target_label, entry.actor) == (Change.RESTORED, "v1", team.editor)


def test_strategies_keep_their_history_and_get_a_restored_revision(whole_map, team):
    voice = Strategy.objects.get(title="Jeden głos marki")
    training = Strategy.objects.get(title="매장 직원 교육")  # on the consultation card
    unchanged = Strategy.objects.get(title="Szkic: program lojalnościowy")
    history = {s.pk: list(s.revisions.order_by("number").values()) for s in (voice, training, unchanged)}
    snapshot = snapshot_take(journey=whole_map, name="v1", created_by=team.owner)
    change_everything(whole_map, team)  # voice edited, the card of the training strategy deleted
    assert Strategy.objects.get(pk=training.pk).touchpoint is None

    restore(snapshot, team.editor)

    for strategy, edits in ((voice, 1), (training, 0)):
        revisions = list(StrategyRevision.objects.filter(strategy=strategy).order_by("number").values())
        assert revisions[: len(history[strategy.pk])] == history[strategy.pk]  # nothing rewritten
        last = revisions[-1]
        assert len(revisions) == len(history[strategy.pk]) + edits + 1
        assert (last["kind"], last["restored_from"]) == (RevisionKind.RESTORED, history[strategy.pk][-1]["number"])
        assert last["change_note"] == "Restored from the snapshot “v1”." and last["author_id"] == team.editor.pk
        then = history[strategy.pk][-1]
        assert (last["title"], last["body"], last["status"]) == (then["title"], then["body"], then["status"])
    assert Strategy.objects.get(pk=training.pk).touchpoint.title == "Консультация в магазине"  # back on its card
    assert list(unchanged.revisions.order_by("number").values()) == history[unchanged.pk]  # nothing to record

    since = Strategy.objects.get(title="Strategia po warsztacie")
    assert since.status == StrategyStatus.RETIRED  # retired, not deleted: its history stays
    assert [r.kind for r in since.revisions.order_by("number")] == [RevisionKind.CREATED, RevisionKind.EDITED]
    assert "v1" in since.revisions.order_by("number").last().change_note


def test_a_strategy_deleted_since_comes_back_with_its_history(whole_map, team):
    answer = Strategy.objects.get(title="Odpowiadać w ciągu godziny")
    history = [(r.number, r.kind, r.title, r.body, r.status) for r in answer.revisions.order_by("number")]
    snapshot = snapshot_take(journey=whole_map, name="v1", created_by=team.owner)
    StrategyRevision._base_manager.filter(strategy=answer).delete()  # (as a trash emptied might)
    Strategy.objects.filter(pk=answer.pk).delete()

    restore(snapshot, team.owner)

    back = Strategy.objects.get(journey=whole_map, title="Odpowiadać w ciągu godziny")
    revisions = list(back.revisions.order_by("number"))
    assert [(r.number, r.kind, r.title, r.body, r.status) for r in revisions[:-1]] == history
    assert (revisions[-1].kind, revisions[-1].restored_from) == (RevisionKind.RESTORED, history[-1][0])
    assert back.stage == whole_map.stages.order_by("position").first()


def test_restoring_the_safety_snapshot_undoes_the_restore(whole_map, team):
    snapshot = snapshot_take(journey=whole_map, name="v1", created_by=team.owner)
    change_everything(whole_map, team)
    changed = without_time(map_document(whole_map.pk, with_ids=True))
    restore(snapshot, team.owner)
    safety = Snapshot.objects.get(kind=SnapshotKind.BEFORE_RESTORE)

    restore(safety, team.owner)

    document = without_time(map_document(whole_map.pk, with_ids=True))
    document.pop("strategies"), changed.pop("strategies")
    assert document == changed
    assert Snapshot.objects.filter(kind=SnapshotKind.BEFORE_RESTORE).count() == 2


def test_one_restore_of_a_map_at_a_time(whole_map, team):
    snapshot = snapshot_take(journey=whole_map, name="v1", created_by=team.owner)
    first = services.snapshot_restore_create(snapshot=snapshot, created_by=team.owner)
    with pytest.raises(services.RestoreRunning) as busy:
        services.snapshot_restore_create(snapshot=snapshot, created_by=team.editor)
    assert busy.value.job == first
    services.import_job_run(job_id=first.pk)
    second = services.snapshot_restore_create(snapshot=snapshot, created_by=team.editor)
    assert second.status == JobStatus.QUEUED and second.kind == ImportKind.SNAPSHOT_RESTORE


def test_a_restore_whose_snapshot_was_deleted_fails_and_changes_nothing(whole_map, team):
    snapshot = snapshot_take(journey=whole_map, name="v1", created_by=team.owner)
    job = services.snapshot_restore_create(snapshot=snapshot, created_by=team.owner)
    touchpoint_update(touchpoint=Touchpoint.objects.get(title="Newsletter z rabatem"), title="Zmieniony")
    snapshot_delete(snapshot=snapshot)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.problems[0]["message"] == "The snapshot no longer exists."
    assert job.error.startswith("The snapshot could not be restored")
    assert Touchpoint.objects.filter(title="Zmieniony").exists() and not Snapshot.objects.exists()


def test_a_snapshot_is_taken_before_each_import_into_the_map(journey, team, touchpoint):
    upload = SimpleUploadedFile("karty.csv", b"stage,title,channel\nAwareness,Billboard,Store\n")
    job = services.import_job_create_touchpoints(journey=journey, upload=upload, created_by=team.editor)
    services.import_job_run(job_id=job.pk)
    before = Snapshot.objects.get()
    stored = ImportJob.objects.get(pk=job.pk).file.name.rsplit("/", 1)[-1]  # (as the activity feed names it)
    assert (before.kind, before.note, before.created_by) == (SnapshotKind.BEFORE_IMPORT, stored, team.editor)
    assert before.name == f"Before the import of {stored}"
    titles = [card["title"] for stage in before.content["stages"] for card in stage["touchpoints"]]
    assert titles == ["Promotional e-mail"]  # as the import found it
    assert Touchpoint.objects.filter(title="Billboard").exists()

    cost = Metric.objects.get(workspace=team.workspace, name="Cost")
    readings = services.import_job_create_mapped(
        journey=journey,
        upload=SimpleUploadedFile("koszty.csv", b"Month,Channel,Value\n2026-01,E-mail,5\n"),
        created_by=team.editor,
    )
    services.import_job_map_columns(
        job=readings, mapping=Mapping(columns={"date": 0, "channel": 1, "value": 2}, metric_id=cost.pk)
    )
    services.import_job_run(job_id=readings.pk)
    assert Snapshot.objects.filter(kind=SnapshotKind.BEFORE_IMPORT).count() == 2
    assert Snapshot.objects.first().content["readings"] == []

    refused = services.import_job_create_touchpoints(
        journey=journey,
        upload=SimpleUploadedFile("zle.csv", b"stage,title,channel\nNowhere,X,Store\n"),
        created_by=team.editor,
    )
    services.import_job_run(job_id=refused.pk)
    assert ImportJob.objects.get(pk=refused.pk).status == JobStatus.FAILED
    assert Snapshot.objects.count() == 2  # a refused import wrote nothing, and kept nothing


@pytest.mark.parametrize(("name", "note"), [("", ""), ("   ", ""), ("x" * 121, ""), ("ok", "y" * 301)])
def test_a_snapshot_by_hand_needs_a_name_within_bounds(journey, team, name, note):
    with pytest.raises(ValidationError):
        snapshot_take(journey=journey, name=name, note=note, created_by=team.owner)
    assert not Snapshot.objects.exists()


def test_a_map_keeps_a_bounded_number_of_snapshots(journey, team, monkeypatch):
    monkeypatch.setattr(snapshots, "MAX_SNAPSHOTS_BY_HAND", 2)
    monkeypatch.setattr(snapshots, "AUTOMATIC_SNAPSHOTS_KEPT", 2)
    first = snapshot_take(journey=journey, name="1", created_by=team.owner)
    snapshot_take(journey=journey, name="2", created_by=team.owner)
    with pytest.raises(ValidationError) as error:
        snapshot_take(journey=journey, name="3", created_by=team.owner)
    assert "already keeps 2 snapshots taken by hand" in error.value.messages[0]

    oldest = snapshot_take(journey=journey, kind=SnapshotKind.BEFORE_IMPORT, note="a.csv")
    for name in ("b.csv", "c.csv"):
        snapshot_take(journey=journey, kind=SnapshotKind.BEFORE_IMPORT, note=name)
    automatic = Snapshot.objects.filter(kind=SnapshotKind.BEFORE_IMPORT)
    assert sorted(automatic.values_list("note", flat=True)) == ["b.csv", "c.csv"]  # the oldest went
    assert not Snapshot.objects.filter(pk=oldest.pk).exists()
    kept = automatic.get(note="b.csv")
    snapshot_take(journey=journey, kind=SnapshotKind.BEFORE_RESTORE, note="b", keep=kept)
    assert Snapshot.objects.filter(pk=kept.pk).exists()  # the snapshot being restored stays
    assert Snapshot.objects.filter(pk=first.pk).exists()  # (those by hand are never pruned)


def test_a_map_too_large_to_keep_is_refused(journey, team, settings):
    settings.SNAPSHOT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        snapshot_take(journey=journey, name="big", created_by=team.owner)
    assert "too large to keep as a snapshot" in error.value.messages[0]


def test_a_snapshot_compared_with_now_pairs_cards_by_id(whole_map, team):
    snapshot = snapshot_take(journey=whole_map, name="v1", created_by=team.owner)
    parts = change_everything(whole_map, team)
    comparison = compare_maps(snapshot, Journey.objects.get(pk=whole_map.pk))
    cards = {card.title: card for stage in comparison.stages for card in stage.cards}
    assert cards["Kakao — nowy tekst"].kind == "changed"  # renamed: paired by its id, not its title
    assert set(cards["Kakao — nowy tekst"].changed) == {"title", "emotion"}
    assert cards["Newsletter z rabatem"].changed == ["stage"]
    assert cards["=1+2 formula-looking title"].kind == "removed"
    assert (cards["Nowa karta"].kind, cards["Nowa karta"].after["id"]) == ("added", parts["added"].pk)
    assert comparison.totals == {"added": 1, "removed": 3, "changed": 2, "same": 0}
    assert (comparison.before.title, comparison.after.title) == ("v1", "Nowy tytuł")


def test_taking_a_snapshot_reads_a_fixed_number_of_queries(journey, team, channel, django_assert_num_queries):
    stage = journey.stages.first()

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            snapshot_take(journey=journey, name="n", created_by=team.owner)
        return len(captured)

    few = queries()
    for number in range(30):
        touchpoint_create(stage=journey.stages.last(), channel=channel, title=f"Card {number}")
    stage_create(journey=journey, name="More")
    strategy_create(journey=journey, stage=stage, title="A way", author=team.owner)
    assert queries() == few + 2  # (the strategies' revisions, read once there are strategies)


def test_a_restore_writes_in_a_number_of_queries_that_does_not_grow_with_the_cards(journey, team, channel):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stage = Stage.objects.filter(journey=journey).first()

    def restore_queries() -> int:
        snapshot = snapshot_take(journey=journey, name="n", created_by=team.owner)
        for card in Touchpoint.objects.filter(stage__journey=journey):
            touchpoint_update(touchpoint=card, title=card.title + "!")
        job = services.snapshot_restore_create(snapshot=snapshot, created_by=team.owner)
        with CaptureQueriesContext(connection) as captured:
            services.import_job_run(job_id=job.pk)
        assert ImportJob.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED
        return len(captured)

    for number in range(5):
        touchpoint_create(stage=stage, channel=channel, title=f"Card {number}")
    few = restore_queries()
    for number in range(60):
        touchpoint_create(stage=stage, channel=channel, title=f"More {number}")
    assert restore_queries() == few


@pytest.fixture
def board_events(settings):
    """The board events published during the test (a broker of its own)."""
    import asyncio
    import uuid

    from live.broker import get_broker, reset_broker

    settings.LIVE_KEY_PREFIX = f"jb:test:{uuid.uuid4().hex[:12]}:"
    reset_broker()
    broker = get_broker()
    yield lambda journey: asyncio.run(broker.since(journey.pk, "0")) or []
    if hasattr(broker, "client"):
        keys = list(broker.client.scan_iter(match=settings.LIVE_KEY_PREFIX + "*"))
        if keys:
            broker.client.delete(*keys)
    reset_broker()


def test_open_boards_read_the_whole_map_again_after_a_restore(
    journey, touchpoint, team, board_events, django_capture_on_commit_callbacks
):
    snapshot = snapshot_take(journey=journey, name="v1", created_by=team.owner)
    touchpoint_update(touchpoint=touchpoint, title="Changed")
    job = services.snapshot_restore_create(snapshot=snapshot, created_by=team.owner)
    already = len(board_events(journey))
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_run(job_id=job.pk)
    events = board_events(journey)[already:]
    assert events[-1].kind == "map.restored" and events[-1].board is True
