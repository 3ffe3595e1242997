"""What a share link opens for anyone who holds it (issue 12): the map's board, presentation mode, guide
and strategies as the link chooses, read only, with nothing of the app's member-only pages."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.services import comment_create
from journeys.models import LaneKind
from journeys.services import lane_create
from sharing.models import ShareLink
from sharing.services import share_link_revoke
from strategies.services import strategy_create
from touchpoints.services import touchpoint_create

from .conftest import shared

pytestmark = pytest.mark.django_db

MEMBER_ONLY = re.compile(
    r'(?:href|hx-get|hx-post|action)="(/(?:maps|stages|touchpoints|lanes|personas|strategies|guide|metrics|evidence|'
    r"opportunities|workspaces|inbox|search|comments|exports|channels|accounts/email|tokens)[^\"]*)\""
)


def member_links(html: str) -> list[str]:
    """The page's links into the app's member-only pages (its own are under /shared/)."""
    return MEMBER_ONLY.findall(html)


def test_the_link_opens_the_board_read_only_with_noindex(share, guest, journey, touchpoint):
    _link, token = share()
    home = guest.get(shared("home", token))
    assert home.status_code == 302 and home["Location"] == shared("board", token)
    page = guest.get(home["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in html
    assert "Retail journey" in html and "Promotional e-mail" in html
    assert "Read only" in html
    # No edit controls: no card to add, no stage to edit, no drag and drop, no presence to send.
    assert "add-card" not in html and "Add stage" not in html and "data-can-edit" not in html
    assert "data-presence-url" not in html and "Edit map" not in html
    # The card opens at the link's own address, and so does the live stream.
    assert f'href="{shared("card", token, touchpoint.pk)}"' in html
    assert f'data-events-url="{shared("events", token)}"' in html
    assert member_links(html) == []


def test_the_board_shows_no_member_name_or_address_and_no_comment_form(share, guest, team, journey, touchpoint):
    comment_create(target=touchpoint, author=team.editor, body="Ask @olivia")
    strategy_create(journey=journey, touchpoint=touchpoint, title="Reply fast", body="Soon.", author=team.owner)
    _link, token = share(shows_guide=True, shows_strategies=True)
    for name, args in [("board", ()), ("guide", ()), ("strategies", ()), ("present", ()), ("card", (touchpoint.pk,))]:
        html = guest.get(shared(name, token, *args)).content.decode()
        for person in team.users.values():
            assert person.email not in html and person.first_name not in html, (name, person)
        assert "Retail team" not in html  # (the workspace's name neither)
        assert "comment" not in html.lower(), name
        assert member_links(html) == [], name
        assert "Log out" not in html and "API tokens" not in html


def test_a_member_opening_a_link_sees_the_guests_page_not_their_own_menus(share, client_for, team, journey):
    _link, token = share()
    html = client_for(team.viewer).get(shared("board", token)).content.decode()
    assert "Vera" not in html and "Log out" not in html and member_links(html) == []


def test_the_link_shows_only_what_it_was_made_to_show(share, guest, journey, touchpoint):
    strategy_create(
        journey=journey, stage=touchpoint.stage, title="Greet by name", body="Always.", status="active", author=None
    )
    _link, token = share(shows_board=True)
    board = guest.get(shared("board", token)).content.decode()
    assert "Greet by name" not in board  # the Strategies lane is left out with the strategies
    assert "Present" in board and "Guide" not in board
    assert guest.get(shared("guide", token)).status_code == 404
    assert guest.get(shared("strategies", token)).status_code == 404
    present = guest.get(shared("present", token)).content.decode()
    assert "Greet by name" not in present and "Strategies for this stage" not in present

    _link, token = share(shows_board=False, shows_guide=True)
    assert guest.get(shared("home", token))["Location"] == shared("guide", token)
    assert guest.get(shared("board", token)).status_code == 404
    assert guest.get(shared("present", token)).status_code == 404
    assert guest.get(shared("card", token, touchpoint.pk)).status_code == 404
    guide = guest.get(shared("guide", token)).content.decode()
    assert f'href="{shared("guide_stage", token, touchpoint.stage_id)}"' in guide
    assert "Mark as read" not in guide and member_links(guide) == []
    stage = guest.get(shared("guide_stage", token, touchpoint.stage_id)).content.decode()
    assert "Promotional e-mail" in stage and "Greet by name" not in stage and "Mark as read" not in stage

    _link, token = share(shows_board=True, shows_strategies=True)
    board = guest.get(shared("board", token)).content.decode()
    assert "Greet by name" in board
    assert "Greet by name" in guest.get(shared("strategies", token)).content.decode()
    assert "Greet by name" in guest.get(shared("present", token)).content.decode()


def test_the_strategies_page_lists_the_maps_active_strategies_by_stage(share, guest, team, journey, touchpoint):
    strategy_create(journey=journey, title="Whole map", body="*All* of it", status="active", author=team.owner)
    strategy_create(journey=journey, stage=touchpoint.stage, title="Stage's", body="x", status="active", author=None)
    strategy_create(journey=journey, touchpoint=touchpoint, title="Card's", body="y", status="active", author=None)
    strategy_create(journey=journey, title="Still a draft", body="z", author=None)
    _link, token = share(shows_board=False, shows_strategies=True)
    html = guest.get(shared("strategies", token)).content.decode()
    assert html.index("Whole map") < html.index("Stage&#x27;s") < html.index("Card&#x27;s")
    assert "<em>All</em>" in html and "Still a draft" not in html
    assert "Olivia" not in html and member_links(html) == []


def test_a_card_opens_read_only_and_a_card_of_another_map_is_a_404(share, guest, team, journey, touchpoint, persona):
    from journeys.services import journey_create

    _link, token = share()
    panel = guest.get(shared("card", token, touchpoint.pk), HTTP_HX_REQUEST="true")
    html = panel.content.decode()
    assert panel.status_code == 200 and "Promotional e-mail" in html and persona.name in html
    assert "<form" not in html and "Owner" not in html and member_links(html) == []
    page = guest.get(shared("card", token, touchpoint.pk)).content.decode()
    assert f'href="{shared("board", token)}"' in page
    other = journey_create(workspace=team.workspace, title="Other map", template="default", created_by=team.owner)
    card = touchpoint_create(stage=other.stages.first(), channel=touchpoint.channel, title="Elsewhere")
    assert guest.get(shared("card", token, card.pk)).status_code == 404
    assert guest.get(shared("guide_stage", token, other.stages.first().pk)).status_code == 404


def test_parts_of_the_board_redraw_for_the_guest(share, guest, journey, touchpoint):
    _link, token = share()
    response = guest.get(shared("parts", token), {"stage": touchpoint.stage_id, "rows": "cards"})
    html = response.content.decode()
    assert response.status_code == 200 and "Promotional e-mail" in html
    assert shared("card", token, touchpoint.pk) in html and response["X-Card-Rows"]
    assert guest.get(shared("parts", token), {"stage": "x"}).status_code == 400


def test_revoked_expired_and_unknown_links_are_the_same_404(share, guest, journey):
    revoked, revoked_token = share()
    share_link_revoke(link=revoked)
    expired, expired_token = share(expires_on=timezone.localdate())
    ShareLink.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    _link, works_today = share(expires_on=timezone.localdate())
    assert guest.get(shared("board", works_today)).status_code == 200
    pages = [guest.get(shared("board", token)) for token in (revoked_token, expired_token, "no-such-token", "x" * 500)]
    assert [page.status_code for page in pages] == [404] * 4
    assert len({page.content for page in pages}) == 1  # nothing tells them apart
    assert all(page["X-Robots-Tag"] == "noindex" for page in pages)


def test_a_password_is_asked_once_per_session_and_a_wrong_one_is_the_same_404(share, guest, journey):
    _link, token = share(password="open sesame", shows_guide=True)
    asked = guest.get(shared("guide", token))
    html = asked.content.decode()
    assert asked.status_code == 200 and "This link asks for a password" in html and "Retail journey" not in html
    assert asked["X-Robots-Tag"] == "noindex"
    # What is not a page answers as if the link did not exist.
    assert guest.get(shared("parts", token), {"stage": 1}).status_code == 404
    wrong = guest.post(shared("unlock", token), {"password": "open barley", "next": shared("guide", token)})
    unknown = guest.get(shared("board", "no-such-token"))
    assert wrong.status_code == 404 and wrong.content == unknown.content
    right = guest.post(shared("unlock", token), {"password": "open sesame", "next": shared("guide", token)})
    assert right.status_code == 302 and right["Location"] == shared("guide", token)
    assert "Retail journey" in guest.get(shared("guide", token)).content.decode()
    assert guest.get(shared("board", token)).status_code == 200  # the whole link, for the session
    # Somewhere else than the link's own pages is not where the form sends anyone.
    away = guest.post(shared("unlock", token), {"password": "open sesame", "next": "https://evil.example/"})
    assert away["Location"] == shared("home", token)


def test_a_link_without_a_password_takes_none(share, guest):
    _link, token = share()
    assert guest.post(shared("unlock", token), {"password": "anything"})["Location"] == shared("home", token)


def test_guessing_tokens_and_passwords_is_limited_per_address(share, guest, settings):
    settings.RATELIMIT_ENABLE = True
    address = {"REMOTE_ADDR": "198.51.100.90"}
    _link, token = share(password="right one")
    answers = [guest.get(shared("board", f"guess{n}"), **address).status_code for n in range(20)]
    answers += [
        guest.post(shared("unlock", token), {"password": f"wrong{n}"}, **address).status_code for n in range(10)
    ]
    assert answers == [404] * 30
    limited = guest.get(shared("board", token), **address)
    assert limited.status_code == 429 and limited["Retry-After"] and limited["X-Robots-Tag"] == "noindex"
    # (even the right password, from there)
    assert guest.post(shared("unlock", token), {"password": "right one"}, **address).status_code == 429
    # Another address is not held back, and right answers count for nothing.
    other = {"REMOTE_ADDR": "198.51.100.91"}
    assert guest.post(shared("unlock", token), {"password": "right one"}, **other).status_code == 302
    assert all(guest.get(shared("board", token), **other).status_code == 200 for _ in range(40))


def test_wrong_passwords_for_one_link_are_limited_from_every_address(share, guest, settings, monkeypatch):
    from sharing import access

    settings.RATELIMIT_ENABLE = True
    monkeypatch.setattr(access, "WRONG_PASSWORDS_PER_LINK", "5/h")
    _link, token = share(password="right one")
    answers = [
        guest.post(shared("unlock", token), {"password": "wrong"}, REMOTE_ADDR=f"203.0.113.{n}").status_code
        for n in range(7)
    ]
    assert answers == [404] * 5 + [429] * 2


def test_the_link_records_when_it_was_last_used(share, guest, journey):
    link, token = share()
    assert link.last_used_at is None
    guest.get(shared("board", token))
    link.refresh_from_db()
    first = link.last_used_at
    assert first is not None
    guest.get(shared("board", token))
    link.refresh_from_db()
    assert link.last_used_at == first  # (at most once a minute)


def test_presenting_from_a_link_goes_stage_by_stage_and_back_to_its_board(share, guest, journey):
    _link, token = share()
    names = list(journey.stages.order_by("position").values_list("name", flat=True))
    html = guest.get(shared("present", token), {"stage": 2}).content.decode()
    assert f'<h1 id="present-stage">{names[1]}</h1>' in html
    assert f'href="{shared("board", token)}">Leave the presentation' in html
    assert member_links(html) == [] and 'content="noindex"' in html


@pytest.mark.parametrize("cards_per_stage", [1, 20])
def test_the_shared_board_keeps_its_query_count_as_the_map_grows(
    share, guest, journey, channel, cards_per_stage, django_assert_num_queries
):
    for stage in journey.stages.all():
        for index in range(cards_per_stage):
            touchpoint_create(stage=stage, channel=channel, title=f"{stage.name} {index}")
    lane_create(journey=journey, kind=LaneKind.APP, source="metrics")
    _link, token = share()
    # The link with its map (1), its "last used" (1), and the board's own (tests/boards): the map's
    # personas, lanes, stages, cards, channels, the text lanes' cells and the Metrics lane's readings (7).
    with django_assert_num_queries(9):
        html = guest.get(shared("board", token)).content.decode()
    assert html.count('class="touchpoint ') == 5 * cards_per_stage


def test_a_member_url_gives_the_visitor_nothing(share, guest, journey, api_for):
    _link, token = share()
    guest.get(shared("board", token))
    assert guest.get(reverse("boards:board", args=[journey.pk]))["Location"].startswith("/accounts/login/")
    api = api_for(None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(f"/api/v1/journeys/{journey.pk}/").status_code == 401
