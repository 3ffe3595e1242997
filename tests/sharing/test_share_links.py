"""A map's share links: made by owners and editors with what they show, an expiry and a password, kept
as hashes, listed with who made them and when they were last used, revoked at once (issue 12)."""

import datetime
import hashlib

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sharing import services
from sharing.models import ShareLink, ShareLinkStatus

from .conftest import shared

pytestmark = pytest.mark.django_db


def page_url(journey):
    return reverse("sharing:links", args=[journey.pk])


def test_a_link_keeps_only_the_hashes_of_its_token_and_password(share):
    link, token = share(password="open sesame")
    assert len(token) >= 43
    stored = ShareLink.objects.get(pk=link.pk)
    assert stored.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ShareLink.objects.filter(pk=link.pk).values().get())
    assert stored.password != "open sesame" and check_password("open sesame", stored.password)
    assert stored.token_start == token[:6]
    _other, other_token = share()
    assert other_token != token


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"shows_board": False}, "__all__"),
        ({"expires_on": datetime.date(2020, 1, 1)}, "expires_on"),
        ({"expires_on": datetime.date(2500, 1, 1)}, "expires_on"),
        ({"password": "x" * 129}, "password"),
        ({"label": "x" * 101}, "label"),
    ],
)
def test_a_link_must_show_something_and_stay_within_bounds(share, fields, field):
    with pytest.raises(ValidationError) as error:
        share(**fields)
    assert field in error.value.message_dict
    assert not ShareLink.objects.exists()


def test_a_map_has_a_bounded_number_of_working_links(share, monkeypatch):
    monkeypatch.setattr(services, "MAX_ACTIVE_LINKS_PER_MAP", 2)
    first, _token = share()
    share()
    with pytest.raises(ValidationError):
        share()
    services.share_link_revoke(link=first)
    share()  # a revoked link makes room


def test_the_status_of_a_link(share):
    link, _token = share(expires_on=timezone.localdate())
    assert link.status() == ShareLinkStatus.ACTIVE
    assert link.status(today=timezone.localdate() + datetime.timedelta(days=1)) == ShareLinkStatus.EXPIRED
    services.share_link_revoke(link=link)
    assert link.status() == ShareLinkStatus.REVOKED


@pytest.mark.parametrize("role", ["owner", "editor"])
def test_owners_and_editors_make_a_link_and_see_it_once(role, team, journey, client_for, guest):
    client = client_for(team.users[role])
    response = client.post(
        page_url(journey),
        {
            "label": "Store managers",
            "shows_board": "on",
            "shows_guide": "on",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "password": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    link = ShareLink.objects.get()
    assert (link.label, link.shows_board, link.shows_guide, link.shows_strategies) == (
        "Store managers",
        True,
        True,
        False,
    )
    assert link.created_by == team.users[role] and not link.has_password
    url = html.split('id="new-link" type="text" readonly value="', 1)[1].split('"', 1)[0]
    assert url.startswith("http://testserver/shared/")
    assert guest.get(url).status_code == 302
    # Shown once: the list has its start only.
    again = client.get(page_url(journey)).content.decode()
    assert url not in again and link.token_start in again and "Store managers" in again


def test_the_form_says_what_is_wrong_beside_the_fields(team, journey, client_for):
    client = client_for(team.editor)
    response = client.post(page_url(journey), {"label": "x", "expires_on": "2020-01-01", "password": "p" * 200})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Choose what the link shows" in html
    assert "Choose today or a later day." in html
    assert "Ensure this value has at most 128 characters" in html
    assert not ShareLink.objects.exists()


def test_the_list_says_who_made_each_link_when_and_when_it_was_last_used(share, team, journey, client_for, guest):
    _used, token = share(label="Executives")
    share(label="Store managers", password="pw")
    guest.get(shared("board", token))
    revoked, _token = share(label="Old one")
    services.share_link_revoke(link=revoked)
    html = client_for(team.viewer).get(page_url(journey)).content.decode()
    assert html.count("Eddie") >= 3  # (the editor made them)
    assert "Never" in html and "Revoked" in html and "Password" in html
    assert html.index("Old one") < html.index("Store managers") < html.index("Executives")  # newest first
    # Viewers read the list, and can neither make nor revoke links.
    assert "Make the link" not in html and ">Revoke<" not in html


def test_viewers_get_403_and_outsiders_404(share, team, journey, client_for):
    link, _token = share()
    viewer, outsider = client_for(team.viewer), None
    assert viewer.post(page_url(journey), {"shows_board": "on"}).status_code == 403
    assert viewer.post(reverse("sharing:revoke", args=[link.pk])).status_code == 403
    outsider = client_for(team.outsider)
    assert outsider.get(page_url(journey)).status_code == 404
    assert outsider.post(page_url(journey), {"shows_board": "on"}).status_code == 404
    assert outsider.post(reverse("sharing:revoke", args=[link.pk])).status_code == 404
    assert ShareLink.objects.count() == 1 and ShareLink.objects.get().revoked_at is None


def test_revoking_a_link_closes_it_at_once(share, team, journey, client_for, guest):
    link, token = share()
    assert guest.get(shared("board", token)).status_code == 200
    response = client_for(team.owner).post(reverse("sharing:revoke", args=[link.pk]))
    assert response.status_code == 302 and response["Location"] == page_url(journey)
    assert guest.get(shared("board", token)).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_the_board_offers_editors_the_share_page(team, journey, client_for):
    board = reverse("boards:board", args=[journey.pk])
    assert f'href="{page_url(journey)}"' in client_for(team.editor).get(board).content.decode()
    assert f'href="{page_url(journey)}">Share<' not in client_for(team.viewer).get(board).content.decode()
