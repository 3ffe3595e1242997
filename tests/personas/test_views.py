"""Creating, editing and deleting personas through their pages."""

import pytest
from django.urls import reverse

from channels.models import Channel
from journeys.services import journey_create
from personas.models import AvatarColor, Persona
from personas.services import persona_create, persona_update
from workspaces.services import workspace_create


def persona_data(**overrides):
    data = {
        "name": "Anna Kowalska",
        "color": AvatarColor.TEAL,
        "occupation": "Teacher",
        "age_range": "35-44",
        "segment": "Careful comparers",
        "story": "Compares prices and promotions before every purchase.",
        "characteristics": "Patient\nThrifty",
        "goals": "Find the best value",
        "frustrations": "Hidden delivery costs",
        "needs": "Clear prices",
        "quote": "I read every review first.",
    }
    data.update(overrides)
    return data


def test_editor_creates_a_persona_with_preferred_channels(team, client_for):
    email = Channel.objects.get(workspace=team.workspace, name="E-mail")
    store = Channel.objects.get(workspace=team.workspace, name="Store")
    response = client_for(team.editor).post(
        reverse("personas:create"), persona_data(preferred_channels=[email.pk, store.pk]), follow=True
    )
    persona = Persona.objects.get(name="Anna Kowalska")
    assert response.redirect_chain[-1][0] == reverse("personas:detail", args=[persona.pk])
    assert persona.workspace == team.workspace
    assert persona.created_by == team.editor
    assert persona.color == AvatarColor.TEAL
    assert persona.frustrations == "Hidden delivery costs"
    assert set(persona.preferred_channels.all()) == {email, store}
    page = response.content.decode()
    assert "Anna Kowalska" in page
    assert "Hidden delivery costs" in page
    assert "I read every review first." in page
    assert ">AK<" in page  # initials on the avatar


def test_create_asks_for_the_workspace_only_when_the_user_edits_in_several(team, client_for):
    client = client_for(team.editor)
    assert "workspace" not in client.get(reverse("personas:create")).context["form"].fields
    workspace_create(name="Second shop", owner=team.editor)
    form = client.get(reverse("personas:create")).context["form"]
    assert {w.name for w in form.fields["workspace"].queryset} == {"Retail team", "Second shop"}


def test_create_in_a_chosen_workspace_offers_that_workspaces_channels(team, client_for):
    second = workspace_create(name="Second shop", owner=team.editor)
    client = client_for(team.editor)
    form = client.get(reverse("personas:create"), {"workspace": second.pk}).context["form"]
    assert {c.workspace_id for c in form.fields["preferred_channels"].queryset} == {second.pk}
    response = client.post(reverse("personas:create"), persona_data(workspace=second.pk))
    assert response.status_code == 302
    assert Persona.objects.get(name="Anna Kowalska").workspace == second


def test_create_without_a_name_shows_the_error_and_keeps_the_typed_text(team, client_for):
    response = client_for(team.editor).post(reverse("personas:create"), persona_data(name=""))
    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    page = response.content.decode()
    assert 'class="field-errors"' in page
    assert "Compares prices and promotions before every purchase." in page
    assert "Hidden delivery costs" in page
    assert not Persona.objects.exists()


def test_create_with_a_channel_of_another_workspace_is_refused(team, client_for):
    foreign = Channel.objects.filter(workspace=team.other_workspace).first()
    response = client_for(team.editor).post(reverse("personas:create"), persona_data(preferred_channels=[foreign.pk]))
    assert response.status_code == 422
    assert "preferred_channels" in response.context["form"].errors
    assert "Careful comparers" in response.content.decode()
    assert not Persona.objects.exists()


def test_editor_edits_a_persona(team, persona, client_for):
    survey = Channel.objects.get(workspace=team.workspace, name="Survey")
    data = persona_data(name="Ji-woo Park", goals="Buy quickly on the way home", preferred_channels=[survey.pk])
    response = client_for(team.editor).post(
        reverse("personas:edit", args=[persona.pk]), {**data, "version": persona.version}, follow=True
    )
    persona.refresh_from_db()
    assert persona.goals == "Buy quickly on the way home"
    assert persona.version == 2
    assert list(persona.preferred_channels.all()) == [survey]
    assert "Buy quickly on the way home" in response.content.decode()


def test_edit_page_carries_the_version(team, persona, client_for):
    page = client_for(team.editor).get(reverse("personas:edit", args=[persona.pk])).content.decode()
    assert 'name="version" value="1"' in page


def test_edit_with_an_empty_name_keeps_what_was_typed(team, persona, client_for):
    data = {**persona_data(name="", goals="Typed but not saved"), "version": persona.version}
    response = client_for(team.editor).post(reverse("personas:edit", args=[persona.pk]), data)
    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    assert "Typed but not saved" in response.content.decode()
    persona.refresh_from_db()
    assert persona.name == "Ji-woo Park"
    assert persona.version == 1


def test_edit_with_a_channel_of_another_workspace_shows_a_field_error(team, persona, client_for):
    foreign = Channel.objects.filter(workspace=team.other_workspace).first()
    data = {**persona_data(preferred_channels=[foreign.pk]), "version": persona.version}
    response = client_for(team.editor).post(reverse("personas:edit", args=[persona.pk]), data)
    assert response.status_code == 422
    assert "preferred_channels" in response.context["form"].errors
    assert "Careful comparers" in response.content.decode()
    assert not persona.preferred_channels.exists()


