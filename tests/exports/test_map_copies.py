"""Duplicating a map (into the same or another of the user's workspaces) and planning its future state
(issue 12: current and future state, duplicates). The copy is made in the background as an import
job, from the map's JSON export: everything the export carries comes across."""

import pytest
from django.urls import reverse

from exports import services
from exports.compare import compare_maps
from exports.models import ImportJob, ImportKind, JobStatus
from exports.selectors import map_document
from journeys.models import Journey, MapState
from journeys.services import journey_create
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create, touchpoint_delete, touchpoint_update
from workspaces.models import Role
from workspaces.services import membership_set

from .helpers import comparable

pytestmark = pytest.mark.django_db


def run(job_id: int) -> ImportJob:
    services.import_job_run(job_id=job_id)
    return ImportJob.objects.select_related("journey").get(pk=job_id)


def same_map(copy: Journey, original: Journey) -> None:
    theirs, ours = comparable(map_document(original.pk)), comparable(map_document(copy.pk))
    for document in (theirs, ours):
        document.pop("journey")
    assert ours == theirs


def test_duplicate_in_the_same_workspace_from_the_board_menu(rich_map, team, client_for):
    client = client_for(team.editor)
    board = client.get(reverse("boards:board", args=[rich_map.pk])).content.decode()
    assert reverse("exports:map_copy", args=[rich_map.pk]) in board
    page = client.get(reverse("exports:map_copy", args=[rich_map.pk])).content.decode()
    assert f'<option value="{team.workspace.pk}" selected>' in page

    response = client.post(reverse("exports:map_copy", args=[rich_map.pk]), {"workspace": team.workspace.pk})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("exports:import_job", args=[job.pk])
    assert (job.kind, job.source_id, job.status) == (ImportKind.DUPLICATE, rich_map.pk, JobStatus.QUEUED)
    job = run(job.pk)
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100, job.problems
    copy = job.journey
    assert copy.pk != rich_map.pk and copy.workspace == team.workspace
    assert copy.title == f"{rich_map.title} (copy)" and copy.future_of is None
    same_map(copy, rich_map)
    pairs = Touchpoint.objects.filter(stage__journey=copy).order_by("stage__position", "position")
    originals = Touchpoint.objects.filter(stage__journey=rich_map).order_by("stage__position", "position")
    assert [card.origin_id for card in pairs] == [card.pk for card in originals]  # each knows its original
    status = client.get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert reverse("boards:board", args=[copy.pk]) in status


def test_duplicate_into_another_workspace_the_user_edits(rich_map, team, client_for):
    membership_set(workspace=team.other_workspace, user=team.editor, role=Role.EDITOR)
    client = client_for(team.editor)
    client.post(reverse("exports:map_copy", args=[rich_map.pk]), {"workspace": team.other_workspace.pk})
    copy = run(ImportJob.objects.get().pk).journey
    assert copy.workspace == team.other_workspace
    same_map(copy, rich_map)  # its personas and channels made there


def test_nobody_copies_into_a_workspace_they_do_not_edit_or_a_map_they_cannot_read(rich_map, team, client_for):
    viewer = client_for(team.viewer)
    response = viewer.post(reverse("exports:map_copy", args=[rich_map.pk]), {"workspace": team.workspace.pk})
    assert response.status_code == 422 and "Select a valid choice." in response.content.decode()
    assert viewer.post(reverse("exports:map_plan_future", args=[rich_map.pk])).status_code == 403
    outsider = client_for(team.outsider)  # (the same test client, logged in as someone else)
    assert outsider.get(reverse("exports:map_copy", args=[rich_map.pk])).status_code == 404
    assert outsider.post(reverse("exports:map_plan_future", args=[rich_map.pk])).status_code == 404
    assert not ImportJob.objects.exists()


