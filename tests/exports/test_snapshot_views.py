"""The Snapshots page of a map, a snapshot's read-only map, its comparison with now and its restore, in the
browser's requests: who may do what, errors in the page, and a fixed number of queries."""

import pytest
from django.urls import reverse

from comments.services import comment_create
from exports import services
from exports.models import ImportJob, ImportKind, Snapshot, SnapshotKind
from exports.snapshots import snapshot_take
from journeys.models import LaneKind
from journeys.services import lane_cell_set, stage_update
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create, touchpoint_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(journey, touchpoint, team):
    return snapshot_take(journey=journey, name="Before the workshop", note="Workshop on Monday", created_by=team.editor)


ROLES = ("outsider", "viewer", "editor", "owner")


@pytest.mark.parametrize(
    ("method", "route", "expected"),
    [
        ("get", "exports:snapshots", (404, 200, 200, 200)),
        ("get", "exports:snapshot", (404, 200, 200, 200)),
        ("get", "exports:snapshot_compare", (404, 200, 200, 200)),
        ("get", "exports:snapshot_restore", (404, 403, 200, 200)),
        ("post", "exports:snapshot_restore", (404, 403, 302, 409)),  # (the editor's restore is running then)
        ("post", "exports:snapshot_delete", (404, 403, 302, 404)),  # (the editor has deleted it)
    ],
)
def test_who_may_do_what(team, journey, snapshot, client_for, method, route, expected):
    target = journey.pk if route == "exports:snapshots" else snapshot.pk
    statuses = []
    for role in ROLES:
        client = client_for(team.users[role])
        statuses.append(getattr(client, method)(reverse(route, args=[target])).status_code)
    assert tuple(statuses) == expected


def test_editors_take_snapshots_from_the_page_and_viewers_only_read_them(team, journey, touchpoint, client_for):
    url = reverse("exports:snapshots", args=[journey.pk])
    board = client_for(team.viewer).get(reverse("boards:board", args=[journey.pk])).content.decode()
    assert url in board  # (the Export menu's link)
    viewer_page = client_for(team.viewer).get(url).content.decode()
    assert "No snapshot of this map yet." in viewer_page and "Take snapshot" not in viewer_page
    assert client_for(team.viewer).post(url, {"name": "Mine"}).status_code == 403

    client = client_for(team.editor)
    response = client.post(url, {"name": "  After the workshop ", "note": "Signed off by <b>Olivia</b>"})
    snapshot = Snapshot.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{url}#snapshot-{snapshot.pk}"
    assert (snapshot.name, snapshot.kind, snapshot.created_by, snapshot.card_count) == (
        "After the workshop",
        SnapshotKind.MANUAL,
        team.editor,
        1,
    )
    page = client.get(url).content.decode()
    assert "Snapshot “After the workshop” taken." in page
    assert f'<a href="{reverse("exports:snapshot", args=[snapshot.pk])}">After the workshop</a>' in page
    assert "Signed off by &lt;b&gt;Olivia&lt;/b&gt;" in page and "Taken by hand" in page and "Eddie" in page
    assert "1 stage" not in page and "5 stages, 1 card" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "x" * 121}, "name", "Ensure this value has at most 120 characters (it has 121)."),
        ({"name": "ok", "note": "y" * 301}, "note", "Ensure this value has at most 300 characters (it has 301)."),
    ],
)
def test_a_bad_snapshot_name_is_said_beside_its_field(team, journey, client_for, data, field, message):
    response = client_for(team.editor).post(reverse("exports:snapshots", args=[journey.pk]), data)
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert 'role="alert"' in response.content.decode() and not Snapshot.objects.exists()


def test_a_map_at_its_count_of_snapshots_says_so_in_the_page(team, journey, client_for, monkeypatch):
    from exports import snapshots

    monkeypatch.setattr(snapshots, "MAX_SNAPSHOTS_BY_HAND", 1)
    client = client_for(team.owner)
    url = reverse("exports:snapshots", args=[journey.pk])
    client.post(url, {"name": "One"})
    response = client.post(url, {"name": "Two"})
    assert response.status_code == 422
    assert "This map already keeps 1 snapshot taken by hand" in response.context["form"].errors["name"][0]


