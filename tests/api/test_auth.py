import base64

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from axes.models import AccessAttempt
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.conftest import PASSWORD, totp_code

TOKEN_URL = "/api/v1/auth/token/"


def test_a_user_exchanges_username_and_password_for_a_token_stored_hashed_that_expires(team, settings):
    response = APIClient().post(TOKEN_URL, {"username": "olivia", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=team.owner)
    assert token not in (stored.digest, stored.token_key) and token.startswith(stored.token_key)  # a hash is kept
    expiry = timezone.datetime.fromisoformat(response.json()["expiry"].replace("Z", "+00:00"))
    assert abs(expiry - (timezone.now() + settings.REST_KNOX["TOKEN_TTL"])).total_seconds() < 60


def test_each_request_makes_a_token_of_its_own(team):
    first = APIClient().post(TOKEN_URL, {"username": "olivia", "password": PASSWORD}, format="json").json()
    second = APIClient().post(TOKEN_URL, {"username": "olivia", "password": PASSWORD}, format="json").json()
    assert first["token"] != second["token"] and AuthToken.objects.filter(user=team.owner).count() == 2


def test_an_expired_token_is_refused_and_a_revoked_one_too(team):
    instance, token = AuthToken.objects.create(user=team.owner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/workspaces/").status_code == 200
    assert client.post("/api/v1/auth/logout/").status_code == 204  # revoked by its owner
    assert client.get("/api/v1/workspaces/").status_code == 401
    instance, token = AuthToken.objects.create(user=team.owner)
    AuthToken.objects.filter(digest=instance.digest).update(expiry=timezone.now() - timezone.timedelta(seconds=1))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/workspaces/").status_code == 401


def test_a_wrong_password_gets_no_token(team):
    response = APIClient().post(TOKEN_URL, {"username": "olivia", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not AuthToken.objects.exists()


def test_an_account_whose_address_is_not_confirmed_gets_no_token(make_user):
    make_user("sam", email="sam@example.com", verified=False)
    response = APIClient().post(TOKEN_URL, {"username": "sam", "password": PASSWORD}, format="json")
    assert response.status_code == 400 and "Confirm your e-mail address first" in response.json()["username"][0]
    assert not AuthToken.objects.exists()


def test_an_account_with_two_factor_authentication_gives_its_code_for_a_token_too(team):
    secret = base64.b32encode(b"0123456789abcdefghij").decode()
    TOTP.activate(team.editor, secret)
    client = APIClient()
    credentials = {"username": "eddie", "password": PASSWORD}
    missing = client.post(TOKEN_URL, credentials, format="json")
    assert missing.status_code == 400 and "two-factor authentication" in missing.json()["code"][0]
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    assert client.post(TOKEN_URL, {**credentials, "code": wrong}, format="json").json() == {"code": ["Incorrect code."]}
    assert AccessAttempt.objects.get(username="eddie").failures_since_start == 1  # counted by django-axes
    code = totp_code(secret)
    assert client.post(TOKEN_URL, {**credentials, "code": code}, format="json").status_code == 200
    assert client.post(TOKEN_URL, {**credentials, "code": code}, format="json").status_code == 400  # once only
    assert AuthToken.objects.filter(user=team.editor).count() == 1


def test_a_missing_field_is_named(team):
    response = APIClient().post(TOKEN_URL, {"username": "olivia"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_the_token_authenticates_later_calls(team):
    token = APIClient().post(TOKEN_URL, {"username": "olivia", "password": PASSWORD}, format="json").json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/workspaces/")
    assert response.status_code == 200
    assert [w["name"] for w in response.json()["results"]] == ["Retail team"]


def test_an_unknown_token_is_refused(team):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/workspaces/").status_code == 401


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/workspaces/",
        "/api/v1/personas/",
        "/api/v1/channels/",
        "/api/v1/journeys/",
        "/api/v1/stages/",
        "/api/v1/touchpoints/",
    ],
)
def test_anonymous_callers_are_asked_to_authenticate(db, url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_logged_in_browser_session_can_read_the_api(team, client_for):
    client = client_for(team.viewer)
    assert client.get("/api/v1/workspaces/").status_code == 200


def test_a_session_write_needs_the_csrf_token(team):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(team.owner)
    response = client.post("/api/v1/workspaces/", {"name": "Sneaky"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