def test_plan_the_future_state(rich_map, team, client_for):
    client = client_for(team.editor)
    response = client.post(reverse("exports:map_plan_future", args=[rich_map.pk]))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("exports:import_job", args=[job.pk])
    future = run(job.pk).journey
    assert (future.state, future.future_of_id, future.workspace_id) == (
        MapState.FUTURE,
        rich_map.pk,
        rich_map.workspace_id,
    )
    assert future.title == f"{rich_map.title} (future state)"
    assert Journey.objects.get(pk=rich_map.pk).state == MapState.CURRENT  # the original is left as it is
    same_map(future, rich_map)
    board = client.get(reverse("boards:board", args=[future.pk])).content.decode()
    assert "Future state" in board


def test_a_map_deleted_before_its_copy_runs_fails_the_job_saying_so(rich_map, team):
    job = services.map_copy_create(journey=rich_map, workspace=team.workspace, created_by=team.editor)
    rich_map.delete()
    job = run(job.pk)
    assert job.status == JobStatus.FAILED and job.problems[0]["message"] == "The map no longer exists."


def test_the_api_duplicates_and_plans_the_future_state(rich_map, team, api_for):
    api = api_for("editor")
    response = api.post(f"/api/v1/journeys/{rich_map.pk}/duplicate/", {}, format="json")
    assert response.status_code == 202 and response.json()["kind"] == "duplicate"
    copy = run(response.json()["id"]).journey
    assert (
        copy.workspace == team.workspace
        and api.get(f"/api/v1/imports/{copy.import_jobs.get().pk}/").json()["journey"] == copy.pk
    )

    response = api.post(f"/api/v1/journeys/{rich_map.pk}/plan-future/", format="json")
    assert response.status_code == 202
    future = run(response.json()["id"]).journey
    assert api.get(f"/api/v1/journeys/{future.pk}/").json()["future_of"] == rich_map.pk

    other = api.post(
        f"/api/v1/journeys/{rich_map.pk}/duplicate/", {"workspace": team.other_workspace.pk}, format="json"
    )
    assert other.status_code == 400 and "workspace" in other.json()  # not one of the editor's workspaces
    assert api_for("viewer").post(f"/api/v1/journeys/{rich_map.pk}/plan-future/").status_code == 403
    assert api_for("viewer").post(f"/api/v1/journeys/{rich_map.pk}/duplicate/", {}, format="json").status_code == 403
    assert api_for("outsider").post(f"/api/v1/journeys/{rich_map.pk}/duplicate/", {}, format="json").status_code == 404
    assert api.post(f"/api/v1/journeys/{2**70}/duplicate/", {}, format="json").status_code == 404


def test_compare_a_map_with_its_future_state_stage_by_stage(rich_map, team, client_for):
    future = run(
        services.map_copy_create(journey=rich_map, workspace=team.workspace, created_by=team.editor, future=True).pk
    ).journey
    cards = list(Touchpoint.objects.filter(stage__journey=future).order_by("stage__position", "position"))
    changed, removed = cards[0], cards[1]
    touchpoint_update(touchpoint=changed, title="Faster e-mail", emotion=2, expected_version=changed.version)
    removed_title = removed.title
    touchpoint_delete(touchpoint=removed)
    first_stage = future.stages.order_by("position").first()
    touchpoint_create(stage=first_stage, channel=changed.channel, title="Chatbot welcome", emotion=1)

    client = client_for(team.viewer)
    board = client.get(reverse("boards:board", args=[future.pk])).content.decode()
    link = f"{reverse('exports:map_compare')}?before={rich_map.pk}&amp;after={future.pk}"
    assert link in board  # a future state's menu compares it with the map it plans
    response = client.get(link.replace("&amp;", "&"))
    page = response.content.decode()
    assert response.status_code == 200
    same = len(cards) - 2
    assert f"1 card added, 1 removed, 1 changed, {same} unchanged." in " ".join(page.split())
    assert "Faster e-mail" in page and "Chatbot welcome" in page and removed_title in page
    assert "<del>1</del> → <ins>2</ins>" in page  # the emotion, before and after
    assert page.count('class="compare-before"') == 1 and page.count('class="compare-after"') == 1
    assert 'id="curves-table"' in page  # the curves as numbers too


