"""Who may open and change personas: owner, editor, viewer, outsider, anonymous."""

import pytest
from django.urls import reverse

from personas.models import Persona

READ_EXPECTED = {"owner": 200, "editor": 200, "viewer": 200, "outsider": 404}
WRITE_EXPECTED = {"owner": 200, "editor": 200, "viewer": 403, "outsider": 404}
ROLES = ["owner", "editor", "viewer", "outsider"]


@pytest.mark.parametrize("role", ROLES)
def test_persona_detail_is_shown_to_members_and_hidden_from_outsiders(team, persona, client_for, role):
    response = client_for(team.users[role]).get(reverse("personas:detail", args=[persona.pk]))
    assert response.status_code == READ_EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_persona_edit_page_needs_an_editing_role(team, persona, client_for, role):
    response = client_for(team.users[role]).get(reverse("personas:edit", args=[persona.pk]))
    assert response.status_code == WRITE_EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_persona_edit_post_needs_an_editing_role(team, persona, client_for, role):
    data = {"name": "Renamed", "color": persona.color, "version": persona.version}
    response = client_for(team.users[role]).post(reverse("personas:edit", args=[persona.pk]), data)
    expected = {"owner": 302, "editor": 302, "viewer": 403, "outsider": 404}[role]
    assert response.status_code == expected
    persona.refresh_from_db()
    assert persona.name == ("Renamed" if expected == 302 else "Ji-woo Park")


@pytest.mark.parametrize("role", ROLES)
def test_persona_delete_confirmation_needs_an_editing_role(team, persona, client_for, role):
    response = client_for(team.users[role]).get(reverse("personas:delete", args=[persona.pk]))
    assert response.status_code == WRITE_EXPECTED[role]
    assert Persona.objects.filter(pk=persona.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_persona_delete_post_needs_an_editing_role(team, persona, client_for, role):
    response = client_for(team.users[role]).post(reverse("personas:delete", args=[persona.pk]))
    expected = {"owner": 302, "editor": 302, "viewer": 403, "outsider": 404}[role]
    assert response.status_code == expected
    assert Persona.objects.filter(pk=persona.pk).exists() == (expected != 302)


@pytest.mark.parametrize("role", ["owner", "editor"])
def test_owner_and_editor_can_open_the_create_page(team, client_for, role):
    response = client_for(team.users[role]).get(reverse("personas:create"))
    assert response.status_code == 200


def test_viewer_cannot_open_the_create_page(team, client_for):
    assert client_for(team.viewer).get(reverse("personas:create")).status_code == 403


def test_viewer_cannot_create_a_persona(team, client_for):
    response = client_for(team.viewer).post(reverse("personas:create"), {"name": "Sneaky", "color": "#4f46e5"})
    assert response.status_code == 403
    assert not Persona.objects.filter(name="Sneaky").exists()


def test_outsider_cannot_create_a_persona_in_someone_elses_workspace(team, client_for):
    data = {"workspace": team.workspace.pk, "name": "Intruder", "color": "#4f46e5"}
    response = client_for(team.outsider).post(reverse("personas:create"), data)
    # The outsider edits only their own workspace, so that is where the persona goes.
    assert response.status_code == 302
    assert Persona.objects.get(name="Intruder").workspace == team.other_workspace
    assert not team.workspace.personas.filter(name="Intruder").exists()


def test_editor_cannot_choose_a_workspace_where_they_only_view(team, make_user, client_for):
    from workspaces.models import Role
    from workspaces.services import membership_set, workspace_create

    both = make_user("bea")
    membership_set(workspace=team.workspace, user=both, role=Role.VIEWER)
    workspace_create(name="Bea's shop", owner=both)
    workspace_create(name="Bea's café", owner=both)  # two editable workspaces: the form asks which
    data = {"workspace": team.workspace.pk, "name": "Not here", "color": "#4f46e5"}
    response = client_for(both).post(reverse("personas:create"), data)
    assert response.status_code == 422
    assert "workspace" in response.context["form"].errors
    assert not Persona.objects.filter(name="Not here").exists()


@pytest.mark.parametrize(
    "url_name, needs_pk",
    [("list", False), ("create", False), ("detail", True), ("edit", True), ("delete", True)],
)
def test_anonymous_visitors_are_sent_to_log_in(persona, client_for, url_name, needs_pk):
    url = reverse(f"personas:{url_name}", args=[persona.pk] if needs_pk else [])
    for method in ("get", "post"):
        response = getattr(client_for(None), method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert Persona.objects.filter(pk=persona.pk).exists()


def test_viewer_sees_no_edit_controls(team, persona, client_for):
    client = client_for(team.viewer)
    for url in (reverse("personas:list"), reverse("personas:detail", args=[persona.pk])):
        page = client.get(url).content.decode()
        assert reverse("personas:edit", args=[persona.pk]) not in page
        assert reverse("personas:delete", args=[persona.pk]) not in page
        assert reverse("personas:create") not in page


def test_editor_sees_edit_controls(team, persona, client_for):
    client = client_for(team.editor)
    page = client.get(reverse("personas:list")).content.decode()
    assert reverse("personas:create") in page
    assert reverse("personas:edit", args=[persona.pk]) in page
    assert reverse("personas:delete", args=[persona.pk]) in page


def test_list_shows_only_the_users_workspaces(team, persona, client_for):
    from personas.services import persona_create

    persona_create(workspace=team.other_workspace, name="Secret shopper")
    page = client_for(team.viewer).get(reverse("personas:list")).content.decode()
    assert "Ji-woo Park" in page
    assert "Secret shopper" not in page
    page = client_for(team.outsider).get(reverse("personas:list")).content.decode()
    assert "Secret shopper" in page
    assert "Ji-woo Park" not in page


def test_filtering_by_a_workspace_outside_the_users_is_not_found(team, client_for):
    client = client_for(team.viewer)
    assert client.get(reverse("personas:list"), {"workspace": team.other_workspace.pk}).status_code == 404
    assert client.get(reverse("personas:list"), {"workspace": "nope"}).status_code == 404
