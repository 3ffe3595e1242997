"""The trash page, and Undo on the board: who may do what, what the pages show and what they change."""

import json

import pytest
from django.urls import reverse

from journeys.models import Journey, Lane, LaneKind, Stage
from journeys.services import lane_create, stage_delete
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create, touchpoint_delete
from trash.models import TrashEntry

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def trash_url(team):
    return reverse("trash:workspace", args=[team.workspace.pk])


def triggers(response, header="HX-Trigger") -> dict:
    return json.loads(response.headers.get(header, "{}"))


@pytest.mark.parametrize(
    ("role", "status", "buttons"), [("owner", 200, True), ("editor", 200, True), ("viewer", 200, False)]
)
def test_members_see_the_trash_and_only_editors_get_its_buttons(team, cards, client_for, role, status, buttons):
    touchpoint_delete(touchpoint=cards[1], actor=team.editor)
    response = client_for(team.users[role]).get(trash_url(team))
    html = response.content.decode()
    assert response.status_code == status
    assert "B" in html and "Retail journey" in html and "Eddie" in html and "Touchpoint" in html
    assert "in the stage “Awareness”" in html
    assert ("Restore “B”" in html) is buttons
    assert ("Delete “B” forever" in html) is buttons


def test_an_outsider_gets_404_for_the_trash_and_its_entries(team, cards, client_for):
    entry = touchpoint_delete(touchpoint=cards[0])
    client = client_for(team.outsider)
    assert client.get(trash_url(team)).status_code == 404
    for name in ("trash:restore", "trash:delete", "boards:undo"):
        assert client.post(reverse(name, args=[entry.pk])).status_code == 404
    assert TrashEntry.objects.filter(pk=entry.pk).exists()


def test_a_viewer_cannot_restore_or_delete_forever(team, cards, client_for):
    entry = touchpoint_delete(touchpoint=cards[0])
    client = client_for(team.viewer)
    for name in ("trash:restore", "trash:delete", "boards:undo"):
        assert client.post(reverse(name, args=[entry.pk])).status_code == 403
    assert TrashEntry.objects.filter(pk=entry.pk).exists()


def test_restore_from_the_trash_page_puts_the_card_back_and_says_where(team, stage, cards, client_for):
    entry = touchpoint_delete(touchpoint=cards[1])
    response = client_for(team.editor).post(reverse("trash:restore", args=[entry.pk]), follow=True)
    assert response.redirect_chain == [(trash_url(team), 302)]
    assert "Touchpoint “B” is back in the stage “Awareness” of the map “Retail journey”." in response.content.decode()
    assert Touchpoint.objects.get(pk=cards[1].pk).position == 1
    assert "The trash is empty." in response.content.decode()


