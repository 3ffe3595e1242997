"""The board's cards: a "Comments (n)" button that opens the thread in place."""

import asyncio

from django.urls import reverse

from boards.partials import card_fragments
from comments.services import comment_create


def board(client, journey):
    return client.get(reverse("boards:board", args=[journey.pk])).content.decode()


def test_every_member_sees_the_comment_count_on_the_card(team, journey, touchpoint, comment, client_for):
    for who in ("owner", "editor", "viewer"):
        page = board(client_for(team.users[who]), journey)
        assert f'<span id="comment-count-touchpoint-{touchpoint.pk}">1</span>' in page
        assert f'hx-get="{reverse("comments:touchpoint_thread", args=[touchpoint.pk])}"' in page
        assert f'aria-labelledby="comments-button-touchpoint-{touchpoint.pk} touchpoint-{touchpoint.pk}-title"' in page


def test_a_new_comment_changes_the_cached_card(team, journey, touchpoint, client_for):
    client = client_for(team.editor)
    assert f'<span id="comment-count-touchpoint-{touchpoint.pk}">0</span>' in board(client, journey)
    comment_create(target=touchpoint, author=team.viewer, body="Hello")
    comment_create(target=touchpoint, author=team.viewer, body="Again")
    assert f'<span id="comment-count-touchpoint-{touchpoint.pk}">2</span>' in board(client, journey)


def test_the_single_card_shows_its_count(team, touchpoint, comment, client_for):
    card_fragments.clear()
    page = (
        client_for(team.viewer)
        .get(reverse("boards:touchpoint_detail", args=[touchpoint.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert f'<span id="comment-count-touchpoint-{touchpoint.pk}">1</span>' in page


def test_the_thread_opens_in_place_as_a_partial(team, touchpoint, comment, client_for):
    response = client_for(team.viewer).get(
        reverse("comments:touchpoint_thread", args=[touchpoint.pk]), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page and f'id="thread-touchpoint-{touchpoint.pk}"' in page
    assert "Post comment" in page and 'aria-label="Close the comments on Promotional e-mail"' in page


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
