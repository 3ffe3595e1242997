"""Owners invite people by e-mail with a role; the link expires, is used once and can be revoked."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from workspaces.models import Invitation, InvitationStatus, Membership, Role
from workspaces.services import invitation_accept, invitation_create, invitation_revoke


def invite_url(workspace):
    return reverse("workspaces:invitation_create", args=[workspace.pk])


@pytest.fixture
def invitation(team):
    return invitation_create(
        workspace=team.workspace,
        email="newcomer@example.com",
        role=Role.VIEWER,
        invited_by=team.owner,
        site_url="http://testserver",
    )


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 302), ("editor", 403), ("viewer", 403), ("outsider", 404), (None, 302)]
)
def test_invite_permissions(team, client_for, who, status):
    response = client_for(team.users.get(who)).post(
        invite_url(team.workspace), {"email": "new@example.com", "role": Role.EDITOR}
    )
    assert response.status_code == status
    assert Invitation.objects.filter(email="new@example.com").exists() == (who == "owner")


def test_owner_invites_and_sees_the_link_to_copy(team, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(team.owner).post(
            invite_url(team.workspace), {"email": "new@example.com", "role": Role.EDITOR}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    invitation = Invitation.objects.get(email="new@example.com")
    assert invitation.role == Role.EDITOR and invitation.invited_by == team.owner
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    page = response.content.decode()
    link = f"http://testserver{reverse('workspaces:invitation', args=[invitation.token])}"
    assert f'value="{link}"' in page
    assert 'aria-label="Copy invitation link for new@example.com"' in page
    assert "Invitation for new@example.com created and e-mailed." in page


def test_the_invitation_is_e_mailed_with_its_link(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            workspace=team.workspace,
            email="new@example.com",
            role=Role.EDITOR,
            invited_by=team.owner,
            site_url="https://journeys.example",
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.com"]
    assert "Retail team" in message.subject
    assert f"https://journeys.example/join/{invitation.token}/" in message.body
    assert "as Editor" in message.body and "Olivia" in message.body


def test_no_mail_leaves_before_the_invitation_is_saved(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation_create(
            workspace=team.workspace, email="new@example.com", role=Role.EDITOR, invited_by=team.owner, site_url=""
        )
    assert mail.outbox == [] and len(callbacks) == 1


def test_a_bad_address_stays_beside_the_field(team, client_for):
    response = client_for(team.owner).post(
        invite_url(team.workspace), {"email": "not-an-address", "role": Role.EDITOR}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="not-an-address"' in page and "Enter a valid email address." in page
    assert not Invitation.objects.exists()


def test_inviting_a_member_or_a_pending_address_again_is_refused(team, client_for, invitation):
    team.editor.email = "eddie@example.com"
    team.editor.save()
    client = client_for(team.owner)
    response = client.post(invite_url(team.workspace), {"email": "EDDIE@example.com", "role": "viewer"})
    assert response.status_code == 422
    assert "already a member" in response.content.decode()
    response = client.post(invite_url(team.workspace), {"email": "newcomer@example.com", "role": "viewer"})
    assert response.status_code == 422
    assert "already pending" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_accepting_creates_the_membership_with_the_role(team, invitation, make_user, client_for):
    newcomer = make_user("nina", email="Newcomer@Example.com")
    response = client_for(newcomer).post(invitation.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == reverse("journeys:dashboard")
    assert Membership.objects.get(workspace=team.workspace, user=newcomer).role == Role.VIEWER
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer and invitation.status() == InvitationStatus.ACCEPTED


def test_the_link_page_shows_the_workspace_and_role_and_an_accept_button(team, invitation, make_user, client_for):
    response = client_for(make_user("nina", email="Newcomer@Example.com")).get(invitation.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Retail team" in page and "Viewer" in page and "Accept invitation" in page


def test_an_anonymous_visitor_is_offered_to_log_in_or_sign_up(invitation, client_for):
    response = client_for(None).get(invitation.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Accept invitation" not in page
    next_query = f"next=/join/{invitation.token}/"
    assert f"{reverse('account_login')}?{next_query}" in page
    assert f"{reverse('account_signup')}?{next_query}&amp;email=newcomer%40example.com" in page
    response = client_for(None).post(invitation.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert (
        not Membership.objects.filter(workspace=invitation.workspace, role=Role.VIEWER)
        .exclude(user__username="vera")
        .exists()
    )


def test_an_expired_invitation_cannot_be_used(invitation, make_user, client_for):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client = client_for(make_user("nina", email="Newcomer@Example.com"))
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "This invitation has expired." in response.content.decode()
    assert "Accept invitation" not in response.content.decode()
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 410
    assert not Membership.objects.filter(user__username="nina").exists()


def test_an_invitation_is_used_once(team, invitation, make_user, client_for):
    client_for(make_user("nina", email="Newcomer@Example.com")).post(invitation.get_absolute_url())
    second = make_user("mark")
    response = client_for(second).post(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "This invitation has already been used." in response.content.decode()
    assert not Membership.objects.filter(user=second).exists()


def test_a_revoked_invitation_cannot_be_used(invitation, make_user, client_for):
    invitation_revoke(invitation=invitation)
    user = make_user("nina", email="Newcomer@Example.com")
    response = client_for(user).post(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "This invitation has been revoked." in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_a_member_cannot_accept_into_their_own_workspace(team, invitation, client_for):
    response = client_for(team.viewer).post(invitation.get_absolute_url())
    assert response.status_code == 409
    assert "You are already a member of this workspace." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status() == InvitationStatus.PENDING


def test_an_unknown_token_is_not_found(client_for, team):
    assert client_for(team.owner).get(reverse("workspaces:invitation", args=["nope"])).status_code == 404


def test_the_services_say_why_an_invitation_is_refused(team, invitation, make_user):
    invitation_accept(invitation=invitation, user=make_user("nina", email="Newcomer@Example.com"))
    with pytest.raises(ValidationError) as refused:
        invitation_accept(invitation=invitation, user=make_user("mark"))
    assert refused.value.code == "used"
    with pytest.raises(ValidationError) as refused:
        invitation_revoke(invitation=invitation)
    assert refused.value.code == "used"


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 302), ("editor", 403), ("viewer", 403), ("outsider", 404), (None, 302)]
)
def test_revoke_permissions(team, invitation, client_for, who, status):
    response = client_for(team.users.get(who)).post(reverse("workspaces:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == status
    invitation.refresh_from_db()
    assert (invitation.status() == InvitationStatus.REVOKED) == (who == "owner")


def test_only_owners_see_invitations_and_their_links(team, invitation, client_for):
    url = reverse("workspaces:members", args=[team.workspace.pk])
    assert invitation.token in client_for(team.owner).get(url).content.decode()
    for who in ("editor", "viewer"):
        assert invitation.token not in client_for(team.users[who]).get(url).content.decode()


def test_a_used_invitation_shows_as_accepted_without_its_link(team, invitation, make_user, client_for):
    invitation_accept(invitation=invitation, user=make_user("nina", email="Newcomer@Example.com"))
    page = client_for(team.owner).get(reverse("workspaces:members", args=[team.workspace.pk])).content.decode()
    assert "Accepted" in page and invitation.token not in page


def test_only_the_invited_address_can_accept(team, invitation, make_user, client_for):
    """Whoever holds the link is not enough: an account of another address is told so, nothing changes."""
    someone = make_user("sam", email="sam@example.com")
    response = client_for(someone).post(invitation.get_absolute_url())
    assert response.status_code == 403
    assert "This invitation is for newcomer@example.com." in response.content.decode()
    assert not Membership.objects.filter(user=someone).exists()
    invitation.refresh_from_db()
    assert invitation.status() == InvitationStatus.PENDING
    no_address = make_user("nobody")
    assert client_for(no_address).post(invitation.get_absolute_url()).status_code == 403
    assert not Membership.objects.filter(user=no_address).exists()


def test_an_unconfirmed_address_cannot_accept_until_it_is_confirmed(team, invitation, make_user, client_for):
    """Anyone can type an address into an account: only a confirmed one proves the mail is theirs."""
    claimant = make_user("sam", email="newcomer@example.com", verified=False)
    response = client_for(claimant).post(invitation.get_absolute_url())
    assert response.status_code == 403
    page = response.content.decode()
    assert "confirm that address first, with the link we mailed to it." in page
    assert f'href="{reverse("account_email")}"' in page
    assert not Membership.objects.filter(user=claimant).exists()
    EmailAddress.objects.filter(user=claimant).update(verified=True)
    assert client_for(claimant).post(invitation.get_absolute_url()).status_code == 302
    assert Membership.objects.get(user=claimant, workspace=team.workspace).role == invitation.role


def test_an_owner_makes_an_open_link_on_purpose_with_an_expiry_and_a_use_limit(team, client_for, make_user):
    """Finding 3 of the trust issue: an invitation is for its address, unless an owner makes one for
    anyone with the link, on purpose; it is shown as such and stops at its use limit and its expiry."""
    owner = client_for(team.owner)
    response = owner.post(
        invite_url(team.workspace), {"role": Role.VIEWER, "open_link": "on", "max_uses": "2", "days": "3"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(open_link=True)
    assert invitation.email == "" and invitation.max_uses == 2
    assert abs((invitation.expires_at - invitation.created_at).days - 3) <= 1
    page = owner.get(reverse("workspaces:members", args=[team.workspace.pk])).content.decode()
    assert "Anyone with the link" in page and "0 of 2 uses" in page
    first, second, third = make_user("ana"), make_user("ben", email="ben@example.com"), make_user("cho")
    for user in (first, second):
        assert client_for(user).post(invitation.get_absolute_url()).status_code == 302
    assert client_for(third).post(invitation.get_absolute_url()).status_code == 410  # used up
    assert set(
        Membership.objects.filter(workspace=team.workspace, role=Role.VIEWER).values_list("user__username", flat=True)
    ) >= {"ana", "ben"}
    assert not Membership.objects.filter(user=third).exists()


def test_an_invitation_needs_an_address_unless_it_is_for_anyone(team, client_for):
    response = client_for(team.owner).post(
        invite_url(team.workspace), {"role": Role.EDITOR, "max_uses": "1", "days": "7"}
    )
    assert response.status_code == 422
    assert "Give the address to invite, or make a link for anyone." in response.content.decode()
    assert not Invitation.objects.exists()