def test_edit_from_a_stale_version_shows_a_conflict_with_both_versions(team, persona, client_for):
    persona_update(persona=persona, goals="Saved by someone else", expected_version=1)
    data = {**persona_data(name="Ji-woo Park", goals="My own goals"), "version": 1}
    response = client_for(team.editor).post(reverse("personas:edit", args=[persona.pk]), data)
    assert response.status_code == 409
    form = response.context["form"]
    assert "Someone else changed this persona" in " ".join(form.non_field_errors())
    page = response.content.decode()
    assert "My own goals" in page  # what the user typed stays in the form
    assert "Saved by someone else" in page  # the saved version is shown beside it
    assert 'name="version" value="2"' in page  # saving again overwrites knowingly
    persona.refresh_from_db()
    assert persona.goals == "Saved by someone else"

    response = client_for(team.editor).post(reverse("personas:edit", args=[persona.pk]), {**data, "version": 2})
    assert response.status_code == 302
    persona.refresh_from_db()
    assert persona.goals == "My own goals"
    assert persona.version == 3


def test_delete_asks_for_confirmation_then_deletes(team, persona, client_for):
    client = client_for(team.editor)
    page = client.get(reverse("personas:delete", args=[persona.pk])).content.decode()
    assert "Ji-woo Park" in page and 'method="post"' in page
    assert Persona.objects.filter(pk=persona.pk).exists()
    response = client.post(reverse("personas:delete", args=[persona.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("personas:list")
    assert not Persona.objects.filter(pk=persona.pk).exists()
    assert "Ji-woo Park" in response.content.decode()  # the "deleted" message


def test_delete_from_the_list_with_htmx_removes_the_card(team, persona, client_for):
    response = client_for(team.editor).post(
        reverse("personas:delete", args=[persona.pk]), HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"persona-{persona.pk}"
    )
    assert response.status_code == 200
    assert response.content == b""
    assert not Persona.objects.filter(pk=persona.pk).exists()


def test_delete_from_the_detail_page_with_htmx_redirects_to_the_list(team, persona, client_for):
    response = client_for(team.editor).post(reverse("personas:delete", args=[persona.pk]), HTTP_HX_REQUEST="true")
    assert response.headers["HX-Redirect"] == reverse("personas:list")
    assert not Persona.objects.filter(pk=persona.pk).exists()


def test_delete_only_accepts_get_and_post(team, persona, client_for):
    response = client_for(team.editor).delete(reverse("personas:delete", args=[persona.pk]))
    assert response.status_code == 405
    assert Persona.objects.filter(pk=persona.pk).exists()


def test_detail_shows_the_whole_persona_and_its_maps(team, client_for):
    email = Channel.objects.get(workspace=team.workspace, name="E-mail")
    persona = persona_create(workspace=team.workspace, preferred_channels=[email], **persona_data())
    journey_create(workspace=team.workspace, title="Back to school", personas=[persona])
    page = client_for(team.viewer).get(reverse("personas:detail", args=[persona.pk])).content.decode()
    for text in persona_data().values():
        for line in text.splitlines():
            assert line in page
    assert "E-mail" in page
    assert "Back to school" in page


def test_user_text_is_escaped(team, client_for):
    persona = persona_create(
        workspace=team.workspace, name="<script>alert(1)</script>", quote="<b>bold</b>", goals="<img src=x>"
    )
    client = client_for(team.editor)
    for url in (
        reverse("personas:list"),
        reverse("personas:detail", args=[persona.pk]),
        reverse("personas:edit", args=[persona.pk]),
        reverse("personas:delete", args=[persona.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<b>bold</b>" not in page
        assert "<img src=x>" not in page


def test_list_filters_by_workspace(team, persona, client_for):
    second = workspace_create(name="Second shop", owner=team.editor)
    persona_create(workspace=second, name="Marek Nowak")
    client = client_for(team.editor)
    everything = client.get(reverse("personas:list")).content.decode()
    assert "Ji-woo Park" in everything and "Marek Nowak" in everything
    only_second = client.get(reverse("personas:list"), {"workspace": second.pk}).content.decode()
    assert "Marek Nowak" in only_second and "Ji-woo Park" not in only_second


@pytest.mark.parametrize("count", [3, 30])
def test_persona_list_query_count_does_not_grow_with_personas(team, client_for, django_assert_max_num_queries, count):
    channels = list(Channel.objects.filter(workspace=team.workspace)[:3])
    journey = journey_create(workspace=team.workspace, title="Map")
    for index in range(count):
        persona = persona_create(workspace=team.workspace, name=f"Persona {index}", preferred_channels=channels)
        journey.personas.add(persona)
    client = client_for(team.editor)
    # session, user, workspaces with the user's role, personas with their workspace,
    # their preferred channels, the maps featuring them, the nav's unread inbox count
    with django_assert_max_num_queries(7):
        response = client.get(reverse("personas:list"))
    assert response.content.decode().count('class="card persona-card"') == count
