"""The board's cards: how many comments each has, and the thread in the card's panel."""

import asyncio

from django.core.cache import cache
from django.urls import reverse

from comments.services import comment_create


def board(client, journey):
    return client.get(reverse("boards:board", args=[journey.pk])).content.decode()


def card_html(page: str, touchpoint) -> str:
    start = page.index(f'<li class="touchpoint emotion-{touchpoint.emotion}" id="touchpoint-{touchpoint.pk}"')
    return page[start : page.index("</li>", start)]


def test_every_member_sees_the_comment_count_on_the_card(team, journey, touchpoint, comment, client_for):
    for who in ("owner", "editor", "viewer"):
        card = card_html(board(client_for(team.users[who]), journey), touchpoint)
        assert '; 1 comment">' in card and '<span class="count">💬 1</span>' in card


def test_a_new_comment_changes_the_cached_card(team, journey, touchpoint, client_for):
    client = client_for(team.editor)
    assert "💬" not in card_html(board(client, journey), touchpoint)  # none yet: nothing shown
    comment_create(target=touchpoint, author=team.viewer, body="Hello")
    comment_create(target=touchpoint, author=team.viewer, body="Again")
    card = card_html(board(client, journey), touchpoint)
    assert '; 2 comments">' in card and '<span class="count">💬 2</span>' in card


def test_the_cards_panel_loads_its_thread(team, touchpoint, comment, client_for):
    cache.clear()
    page = (
        client_for(team.viewer)
        .get(reverse("boards:touchpoint_detail", args=[touchpoint.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert f'hx-get="{reverse("comments:touchpoint_thread", args=[touchpoint.pk])}" hx-trigger="load"' in page


def test_a_comment_posted_in_the_panel_has_the_map_read_its_card_again(team, touchpoint, client_for):
    response = client_for(team.viewer).post(
        reverse("comments:touchpoint_thread", args=[touchpoint.pk]),
        {"body": "Seen it"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'"board-stale": {{"stages": [{touchpoint.stage_id}]}}' in response["HX-Trigger"]


def test_the_thread_opens_in_place_as_a_partial(team, touchpoint, comment, client_for):
    response = client_for(team.viewer).get(
        reverse("comments:touchpoint_thread", args=[touchpoint.pk]), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page and f'id="thread-touchpoint-{touchpoint.pk}"' in page
    assert "Post comment" in page and "Close the comments" not in page  # in the card's panel: the panel closes
    in_a_slot = client_for(team.viewer).get(
        reverse("comments:touchpoint_thread", args=[touchpoint.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"comments-touchpoint-{touchpoint.pk}",
    )
    assert 'aria-label="Close the comments on Promotional e-mail"' in in_a_slot.content.decode()


def test_a_comment_tells_open_boards_that_the_card_changed(
    team, journey, touchpoint, django_capture_on_commit_callbacks
):
    from live.broker import get_broker

    broker = get_broker()
    before = broker.last_id(journey.pk)
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(target=touchpoint, author=team.viewer, body="Hello")
    events = asyncio.run(broker.since(journey.pk, before))
    assert [(event.kind, event.touchpoint, event.stages) for event in events] == [
        ("comment.changed", touchpoint.pk, [touchpoint.stage_id])
    ]
