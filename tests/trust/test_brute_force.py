"""Brute force (finding 6 of the trust issue: 200 wrong passwords on the log-in page and 200 on the token
endpoint were all checked, and the right one still worked). django-axes locks an account, and an
address, out after AXES_FAILURE_LIMIT failures; django-allauth limits sign-ups, django-ratelimit
invitation links, per address; DRF throttles the token endpoint. All answer 429 with Retry-After."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import ACCOUNT_RATE_LIMITS, PASSWORD

pytestmark = pytest.mark.django_db
LIMIT = settings.AXES_FAILURE_LIMIT
JSON = "application/json"  # (the token endpoint reads JSON only)


def log_in(client, username, password, address="198.51.100.1"):
    return client.post(reverse("account_login"), {"login": username, "password": password}, REMOTE_ADDR=address)


def test_an_account_is_locked_out_after_the_limit_even_for_the_right_password(team):
    client = Client()
    for _attempt in range(LIMIT - 1):
        assert log_in(client, "olivia", "wrong").status_code == 200  # the form again, with its error
    assert log_in(client, "olivia", "wrong").status_code == 429  # the limit reached
    locked = log_in(client, "olivia", PASSWORD)
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    assert "Too many failed log-ins for this account or from this address. Try again in 15 minutes." in (
        locked.content.decode()
    )
    assert "_auth_user_id" not in client.session
    # From another address too: the account is locked, not only the address.
    assert log_in(Client(), "olivia", PASSWORD, address="198.51.100.99").status_code == 429


def test_an_address_is_locked_out_whatever_account_it_tries(team):
    client = Client()
    for number in range(LIMIT):
        log_in(client, f"nobody{number}", "wrong", address="198.51.100.7")
    assert log_in(client, "eddie", PASSWORD, address="198.51.100.7").status_code == 429
    assert log_in(Client(), "eddie", PASSWORD, address="198.51.100.8").status_code == 302  # elsewhere: in


def test_the_token_endpoint_locks_out_with_429_and_retry_after(team):
    client = Client()
    url = reverse("api-token")
    for _attempt in range(LIMIT - 1):
        response = client.post(url, {"username": "vera", "password": "wrong"}, JSON, REMOTE_ADDR="198.51.100.20")
        assert response.status_code == 400
    limit = client.post(url, {"username": "vera", "password": "wrong"}, JSON, REMOTE_ADDR="198.51.100.20")
    assert limit.status_code == 429
    locked = client.post(url, {"username": "vera", "password": PASSWORD}, JSON, REMOTE_ADDR="198.51.100.21")
    assert locked.status_code == 429 and locked["Retry-After"] == "900"
    assert "Too many failed log-ins" in locked.json()["detail"] and "token" not in locked.json()


def test_the_token_endpoint_is_throttled_per_address(team, settings):
    """Failures lock out after AXES_FAILURE_LIMIT; any request counts here, even one that checks no
    password (a missing field)."""
    settings.API_TOKEN_RATE = "30/minute"
    client = Client()
    answers = [
        client.post(reverse("api-token"), {"username": "vera"}, JSON, REMOTE_ADDR="198.51.100.40") for _ in range(31)
    ]
    assert {answer.status_code for answer in answers[:30]} == {400}
    assert answers[30].status_code == 429 and int(answers[30]["Retry-After"]) > 0
    assert (
        client.post(
            reverse("api-token"), {"username": "vera", "password": PASSWORD}, JSON, REMOTE_ADDR="198.51.100.41"
        ).status_code
        == 200
    )


def test_sign_ups_and_invitation_links_are_limited_per_address(team, settings):
    settings.RATELIMIT_ENABLE = True
    settings.ACCOUNT_RATE_LIMITS = ACCOUNT_RATE_LIMITS
    client = Client()
    answers = [client.post(reverse("account_signup"), {}, REMOTE_ADDR="198.51.100.60") for _ in range(21)]
    assert [answer.status_code for answer in answers[:20]] == [200] * 20 and answers[20].status_code == 429
    assert answers[20]["Retry-After"] == "300"
    assert "Too many attempts. Wait a few minutes and try again." in answers[20].content.decode()
    guesses = [
        client.get(reverse("workspaces:invitation", args=[f"guess{n}"]), REMOTE_ADDR="198.51.100.61") for n in range(61)
    ]
    assert {guess.status_code for guess in guesses[:60]} == {404}
    assert guesses[60].status_code == 429 and guesses[60]["Retry-After"] == "3600"
    assert "Too many attempts from this address." in guesses[60].content.decode()
