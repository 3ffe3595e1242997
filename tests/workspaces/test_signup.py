"""People without an account sign up, and carry on where they were going (an invitation)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from workspaces.models import Membership, Role
from workspaces.services import invitation_create

SIGNUP = reverse("workspaces:signup")


def test_sign_up_creates_an_account_and_logs_in(db, client):
    response = client.post(
        SIGNUP,
        {
            "username": "nina",
            "email": "nina@example.com",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("journeys:dashboard")
    user = get_user_model().objects.get(username="nina")
    assert user.email == "nina@example.com" and user.check_password("a long pass phrase")
    assert client.get(reverse("journeys:dashboard")).status_code == 200


def test_sign_up_errors_stay_beside_the_fields_with_what_was_typed(db, client):
    response = client.post(
        SIGNUP, {"username": "nina", "email": "nina@example.com", "password1": "abc", "password2": "abd"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="nina"' in page and 'value="nina@example.com"' in page
    assert "The two password fields didn’t match." in page
    assert not get_user_model().objects.filter(username="nina").exists()


def test_sign_up_continues_to_the_invitation(team, client):
    invitation = invitation_create(
        workspace=team.workspace, email="nina@example.com", role=Role.EDITOR, invited_by=team.owner, site_url=""
    )
    page = client.get(f"{SIGNUP}?next={invitation.get_absolute_url()}&email=nina@example.com").content.decode()
    assert 'value="nina@example.com"' in page
    response = client.post(
        SIGNUP,
        {
            "username": "nina",
            "email": "nina@example.com",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
            "next": invitation.get_absolute_url(),
        },
    )
    assert response["Location"] == invitation.get_absolute_url()
    client.post(invitation.get_absolute_url())
    assert Membership.objects.get(user__username="nina", workspace=team.workspace).role == Role.EDITOR


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_sign_up_does_not_redirect_off_site(db, client, target):
    response = client.post(
        SIGNUP,
        {
            "username": "nina",
            "email": "n@example.com",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
            "next": target,
        },
    )
    assert response["Location"] == reverse("journeys:dashboard")


def test_a_logged_in_user_skips_sign_up(team, client_for):
    response = client_for(team.editor).get(SIGNUP)
    assert response.status_code == 302