def test_restore_with_htmx_answers_the_list_with_a_link_to_the_map(team, journey, cards, client_for):
    entry = touchpoint_delete(touchpoint=cards[1])
    response = client_for(team.owner).post(reverse("trash:restore", args=[entry.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="trash-entries">')
    assert 'role="status"' in html and reverse("boards:board", args=[journey.pk]) in html


def test_a_refused_restore_says_why_in_the_page(team, stage, cards, client_for):
    card_entry = touchpoint_delete(touchpoint=cards[0])
    stage_delete(stage=stage)
    client = client_for(team.owner)
    response = client.post(reverse("trash:restore", args=[card_entry.pk]), **HTMX)
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert "Its stage “Awareness” has been deleted: restore the stage first" in response.content.decode()
    page = client.post(reverse("trash:restore", args=[card_entry.pk]), follow=True)
    assert "Its stage “Awareness” has been deleted" in page.content.decode()
    assert TrashEntry.objects.filter(pk=card_entry.pk).exists()


def test_delete_forever_removes_the_entry(team, cards, client_for):
    entry = touchpoint_delete(touchpoint=cards[0])
    response = client_for(team.editor).post(reverse("trash:delete", args=[entry.pk]), **HTMX)
    assert response.status_code == 200
    assert "“A” is deleted forever." in response.content.decode()
    assert not TrashEntry.objects.exists() and not Touchpoint.objects.filter(pk=cards[0].pk).exists()


def test_the_trash_page_reads_the_same_queries_for_few_or_many_entries(
    team, stage, channel, client_for, django_assert_max_num_queries
):
    client = client_for(team.owner)
    touchpoint_delete(touchpoint=touchpoint_create(stage=stage, channel=channel, title="First"))
    with django_assert_max_num_queries(20) as few:
        client.get(trash_url(team))
    for number in range(30):
        touchpoint_delete(touchpoint=touchpoint_create(stage=stage, channel=channel, title=f"Card {number}"))
    # The session, the user, the workspace with the role, the page's count and rows, the inbox count.
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(trash_url(team)).content.decode()
    assert html.count('<tr id="trash-entry-') == 31


# ---- The board's Undo ----


def test_deleting_a_card_on_the_board_leaves_an_undo_toast_that_takes_the_focus(team, cards, client_for):
    response = client_for(team.editor).post(reverse("boards:touchpoint_delete", args=[cards[1].pk]), **HTMX)
    entry = TrashEntry.objects.get()
    html = response.content.decode()
    assert '<div id="undo-toast" hx-swap-oob="innerHTML">' in html
    assert "Touchpoint “B” moved to the trash." in html
    assert f'id="undo-{entry.pk}-button"' in html and reverse("boards:undo", args=[entry.pk]) in html
    assert triggers(response)["panel-close"] == {"focus": f"undo-{entry.pk}-button"}


def test_undo_puts_the_card_back_and_redraws_its_stage(team, stage, cards, client_for):
    client = client_for(team.editor)
    client.post(reverse("boards:touchpoint_delete", args=[cards[1].pk]), **HTMX)
    entry = TrashEntry.objects.get()

    response = client.post(reverse("boards:undo", args=[entry.pk]), **HTMX, HTTP_HX_TARGET="undo-toast")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="undo-body"><p>Touchpoint “B” is back')
    assert f'id="touchpoint-{cards[1].pk}"' in html and 'hx-swap-oob="true"' in html  # its stage's cells, out of band
    assert triggers(response, "HX-Trigger-After-Settle")["undo-done"] == {"focus": f"touchpoint-{cards[1].pk}"}
    assert list(Touchpoint.objects.filter(stage=stage).order_by("position").values_list("title", flat=True)) == list(
        "ABCD"
    )
    assert not TrashEntry.objects.exists()


def test_an_undo_that_cannot_be_done_says_why_in_the_toast(team, stage, cards, client_for):
    client = client_for(team.editor)
    client.post(reverse("boards:touchpoint_delete", args=[cards[0].pk]), **HTMX)
    entry = TrashEntry.objects.get()
    stage_delete(stage=stage)
    response = client.post(reverse("boards:undo", args=[entry.pk]), **HTMX, HTTP_HX_TARGET="undo-toast")
    assert response.status_code == 422
    assert "Its stage “Awareness” has been deleted" in response.content.decode()


def test_deleting_and_undoing_a_stage_redraws_the_whole_board(team, journey, client_for):
    stage = journey.stages.get(position=1)
    client = client_for(team.owner)
    response = client.post(reverse("boards:stage_delete", args=[stage.pk]), **HTMX)
    entry = TrashEntry.objects.get()
    assert "Stage “Consideration” moved to the trash." in response.content.decode()
    assert triggers(response)["panel-close"] == {"focus": f"undo-{entry.pk}-button"}

    response = client.post(reverse("boards:undo", args=[entry.pk]), **HTMX, HTTP_HX_TARGET="undo-toast")

    html = response.content.decode()
    assert '<div id="board-body" hx-swap-oob="true"' in html and f'id="stage-{stage.pk}-name"' in html
    assert triggers(response, "HX-Trigger-After-Settle")["undo-done"] == {"focus": f"stage-{stage.pk}-name"}
    assert Stage.objects.get(pk=stage.pk).position == 1


def test_a_lane_deleted_in_the_lanes_panel_gets_its_undo_in_the_panel(team, journey, client_for):
    lane = lane_create(journey=journey, kind=LaneKind.TEXT, title="Backstage")
    client = client_for(team.owner)
    response = client.post(reverse("boards:lane_delete", args=[lane.pk]), **HTMX, HTTP_HX_TARGET="panel-body")
    entry = TrashEntry.objects.get()
    html = response.content.decode()
    assert "Lane “Backstage” moved to the trash." in html
    assert f'id="undo-{entry.pk}-button"' in html and "autofocus" in html and 'hx-target="#panel-body"' in html

    response = client.post(reverse("boards:undo", args=[entry.pk]), **HTMX, HTTP_HX_TARGET="panel-body")

    html = response.content.decode()
    assert 'id="lanes-panel"' in html and "Lane “Backstage” is back on the map “Retail journey”." in html
    assert f'id="lane-item-{lane.pk}"' in html and 'id="board-body" hx-swap-oob="true"' in html
    assert Lane.objects.filter(pk=lane.pk).exists()


def test_without_javascript_a_delete_says_where_it_went_and_undo_goes_back_to_the_board(
    team, journey, cards, client_for
):
    client = client_for(team.editor)
    page = client.post(reverse("boards:touchpoint_delete", args=[cards[0].pk]), follow=True)
    assert "Touchpoint “A” moved to the trash." in page.content.decode()
    entry = TrashEntry.objects.get()
    response = client.post(reverse("boards:undo", args=[entry.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("boards:board", args=[journey.pk])


def test_the_board_has_the_toast_region_empty(team, journey, client_for):
    html = client_for(team.viewer).get(reverse("boards:board", args=[journey.pk])).content.decode()
    assert '<div id="undo-toast" class="undo-toast" aria-live="polite" data-seconds="10"></div>' in html


def test_deleting_a_map_sends_it_to_the_trash_and_the_dashboard_offers_undo_once(team, journey, client_for):
    client = client_for(team.owner)
    confirm = client.get(reverse("journeys:journey_delete", args=[journey.pk])).content.decode()
    assert "It goes to the workspace's trash, where it can be restored for 30 days." in confirm
    page = client.post(reverse("journeys:journey_delete", args=[journey.pk]), follow=True)
    html = page.content.decode()
    entry = TrashEntry.objects.get()
    undo_url = reverse("boards:undo", args=[entry.pk])
    toast = html[html.index('<div id="undo-toast"') :]
    assert f'<p id="undo-{entry.pk}-message">Map “Retail journey” moved to the trash.</p>' in toast
    assert f'hx-post="{undo_url}"' in toast and f'id="undo-{entry.pk}-button" class="primary"' in toast
    assert "autofocus" in toast and f'href="{trash_url(team)}"' in toast
    # Once: a reload of the dashboard has an empty toast.
    again = client.get(reverse("journeys:dashboard")).content.decode()
    assert '<div id="undo-toast" class="undo-toast" aria-live="polite" data-seconds="10"></div>' in again

    response = client.post(undo_url, **HTMX)
    assert response["HX-Redirect"] == reverse("boards:board", args=[journey.pk])
    assert Journey.objects.filter(pk=journey.pk, title="Retail journey").exists()
    assert not TrashEntry.objects.exists()


def test_the_dashboard_offers_no_undo_for_a_map_restored_meanwhile(team, journey, client_for):
    client = client_for(team.editor)
    client.post(reverse("journeys:journey_delete", args=[journey.pk]))
    client_for(team.owner).post(reverse("trash:restore", args=[TrashEntry.objects.get().pk]))
    html = client.get(reverse("journeys:dashboard")).content.decode()
    assert '<div id="undo-toast" class="undo-toast" aria-live="polite" data-seconds="10"></div>' in html
    assert "moved to the trash" not in html


def test_undoing_a_map_delete_without_htmx_opens_the_map_with_a_message(team, journey, client_for):
    client = client_for(team.editor)
    client.post(reverse("journeys:journey_delete", args=[journey.pk]))
    page = client.post(reverse("boards:undo", args=[TrashEntry.objects.get().pk]), follow=True)
    assert page.redirect_chain[-1][0] == reverse("boards:board", args=[journey.pk])
    assert "Map “Retail journey” is back" in page.content.decode()


def test_the_activity_feed_says_who_restored_the_card(team, journey, cards, client_for):
    client = client_for(team.editor)
    client.post(reverse("boards:touchpoint_delete", args=[cards[0].pk]), **HTMX)
    client.post(reverse("boards:undo", args=[TrashEntry.objects.get().pk]), **HTMX)
    html = client.get(reverse("activity:map", args=[journey.pk])).content.decode()
    assert "Eddie restored the touchpoint “A” from the trash" in html
    assert "Eddie deleted the touchpoint “A”" in html