def test_the_snapshot_shows_the_map_as_it_was_read_only(team, journey, touchpoint, persona, channel, client_for):
    stages = list(journey.stages.order_by("position"))
    actions = journey.lanes.get(kind=LaneKind.TEXT)
    lane_cell_set(lane=actions, stage=stages[0], body="Reads **reviews**\n\n<script>alert(1)</script>")
    touchpoint_create(stage=stages[1], channel=channel, title="<b>Store visit</b>", emotion=-2, pain_points="Queues")
    snapshot = snapshot_take(journey=journey, name="v1", created_by=team.owner)
    touchpoint_update(touchpoint=touchpoint, title="Rewritten since")
    stage_update(stage=stages[0], name="Renamed since")

    response = client_for(team.viewer).get(reverse("exports:snapshot", args=[snapshot.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Promotional e-mail" in html and "Rewritten since" not in html
    assert "<h2>Awareness</h2>" in html and "Renamed since" not in html
    assert "Reads <strong>reviews</strong>" in html and "<script>alert(1)" not in html  # Markdown, sanitised
    assert "&lt;b&gt;Store visit&lt;/b&gt;" in html  # a card's title escaped
    assert 'aria-label="Emotion: Very negative"' in html and 'aria-label="Ji-woo Park"' in html
    assert "<li>Queues</li>" in html  # the pain points lane
    assert '<svg class="curve" width="100%" height="96" role="img" aria-label="All touchpoints: +1.0">' in html
    assert "Read only" in html and reverse("boards:touchpoint_detail", args=[touchpoint.pk]) not in html
    assert reverse("exports:snapshot_restore", args=[snapshot.pk]) not in html  # (a viewer's page)
    editor_html = client_for(team.editor).get(reverse("exports:snapshot", args=[snapshot.pk])).content.decode()
    assert reverse("exports:snapshot_restore", args=[snapshot.pk]) in editor_html


def test_a_snapshot_compared_with_now_is_the_maps_comparison(team, journey, touchpoint, client_for):
    snapshot = snapshot_take(journey=journey, name="v1", created_by=team.owner)
    touchpoint_update(touchpoint=touchpoint, title="New words", emotion=-1)
    html = client_for(team.viewer).get(reverse("exports:snapshot_compare", args=[snapshot.pk])).content.decode()
    assert "From “v1” to “Retail journey”:" in html
    assert "0 cards added" in html and "1 changed" in html
    assert "<del>Promotional e-mail</del> → <ins>New words</ins>" in html
    assert 'class="compare-chart"' in html


def test_the_restore_page_says_what_goes_then_the_restore_runs_in_the_background(team, journey, touchpoint, client_for):
    snapshot = snapshot_take(journey=journey, name="v1", created_by=team.owner)
    added = touchpoint_create(stage=journey.stages.first(), channel=touchpoint.channel, title="Added since")
    comment_create(target=added, author=team.editor, body="A comment")
    client = client_for(team.editor)
    url = reverse("exports:snapshot_restore", args=[snapshot.pk])
    page = client.get(url).content.decode()
    assert "1 card added since the snapshot will be removed, with its 1 comment" in page
    assert "From “Retail journey” to “v1”:" in page  # what the restore does
    assert "A safety snapshot of the map as it is now is taken first" in page

    response = client.post(url)
    job = ImportJob.objects.get(kind=ImportKind.SNAPSHOT_RESTORE)
    assert response.status_code == 302 and response["Location"] == reverse("exports:import_job", args=[job.pk])
    running = client.post(url)
    assert running.status_code == 409 and "This map is being restored already" in running.content.decode()
    status = client.get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert 'aria-label="Restore progress"' in status and "<h1>Restore</h1>" in status

    services.import_job_run(job_id=job.pk)  # what the worker does
    status = client.get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert "The map is back as it was in the snapshot “v1”." in status
    assert "A safety snapshot keeps what the restore replaced." in status
    assert "1 card added since the snapshot was removed (with 1 comment)." in status
    assert not Touchpoint.objects.filter(title="Added since").exists()
    listing = client.get(reverse("exports:snapshots", args=[journey.pk])).content.decode()
    assert "Eddie restored “v1”" in listing and "Before restoring “v1”" in listing
    assert "Taken before restoring the snapshot “v1”." in listing
    feed = client.get(reverse("activity:map", args=[journey.pk])).content.decode()
    assert "Eddie restored the map as it was in the snapshot “v1”" in feed


def test_a_failed_restore_says_so_in_its_page(team, journey, touchpoint, client_for):
    snapshot = snapshot_take(journey=journey, name="v1", created_by=team.owner)
    job = services.snapshot_restore_create(snapshot=snapshot, created_by=team.owner)
    Snapshot.objects.filter(pk=snapshot.pk).delete()
    services.import_job_run(job_id=job.pk)
    html = client_for(team.owner).get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert "The snapshot could not be restored: 1 problem found; the map was not changed." in html
    listing = client_for(team.owner).get(reverse("exports:snapshots", args=[journey.pk])).content.decode()
    assert "Olivia restored a snapshot deleted since" in listing and "Failed" in listing


def test_deleting_a_snapshot(team, journey, snapshot, client_for):
    client = client_for(team.editor)
    response = client.post(reverse("exports:snapshot_delete", args=[snapshot.pk]))
    assert response.status_code == 302 and not Snapshot.objects.exists()
    assert "Snapshot “Before the workshop” deleted." in client.get(response["Location"]).content.decode()


def test_the_snapshots_page_reads_a_fixed_number_of_queries(
    team, journey, touchpoint, client_for, django_assert_max_num_queries
):
    client = client_for(team.viewer)
    url = reverse("exports:snapshots", args=[journey.pk])
    snapshot_take(journey=journey, name="one", created_by=team.owner)
    # session, user, the map with the viewer's role, the snapshots with their takers, the restores
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200
    for number in range(12):
        snapshot = snapshot_take(journey=journey, name=f"n{number}", created_by=team.editor)
    services.import_job_run(job_id=services.snapshot_restore_create(snapshot=snapshot, created_by=team.owner).pk)
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200


def test_a_snapshots_map_is_drawn_in_a_fixed_number_of_queries(
    team, journey, touchpoint, channel, client_for, django_assert_max_num_queries
):
    client = client_for(team.viewer)
    small = snapshot_take(journey=journey, name="small", created_by=team.owner)
    for number in range(40):
        touchpoint_create(stage=journey.stages.last(), channel=channel, title=f"Card {number}")
    large = snapshot_take(journey=journey, name="large", created_by=team.owner)
    # session, user, the snapshot with its map, workspace, taker and the viewer's role
    for snapshot in (small, large):
        with django_assert_max_num_queries(3):
            assert client.get(reverse("exports:snapshot", args=[snapshot.pk])).status_code == 200
    assert Snapshot.objects.get(pk=large.pk).card_count == 41


def test_a_snapshot_of_a_board_split_by_channel_has_a_row_per_channel_its_cards_use(
    team, journey, touchpoint, client_for
):
    from journeys.models import CardSplit
    from journeys.services import lane_update

    lane_update(lane=journey.lanes.get(kind=LaneKind.CARDS), split_by=CardSplit.CHANNEL)
    snapshot = snapshot_take(journey=journey, name="v1", created_by=team.owner)
    html = client_for(team.viewer).get(reverse("exports:snapshot", args=[snapshot.pk])).content.decode()
    assert html.count('class="lane-sub"') == 1 and ">E-mail</span>" in html  # (the one channel with cards)
    assert 'aria-label="E-mail in Awareness"' in html
