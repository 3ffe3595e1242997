"""The members page: everyone in the workspace sees who is in it; owners manage roles and members."""

import re

import pytest
from django.urls import reverse

from workspaces.models import Membership, Role


def members_url(workspace):
    return reverse("workspaces:members", args=[workspace.pk])


def membership_of(team, who):
    return Membership.objects.get(workspace=team.workspace, user=team.users[who])


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), (None, 302)]
)
def test_members_page_permissions(team, client_for, who, status):
    response = client_for(team.users.get(who)).get(members_url(team.workspace))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["owner", "editor", "viewer"])
def test_every_member_sees_the_members_and_their_roles(team, client_for, who):
    page = client_for(team.users[who]).get(members_url(team.workspace)).content.decode()
    for name in ("Olivia", "Eddie", "Vera"):
        assert name in page
    assert "@olivia" in page and "Owner" in page and "Editor" in page and "Viewer" in page
    assert "Oscar" not in page


def test_only_owners_see_the_controls(team, client_for):
    owner_page = client_for(team.owner).get(members_url(team.workspace)).content.decode()
    assert "Send invitation" in owner_page and "Save role of Eddie" in owner_page and "Remove Eddie" in owner_page
    for who in ("editor", "viewer"):
        page = client_for(team.users[who]).get(members_url(team.workspace)).content.decode()
        assert "Send invitation" not in page
        assert "Save role" not in page
        assert "Remove" not in page
        assert "Only owners can invite people" in page


def test_the_teams_page_lists_the_users_workspaces_with_member_counts(team, client_for):
    page = client_for(team.viewer).get(reverse("workspaces:list")).content.decode()
    assert "Retail team" in page and "3 members" in page
    assert "Other team" not in page
    assert client_for(None).get(reverse("workspaces:list")).status_code == 302


def test_the_nav_and_the_dashboard_link_to_the_members_pages(team, client_for):
    dashboard = client_for(team.editor).get(reverse("journeys:dashboard")).content.decode()
    assert f'href="{reverse("workspaces:list")}"' in dashboard
    assert f'href="{members_url(team.workspace)}"' in dashboard
    assert (
        f'href="{members_url(team.workspace)}"'
        in client_for(team.editor).get(reverse("workspaces:list")).content.decode()
    )


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 302), ("editor", 403), ("viewer", 403), ("outsider", 404), (None, 302)]
)
def test_change_role_permissions(team, client_for, who, status):
    membership = membership_of(team, "editor")
    response = client_for(team.users.get(who)).post(
        reverse("workspaces:membership_role", args=[membership.pk]), {"role": Role.VIEWER}
    )
    assert response.status_code == status
    membership.refresh_from_db()
    assert membership.role == (Role.VIEWER if who == "owner" else Role.EDITOR)


