"""The channels page: listing, adding, renaming and deleting a workspace's channels."""

import pytest
from django.urls import reverse

from channels.models import Channel
from channels.services import DEFAULT_CHANNELS

ROLES = ["owner", "editor", "viewer", "outsider"]
HTMX = {"HTTP_HX_REQUEST": "true"}


def channel_names(workspace):
    return list(Channel.objects.filter(workspace=workspace).values_list("name", flat=True))


# Permissions


@pytest.mark.parametrize("role", ROLES)
def test_channels_page_lists_only_the_users_workspaces(team, client_for, role):
    response = client_for(team.users[role]).get(reverse("channels:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ("Retail team" in page) == (role != "outsider")
    assert ("Other team" in page) == (role == "outsider")


def test_every_default_channel_is_listed(team, client_for):
    page = client_for(team.viewer).get(reverse("channels:list")).content.decode()
    assert len(DEFAULT_CHANNELS) == 12
    for name in DEFAULT_CHANNELS:
        assert str(name) in page


def test_viewer_sees_no_edit_controls(team, channel, client_for):
    page = client_for(team.viewer).get(reverse("channels:list")).content.decode()
    assert reverse("channels:create") not in page
    assert reverse("channels:edit", args=[channel.pk]) not in page
    assert reverse("channels:delete", args=[channel.pk]) not in page


def test_editor_sees_edit_controls(team, channel, client_for):
    page = client_for(team.editor).get(reverse("channels:list")).content.decode()
    assert reverse("channels:create") in page
    assert reverse("channels:edit", args=[channel.pk]) in page
    assert reverse("channels:delete", args=[channel.pk]) in page


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_channel_needs_an_editing_role(team, client_for, role):
    data = {"workspace": team.workspace.pk, "name": "Loyalty app"}
    response = client_for(team.users[role]).post(reverse("channels:create"), data)
    # The outsider edits their own workspace, so the form answers that this one is not a choice.
    expected = {"owner": 302, "editor": 302, "viewer": 403, "outsider": 422}[role]
    assert response.status_code == expected
    assert ("Loyalty app" in channel_names(team.workspace)) == (expected == 302)


@pytest.mark.parametrize("role", ROLES)
def test_rename_page_needs_an_editing_role(team, channel, client_for, role):
    response = client_for(team.users[role]).get(reverse("channels:edit", args=[channel.pk]))
    assert response.status_code == {"owner": 200, "editor": 200, "viewer": 403, "outsider": 404}[role]


@pytest.mark.parametrize("role", ROLES)
def test_renaming_needs_an_editing_role(team, channel, client_for, role):
    response = client_for(team.users[role]).post(reverse("channels:edit", args=[channel.pk]), {"name": "Newsletter"})
    expected = {"owner": 302, "editor": 302, "viewer": 403, "outsider": 404}[role]
    assert response.status_code == expected
    channel.refresh_from_db()
    assert channel.name == ("Newsletter" if expected == 302 else "E-mail")


@pytest.mark.parametrize("role", ROLES)
def test_delete_confirmation_needs_an_editing_role(team, channel, client_for, role):
    response = client_for(team.users[role]).get(reverse("channels:delete", args=[channel.pk]))
    assert response.status_code == {"owner": 200, "editor": 200, "viewer": 403, "outsider": 404}[role]
    assert Channel.objects.filter(pk=channel.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_deleting_needs_an_editing_role(team, channel, client_for, role):
    response = client_for(team.users[role]).post(reverse("channels:delete", args=[channel.pk]))
    expected = {"owner": 302, "editor": 302, "viewer": 403, "outsider": 404}[role]
    assert response.status_code == expected
    assert Channel.objects.filter(pk=channel.pk).exists() == (expected != 302)


def test_viewer_cannot_add_a_channel_with_htmx_either(team, client_for):
    data = {"workspace": team.workspace.pk, "name": "Loyalty app"}
    response = client_for(team.viewer).post(reverse("channels:create"), data, **HTMX)
    assert response.status_code == 403
    assert "Loyalty app" not in channel_names(team.workspace)


@pytest.mark.parametrize(
    "url_name, needs_pk",
    [("list", False), ("create", False), ("edit", True), ("delete", True)],
)
def test_anonymous_visitors_are_sent_to_log_in(channel, client_for, url_name, needs_pk):
    url = reverse(f"channels:{url_name}", args=[channel.pk] if needs_pk else [])
    for method in ("get", "post"):
        response = getattr(client_for(None), method)(url, {"name": "Hacked"} if method == "post" else {})
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    channel.refresh_from_db()
    assert channel.name == "E-mail"


# Adding


def test_editor_adds_a_channel_at_the_end(team, client_for):
    response = client_for(team.editor).post(
        reverse("channels:create"), {"workspace": team.workspace.pk, "name": "  Loyalty app  "}, follow=True
    )
    added = Channel.objects.get(workspace=team.workspace, name="Loyalty app")
    assert added.position == 12
    assert channel_names(team.workspace)[-1] == "Loyalty app"
    assert "Loyalty app" in response.content.decode()


def test_adding_with_htmx_returns_the_workspace_section_with_a_fresh_form(team, client_for):
    response = client_for(team.editor).post(
        reverse("channels:create"), {"workspace": team.workspace.pk, "name": "Loyalty app"}, **HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="workspace-{team.workspace.pk}-channels"' in page
    assert "Loyalty app" in page
    assert 'value="Loyalty app"' not in page  # the add form is empty again
    assert "<html" not in page


def test_adding_a_duplicate_name_is_a_field_error_that_keeps_the_text(team, client_for):
    response = client_for(team.editor).post(
        reverse("channels:create"), {"workspace": team.workspace.pk, "name": "E-mail"}
    )
    assert response.status_code == 422
    section = next(s for s in response.context["sections"] if s.workspace == team.workspace)
    assert "already has a channel named" in section.form.errors["name"][0]
    page = response.content.decode()
    assert 'value="E-mail"' in page
    assert "already has a channel named" in page
    assert channel_names(team.workspace).count("E-mail") == 1


def test_adding_a_duplicate_with_htmx_answers_422_with_the_section(team, client_for):
    response = client_for(team.editor).post(
        reverse("channels:create"), {"workspace": team.workspace.pk, "name": "E-mail"}, **HTMX
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="workspace-{team.workspace.pk}-channels"' in page
    assert "already has a channel named" in page
    assert 'value="E-mail"' in page


def test_the_same_name_is_fine_in_another_workspace(team, client_for):
    response = client_for(team.outsider).post(
        reverse("channels:create"), {"workspace": team.other_workspace.pk, "name": "Loyalty app"}
    )
    assert response.status_code == 302
    client_for(team.editor).post(reverse("channels:create"), {"workspace": team.workspace.pk, "name": "Loyalty app"})
    assert "Loyalty app" in channel_names(team.workspace)
    assert "Loyalty app" in channel_names(team.other_workspace)


def test_adding_an_empty_name_is_a_field_error(team, client_for):
    response = client_for(team.editor).post(reverse("channels:create"), {"workspace": team.workspace.pk, "name": "   "})
    assert response.status_code == 422
    section = next(s for s in response.context["sections"] if s.workspace == team.workspace)
    assert "name" in section.form.errors
    assert len(channel_names(team.workspace)) == 12


def test_editor_cannot_add_to_a_workspace_of_someone_else(team, client_for):
    for headers in ({}, HTMX):
        response = client_for(team.editor).post(
            reverse("channels:create"), {"workspace": team.other_workspace.pk, "name": "Planted"}, **headers
        )
        assert response.status_code == 422
        assert "Choose a workspace where you can edit channels." in response.content.decode()
    assert "Planted" not in channel_names(team.other_workspace)


# Renaming


def test_editor_renames_a_channel(team, channel, client_for):
    response = client_for(team.editor).post(
        reverse("channels:edit", args=[channel.pk]), {"name": "Newsletter"}, follow=True
    )
    channel.refresh_from_db()
    assert channel.name == "Newsletter"
    assert "Newsletter" in response.content.decode()


def test_inline_rename_swaps_the_row_for_a_form_and_back(team, channel, client_for):
    client = client_for(team.editor)
    url = reverse("channels:edit", args=[channel.pk])
    form = client.get(url, **HTMX)
    assert form.status_code == 200
    assert f'<tr id="channel-{channel.pk}">' in form.content.decode()
    assert 'value="E-mail"' in form.content.decode()
    assert "<html" not in form.content.decode()

    saved = client.post(url, {"name": "Newsletter"}, **HTMX)
    assert saved.status_code == 200
    row = saved.content.decode()
    assert row.startswith(f'<tr id="channel-{channel.pk}">')
    assert "Newsletter" in row
    channel.refresh_from_db()
    assert channel.name == "Newsletter"

    cancelled = client.get(url, {"cancel": 1}, **HTMX)
    assert "Newsletter" in cancelled.content.decode() and '<form method="post"' not in cancelled.content.decode()


def test_renaming_to_a_name_in_use_is_a_field_error_that_keeps_the_text(team, channel, client_for):
    for headers in ({}, HTMX):
        response = client_for(team.editor).post(
            reverse("channels:edit", args=[channel.pk]), {"name": "Store"}, **headers
        )
        assert response.status_code == 422
        assert "already has a channel named" in response.context["form"].errors["name"][0]
        page = response.content.decode()
        assert 'value="Store"' in page
        assert "E-mail" in page  # the saved name is still named in the heading or label
    channel.refresh_from_db()
    assert channel.name == "E-mail"


def test_renaming_to_its_own_name_is_fine(team, channel, client_for):
    response = client_for(team.editor).post(reverse("channels:edit", args=[channel.pk]), {"name": "E-mail"})
    assert response.status_code == 302


def test_renaming_to_an_empty_name_is_a_field_error(team, channel, client_for):
    response = client_for(team.editor).post(reverse("channels:edit", args=[channel.pk]), {"name": ""}, **HTMX)
    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    channel.refresh_from_db()
    assert channel.name == "E-mail"


# Deleting


def test_editor_deletes_an_unused_channel(team, channel, client_for):
    client = client_for(team.editor)
    confirm = client.get(reverse("channels:delete", args=[channel.pk])).content.decode()
    assert "E-mail" in confirm and 'method="post"' in confirm
    response = client.post(reverse("channels:delete", args=[channel.pk]), follow=True)
    assert not Channel.objects.filter(pk=channel.pk).exists()
    assert "Channel “E-mail” deleted." in response.content.decode()


def test_deleting_with_htmx_removes_the_row(team, channel, client_for):
    response = client_for(team.editor).post(reverse("channels:delete", args=[channel.pk]), **HTMX)
    assert response.status_code == 200
    assert response.content == b""
    assert not Channel.objects.filter(pk=channel.pk).exists()


def test_a_channel_in_use_is_not_deleted_and_the_page_says_why(team, channel, touchpoint, client_for):
    response = client_for(team.editor).post(reverse("channels:delete", args=[channel.pk]), follow=True)
    assert Channel.objects.filter(pk=channel.pk).exists()
    assert "is used by 1 touchpoint;" in response.content.decode()


def test_a_channel_in_use_with_htmx_keeps_the_row_with_the_reason(team, channel, touchpoint, client_for):
    response = client_for(team.editor).post(reverse("channels:delete", args=[channel.pk]), **HTMX)
    assert response.status_code == 422
    row = response.content.decode()
    assert row.startswith(f'<tr id="channel-{channel.pk}">')
    assert "move it to another channel first" in row
    assert Channel.objects.filter(pk=channel.pk).exists()


def test_usage_count_is_shown(team, channel, touchpoint, client_for):
    page = client_for(team.viewer).get(reverse("channels:list")).content.decode()
    assert "1 touchpoint<" in page


def test_channel_names_are_escaped(team, client_for):
    from channels.services import channel_create

    channel = channel_create(workspace=team.workspace, name="<script>alert(1)</script>")
    client = client_for(team.editor)
    for url in (
        reverse("channels:list"),
        reverse("channels:edit", args=[channel.pk]),
        reverse("channels:delete", args=[channel.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_channels_page_query_count_does_not_grow_with_channels(team, client_for, django_assert_max_num_queries):
    from channels.services import channel_create

    for index in range(20):
        channel_create(workspace=team.workspace, name=f"Channel {index}")
    client = client_for(team.editor)
    # session, user, workspaces with the user's role, their channels with usage counts,
    # the nav's unread inbox count
    with django_assert_max_num_queries(5):
        response = client.get(reverse("channels:list"))
    assert response.status_code == 200