def test_compare_pairs_cards_by_origin_even_when_renamed_and_moved(rich_map, team):
    future = run(
        services.map_copy_create(journey=rich_map, workspace=team.workspace, created_by=team.editor).pk
    ).journey
    card = Touchpoint.objects.filter(stage__journey=future).order_by("stage__position", "position").first()
    last_stage = future.stages.order_by("position").last()
    touchpoint_update(touchpoint=card, title="Renamed", stage=last_stage, expected_version=card.version)
    comparison = compare_maps(rich_map, future)
    [moved] = [change for stage in comparison.stages for change in stage.cards if change.title == "Renamed"]
    assert moved.kind == "changed" and set(moved.changed) == {"title", "stage"}
    assert comparison.totals["added"] == comparison.totals["removed"] == 0


def test_only_two_maps_of_one_workspace_the_user_reads_are_compared(rich_map, team, client_for, journey):
    elsewhere = journey_create(workspace=team.other_workspace, title="Theirs", created_by=team.outsider)
    client = client_for(team.viewer)
    url = reverse("exports:map_compare")
    assert client.get(url).status_code == 200  # the form
    response = client.get(url, {"before": rich_map.pk, "after": rich_map.pk})
    assert response.status_code == 422 and "Choose another map than the first." in response.content.decode()
    response = client.get(url, {"before": rich_map.pk, "after": elsewhere.pk})
    assert response.status_code == 422 and "Select a valid choice." in response.content.decode()
    assert client.get(url, {"before": rich_map.pk, "after": journey.pk}).status_code == 200


def test_comparing_makes_the_same_queries_whatever_the_maps_size(
    rich_map, team, client_for, django_assert_max_num_queries
):
    future = run(
        services.map_copy_create(journey=rich_map, workspace=team.workspace, created_by=team.editor).pk
    ).journey
    client = client_for(team.viewer)
    url = f"{reverse('exports:map_compare')}?before={rich_map.pk}&after={future.pk}"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    stage = future.stages.order_by("position").first()
    channel = Touchpoint.objects.filter(stage__journey=future).first().channel
    for number in range(20):
        touchpoint_create(stage=stage, channel=channel, title=f"More {number}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_api_compares_two_maps(rich_map, team, api_for):
    future = run(
        services.map_copy_create(journey=rich_map, workspace=team.workspace, created_by=team.editor, future=True).pk
    ).journey
    card = Touchpoint.objects.filter(stage__journey=future).order_by("stage__position", "position").first()
    touchpoint_update(touchpoint=card, emotion=-2, expected_version=card.version)
    api = api_for("viewer")
    response = api.get("/api/v1/journeys/compare/", {"before": rich_map.pk, "after": future.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["totals"]["changed"] == 1 and data["totals"]["added"] == data["totals"]["removed"] == 0
    [change] = [c for stage in data["stages"] for c in stage["cards"] if c["kind"] == "changed"]
    assert change["after"] == card.pk and change["before"] == card.origin_id and change["changed"] == ["emotion"]
    assert api.get("/api/v1/journeys/compare/", {"before": rich_map.pk, "after": rich_map.pk}).status_code == 400
    outsider = api_for("outsider").get("/api/v1/journeys/compare/", {"before": rich_map.pk, "after": future.pk})
    assert outsider.status_code == 400 and "before" in outsider.json()  # (ids outside read as unknown)


def test_a_copys_cards_show_the_badges_of_their_originals(strategic_map, team):
    """The board reads kept badge values (boards.CardBadges): a copy's are filled as it is written."""
    from boards.models import CardBadges
    from boards.services import card_badges_refresh

    copy = run(
        services.map_copy_create(journey=strategic_map, workspace=team.workspace, created_by=team.editor).pk
    ).journey

    def badges(journey):
        cards = Touchpoint.objects.filter(stage__journey=journey).order_by("stage__position", "position")
        kept = dict(CardBadges.objects.filter(touchpoint__in=cards).values_list("touchpoint_id", "values"))
        return [kept.get(card.pk, "{}") for card in cards]

    stored = badges(copy)
    card_badges_refresh(journey=copy)  # what they should be, counted again
    assert stored == badges(copy)
    card_badges_refresh(journey=strategic_map)
    assert badges(copy) == badges(strategic_map)  # the same as the original's
