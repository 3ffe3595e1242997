"""/api/v1/share-links/: a map's share links through the API, with the rest of the API's rules (members
read, owners and editors make and revoke, a map outside your workspaces is not found)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sharing.models import ShareLink
from sharing.services import share_link_create

LIST = "/api/v1/share-links/"
ROLE_READS = [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), ("anonymous", 401)]
ROLE_WRITES = [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(team, journey):
    made, _token = share_link_create(journey=journey, created_by=team.owner, label="Executives", password="pw")
    return made


def test_an_editor_makes_a_link_and_gets_its_url_once(api_for, team, journey):
    api = api_for("editor")
    response = api.post(
        LIST,
        {
            "journey": journey.pk,
            "label": "Store managers",
            "shows_guide": True,
            "expires_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "password": "open sesame",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["url"].startswith("http://testserver/shared/")
    assert (body["shows_board"], body["shows_guide"], body["shows_strategies"]) == (True, True, False)
    assert body["has_password"] is True and "password" not in body
    assert (body["status"], body["created_by"], body["created_by_name"]) == ("active", team.editor.pk, "Eddie")
    # The token is not given again, and a visitor with the password reads the map.
    listed = api.get(LIST, {"journey": journey.pk}).json()["results"]
    assert [item["id"] for item in listed] == [body["id"]] and listed[0]["url"] is None
    token = body["url"].rstrip("/").rsplit("/", 1)[1]
    visitor = Client()
    assert visitor.post(f"/shared/{token}/password/", {"password": "open sesame"}).status_code == 302
    assert "Retail journey" in visitor.get(f"/shared/{token}/guide/").content.decode()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"shows_board": False}, "non_field_errors"),
        ({"expires_on": "2020-01-01"}, "expires_on"),
        ({"expires_on": "2999-01-01"}, "expires_on"),
        ({"expires_on": "tomorrow"}, "expires_on"),
        ({"password": "x" * 129}, "password"),
        ({"label": "x" * 101}, "label"),
        ({"label": "a\x00b"}, "label"),
        ({"shows_guide": "perhaps"}, "shows_guide"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_for, journey, body, field):
    response = api_for("owner").post(LIST, {"journey": journey.pk, **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("owner", 201), ("editor", 201), ("viewer", 403), ("outsider", 400)])
def test_who_may_make_a_link(api_for, journey, role, status):
    response = api_for(role).post(LIST, {"journey": journey.pk}, format="json")
    assert response.status_code == status
    assert ShareLink.objects.count() == (1 if status == 201 else 0)
    if role == "outsider":  # (a map outside your workspaces does not exist, for you)
        assert "journey" in response.json()


@pytest.mark.parametrize(("role", "status"), ROLE_READS)
def test_who_may_read_the_links(api_for, link, role, status):
    response = api_for(role).get(f"{LIST}{link.pk}/")
    assert response.status_code == status
    listed = api_for(role).get(LIST)
    if status == 200:
        assert response.json()["label"] == "Executives" and response.json()["token_start"] == link.token_start
        assert [item["id"] for item in listed.json()["results"]] == [link.pk]
    elif role == "outsider":
        assert listed.json()["results"] == []


@pytest.mark.parametrize(("role", "status"), ROLE_WRITES)
def test_who_may_revoke_a_link(api_for, link, role, status):
    response = api_for(role).post(f"{LIST}{link.pk}/revoke/")
    assert response.status_code == status
    link.refresh_from_db()
    assert (link.revoked_at is not None) == (status == 200)
    if status == 200:
        assert response.json()["status"] == "revoked"
        assert api_for(role).post(f"{LIST}{link.pk}/revoke/").json()["revoked_at"] == response.json()["revoked_at"]


def test_links_cannot_be_changed_or_deleted_only_revoked(api_for, link):
    api = api_for("owner")
    assert api.patch(f"{LIST}{link.pk}/", {"label": "x"}, format="json").status_code == 405
    assert api.delete(f"{LIST}{link.pk}/").status_code == 405