def test_owner_changes_a_role_in_place_with_htmx(team, client_for):
    membership = membership_of(team, "viewer")
    response = client_for(team.owner).post(
        reverse("workspaces:membership_role", args=[membership.pk]), {"role": Role.EDITOR}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="team"' in response.content.decode() and "<html" not in response.content.decode()
    assert "Vera is now Editor." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


def test_an_unknown_role_is_refused(team, client_for):
    membership = membership_of(team, "viewer")
    response = client_for(team.owner).post(
        reverse("workspaces:membership_role", args=[membership.pk]), {"role": "king"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_the_last_owner_cannot_be_demoted_and_sees_why(team, client_for):
    membership = membership_of(team, "owner")
    response = client_for(team.owner).post(
        reverse("workspaces:membership_role", args=[membership.pk]), {"role": Role.EDITOR}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "A workspace needs at least one owner." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_the_last_owner_cannot_be_removed_and_sees_why(team, client_for):
    membership = membership_of(team, "owner")
    response = client_for(team.owner).post(reverse("workspaces:membership_remove", args=[membership.pk]), follow=True)
    assert "The last owner of a workspace cannot be removed." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_owner_can_step_down_when_another_owner_remains(team, client_for):
    editor = membership_of(team, "editor")
    client = client_for(team.owner)
    client.post(reverse("workspaces:membership_role", args=[editor.pk]), {"role": Role.OWNER})
    owner = membership_of(team, "owner")
    response = client.post(
        reverse("workspaces:membership_role", args=[owner.pk]), {"role": Role.VIEWER}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == members_url(team.workspace)
    owner.refresh_from_db()
    assert owner.role == Role.VIEWER


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 302), ("editor", 403), ("viewer", 403), ("outsider", 404), (None, 302)]
)
def test_remove_member_permissions(team, client_for, who, status):
    membership = membership_of(team, "viewer")
    response = client_for(team.users.get(who)).post(reverse("workspaces:membership_remove", args=[membership.pk]))
    assert response.status_code == status
    assert Membership.objects.filter(pk=membership.pk).exists() == (who != "owner")


def test_a_removed_member_loses_access(team, client_for):
    membership = membership_of(team, "editor")
    response = client_for(team.owner).post(
        reverse("workspaces:membership_remove", args=[membership.pk]), HTTP_HX_REQUEST="true"
    )
    assert "Eddie was removed from the workspace." in response.content.decode()
    assert client_for(team.editor).get(members_url(team.workspace)).status_code == 404


def test_members_of_another_workspace_are_not_found(team, client_for):
    other_owner = Membership.objects.get(workspace=team.other_workspace)
    client = client_for(team.owner)
    assert (
        client.post(reverse("workspaces:membership_role", args=[other_owner.pk]), {"role": "viewer"}).status_code == 404
    )
    assert client.post(reverse("workspaces:membership_remove", args=[other_owner.pk])).status_code == 404


def test_member_names_are_escaped(team, client_for, make_user):
    from workspaces.services import membership_set

    membership_set(workspace=team.workspace, user=make_user("mallory", first_name="<script>x</script>"), role="viewer")
    page = client_for(team.viewer).get(members_url(team.workspace)).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ko", ["멤버", "초대하기", "역할 저장"]),
        ("pl", ["Członkowie", "Zaproś kogoś", "Zapisz rolę"]),
        ("ru", ["Участники", "Пригласить", "Сохранить роль", "Имя"]),
    ],
)
def test_the_members_page_speaks_the_users_language(team, client_for, settings, language, words):
    from django.utils import translation

    client = client_for(team.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(members_url(team.workspace)).content.decode()
    translation.deactivate()
    for word in words:
        assert word in page
    assert "Send invitation" not in page


@pytest.mark.parametrize("count", [0, 10])
def test_the_members_page_reads_in_a_constant_number_of_queries(
    team, make_user, client_for, django_assert_num_queries, count
):
    from workspaces.services import invitation_create, membership_set

    for index in range(count):
        membership_set(workspace=team.workspace, user=make_user(f"member{index}"), role=Role.VIEWER)
        invitation_create(
            workspace=team.workspace,
            email=f"p{index}@example.com",
            role=Role.EDITOR,
            invited_by=team.owner,
            site_url="",
        )
    client = client_for(team.owner)
    # user (the session comes from the cache), workspace with role, members with users, invitations with
    # their people, the nav's count; the Backups section's recent backups (backups.workspace_page)
    with django_assert_num_queries(6):
        response = client.get(members_url(team.workspace))
    assert response.content.decode().count('id="member-') == 3 + count


def test_the_api_tokens_page_makes_lists_and_revokes_ones_own_tokens(team, client_for, api_for):
    """Finding 12 of the trust issue: tokens could not be listed or revoked by their owner."""
    from knox.models import AuthToken
    from rest_framework.test import APIClient

    client = client_for(team.viewer)
    made = client.post(reverse("workspaces:tokens")).content.decode()
    token = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', made)[1]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/workspaces/").status_code == 200
    page = client.get(reverse("workspaces:tokens")).content.decode()
    key = AuthToken.objects.get(user=team.viewer).token_key
    assert token.startswith(key) and token not in page and f"<code>{key}…</code>" in page  # listed, not shown again
    digest = re.search(r'action="/accounts/tokens/([0-9a-f]+)/revoke/"', page)[1]
    assert client_for(team.editor).post(reverse("workspaces:token_revoke", args=[digest])).status_code == 404
    client = client_for(team.viewer)
    assert client.post(reverse("workspaces:token_revoke", args=[digest])).status_code == 302
    assert api.get("/api/v1/workspaces/").status_code == 401
