"""Accounts (finding 13 of the trust issue), with django-allauth: sign-up by e-mail address that says
nothing of which usernames or addresses exist, addresses unique and confirmed, log-in by username or
address, password reset by e-mail and password change, the password rules, optional two-factor
authentication (TOTP) and single sign-on (OpenID Connect), off by default."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, totp_code
from workspaces.models import Membership, Role
from workspaces.services import invitation_create

pytestmark = pytest.mark.django_db
SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")
NEW_PASSWORD = "kettle-and-teapot-42"


def sign_up(client, email, *, name="", password=NEW_PASSWORD, repeat=None, **extra):
    data = {"email": email, "name": name, "password1": password, "password2": repeat or password, **extra}
    return client.post(SIGNUP, data)


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_sign_up_asks_no_username_and_confirms_the_address_before_logging_in(client):
    page = client.get(SIGNUP).content.decode()
    assert 'name="username"' not in page and 'name="email"' in page and 'name="name"' in page

    response = sign_up(client, "Nina@Example.com", name="Nina Nowak")

    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email__iexact="nina@example.com")
    assert user.username == "nina" and user.get_full_name() == "Nina Nowak"  # the @mention handle
    assert logged_in_user_id(client) is None
    assert not EmailAddress.objects.get(user=user).verified
    [confirmation] = mail.outbox
    assert confirmation.to == ["nina@example.com"] and confirmation.subject.startswith("[Journey board] ")
    link = link_in(confirmation)
    assert client.get(link).status_code == 200  # a page with a button: a mail scanner confirms nothing
    assert not EmailAddress.objects.get(user=user).verified
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == reverse("journeys:dashboard")
    assert EmailAddress.objects.get(user=user).verified and logged_in_user_id(client) == str(user.pk)


def test_sign_up_with_a_taken_address_looks_the_same_and_mails_its_owner(team, make_user):
    make_user("tess", email="tess@example.com")
    taken = sign_up(Client(), "TESS@example.com")
    new = sign_up(Client(), "someone.new@example.com")
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert get_user_model().objects.filter(email__iexact="tess@example.com").count() == 1
    to_owner = next(message for message in mail.outbox if message.to == ["tess@example.com"])
    assert "already" in to_owner.body  # "an account using that email address already exists"


def test_sign_up_errors_stay_beside_the_fields_with_what_was_typed(client):
    response = sign_up(client, "nina@example.com", name="Nina", password="abc", repeat="abd")
    page = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in page
    assert 'value="nina@example.com"' in page and 'value="Nina"' in page
    assert "This password is too short. It must contain at least 10 characters." in page
    assert not get_user_model().objects.filter(email="nina@example.com").exists()


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("short-one", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
        ("12345678901234", "This password is entirely numeric."),
        ("x" * 129, "Your password can’t be longer than 128 characters."),
    ],
)
def test_the_password_rules(client, password, error):
    page = sign_up(client, "nina@example.com", password=password).content.decode()
    assert error in page
    assert not get_user_model().objects.exists()


def test_an_overlong_address_is_a_field_error(client):
    response = sign_up(client, "n" * 250 + "@example.com")
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not get_user_model().objects.exists()


def test_sign_up_from_an_invitation_confirms_the_address_then_comes_back_to_it(team, client):
    """The link may have been forwarded: holding it proves nothing about the address, the mail does."""
    invitation = invitation_create(
        workspace=team.workspace, email="nina@example.com", role=Role.EDITOR, invited_by=team.owner, site_url=""
    )
    page = client.get(invitation.get_absolute_url()).content.decode()
    signup_url = re.search(r'href="(/accounts/signup/[^"]+)"', page).group(1).replace("&amp;", "&")
    assert 'value="nina@example.com"' in client.get(signup_url).content.decode()
    mail.outbox.clear()
    response = sign_up(client, "nina@example.com", next=invitation.get_absolute_url())
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.post(invitation.get_absolute_url())["Location"].startswith(LOGIN)  # not yet
    [confirmation] = mail.outbox
    response = client.post(link_in(confirmation))
    assert response.status_code == 302 and response["Location"] == invitation.get_absolute_url()
    client.post(invitation.get_absolute_url())
    assert Membership.objects.get(user__username="nina", workspace=team.workspace).role == Role.EDITOR


@pytest.mark.parametrize("login", ["eddie", "Eddie@Example.com"])
def test_log_in_with_a_username_or_an_address(team, client, login):
    response = client.post(LOGIN, {"login": login, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("journeys:dashboard")
    assert logged_in_user_id(client) == str(team.editor.pk)


def test_an_account_whose_address_is_not_confirmed_is_asked_to_confirm_it(make_user, client):
    make_user("sam", email="sam@example.com", verified=False)
    response = client.post(LOGIN, {"login": "sam", "password": PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None and mail.outbox[0].to == ["sam@example.com"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_log_in_does_not_redirect_off_site(team, client, target):
    response = client.post(LOGIN, {"login": "olivia", "password": PASSWORD, "next": target})
    assert response["Location"] == reverse("journeys:dashboard")


def test_a_logged_in_user_skips_sign_up_and_log_in(team, client_for):
    client = client_for(team.editor)
    assert client.get(SIGNUP).status_code == 302
    assert client.get(LOGIN).status_code == 302


def test_failed_log_ins_by_address_and_by_username_count_together(team, make_user, settings):
    make_user("tess", email="tess@example.com")
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login = "tess" if attempt % 2 else "TESS@example.com"
        client.post(LOGIN, {"login": login, "password": "wrong"}, REMOTE_ADDR=f"198.51.100.{attempt + 100}")
    locked = Client().post(LOGIN, {"login": "tess", "password": PASSWORD}, REMOTE_ADDR="198.51.100.250")
    assert locked.status_code == 429


def test_password_reset_by_e_mail(make_user, client):
    make_user("tess", email="tess@example.com")
    response = client.post(reverse("account_reset_password"), {"email": "Tess@Example.com"})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    [message] = mail.outbox
    assert message.to == ["tess@example.com"]
    form_url = client.get(link_in(message))["Location"]  # (the key leaves the address bar)
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert Client().post(LOGIN, {"login": "tess", "password": NEW_PASSWORD}).status_code == 302
    assert Client().post(LOGIN, {"login": "tess", "password": PASSWORD}).status_code == 200
    assert client.get(link_in(message)).status_code in (200, 302)  # used: the form is not offered again
    assert "bad" in client.get(link_in(message), follow=True).content.decode().lower()


def test_password_reset_for_an_unknown_address_looks_the_same(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    assert all("/password/reset/key/" not in message.body for message in mail.outbox)


def test_password_change(team, client):
    client.post(LOGIN, {"login": "vera", "password": PASSWORD})
    url = reverse("account_change_password")
    wrong = client.post(url, {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and "Please type your current password." in wrong.content.decode()
    client.post(url, {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert Client().post(LOGIN, {"login": "vera", "password": NEW_PASSWORD}).status_code == 302


def test_an_address_confirmed_by_one_account_cannot_be_confirmed_by_another(make_user, client):
    make_user("tess", email="tess@example.com")
    other = make_user("sam", email="sam@example.com")
    client.post(LOGIN, {"login": "sam", "password": PASSWORD})
    client.post(reverse("account_email"), {"action_add": "", "email": "tess@example.com"})
    assert not EmailAddress.objects.filter(user=other, email__iexact="tess@example.com", verified=True).exists()


def test_two_factor_authentication_is_off_until_a_user_turns_it_on(make_user, client):
    make_user("tess", email="tess@example.com")
    assert client.post(LOGIN, {"login": "tess", "password": PASSWORD})["Location"] == reverse("journeys:dashboard")
    activate = reverse("mfa_activate_totp")
    assert client.get(activate)["Location"].startswith(reverse("account_reauthenticate"))  # the password again
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD, "next": activate})
    page = client.get(activate).content.decode()
    assert "data:image/svg+xml" in page  # the QR code, as an image the CSP allows
    secret = client.session["mfa.totp.secret"]
    assert client.post(activate, {"code": "000000" if totp_code(secret) != "000000" else "111111"}).status_code == 200
    response = client.post(activate, {"code": totp_code(secret)})
    assert response.status_code == 302

    fresh = Client()
    response = fresh.post(LOGIN, {"login": "tess", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate") and logged_in_user_id(fresh) is None
    assert fresh.get(reverse("journeys:dashboard")).status_code == 302
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    assert fresh.post(reverse("mfa_authenticate"), {"code": wrong}).status_code == 200
    code = totp_code(secret)
    response = fresh.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302 and logged_in_user_id(fresh) is not None

    replay = Client()  # a code seen over someone's shoulder works once only
    replay.post(LOGIN, {"login": "tess", "password": PASSWORD})
    assert replay.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert logged_in_user_id(replay) is None


class _IdentityProvider(BaseHTTPRequestHandler):
    """Just enough of an OpenID provider for the sign-in to start: its discovery document."""

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        document = {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
        }
        body = json.dumps(document).encode()
        self.send_response(200 if self.path == "/.well-known/openid-configuration" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_single_sign_on_is_off_by_default(client):
    page = client.get(LOGIN).content.decode()
    assert "/accounts/oidc/" not in page


def test_single_sign_on_with_the_teams_identity_provider_when_configured(client, settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _IdentityProvider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "oidc",
                        "name": "Company login",
                        "client_id": "journeyboard",
                        "secret": "s3cret",
                        "settings": {"server_url": f"http://127.0.0.1:{server.server_address[1]}"},
                    }
                ],
            }
        }
        page = client.get(LOGIN).content.decode()
        assert "Company login" in page
        start = reverse("openid_connect_login", kwargs={"provider_id": "oidc"})
        assert start in page
        response = client.post(start)
        assert response.status_code == 302
        target = urlparse(response["Location"])
        query = parse_qs(target.query)
        assert target.path == "/authorize" and query["client_id"] == ["journeyboard"]
        assert query["code_challenge_method"] == ["S256"] and "openid" in query["scope"][0]
    finally:
        server.shutdown()


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "mfa_index"])
def test_the_account_pages_open_in_the_apps_page_with_the_account_menu(team, client, name):
    client.post(LOGIN, {"login": "eddie", "password": PASSWORD})
    response = client.get(reverse(name))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="topbar"' in page and '<nav class="narrow account-nav" aria-label="Account">' in page
    assert 'role="alert"' not in page and "<script>" not in page  # (no inline script: the CSP forbids it)
