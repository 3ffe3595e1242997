from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from journeys.management import demo_content
from journeys.models import Journey
from personas.models import Persona
from touchpoints.models import Touchpoint
from workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def demo_journey() -> Journey:
    return Journey.objects.get(title=demo_content.JOURNEY_TITLE)


def test_seed_demo_creates_the_workspace_users_personas_and_map():
    output = seed()

    workspace = Workspace.objects.get(name=demo_content.WORKSPACE_NAME)
    roles = dict(Membership.objects.filter(workspace=workspace).values_list("user__username", "role"))
    assert roles["demo"] == Role.OWNER
    assert roles["viewer"] == Role.VIEWER
    journey = demo_journey()
    assert journey.workspace == workspace
    assert journey.template == "default"
    assert [stage.name for stage in journey.stages.all()] == [
        "Awareness",
        "Consideration",
        "Purchase",
        "Post-purchase",
        "Loyalty",
    ]
    assert sorted(journey.personas.values_list("name", flat=True)) == [
        "Agnieszka Kowalska",
        "Irina Sokolova",
        "Seo-yeon Kim",
    ]
    assert output.rstrip().endswith("Demo login: demo / demo-journeys")


def test_every_demo_persona_is_filled_in_with_channels_of_the_workspace():
    seed()
    workspace = Workspace.objects.get(name=demo_content.WORKSPACE_NAME)

    for persona in Persona.objects.filter(workspace=workspace):
        for field in ("story", "characteristics", "goals", "frustrations", "needs", "quote", "age_range", "segment"):
            assert getattr(persona, field), f"{persona.name} has no {field}"
        channels = list(persona.preferred_channels.all())
        assert channels and all(channel.workspace_id == workspace.pk for channel in channels)


def test_every_stage_has_touchpoints_with_emotion_owner_personas_and_a_default_channel():
    seed()
    journey = demo_journey()
    touchpoints = Touchpoint.objects.filter(stage__journey=journey).select_related("channel", "owner")

    assert 18 <= touchpoints.count() <= 24
    for stage in journey.stages.all():
        assert stage.touchpoints.count() >= 3, f"{stage.name} has too few touchpoints"
        assert list(stage.touchpoints.values_list("position", flat=True)) == list(range(stage.touchpoints.count()))
    assert {touchpoint.emotion for touchpoint in touchpoints} == {-2, -1, 0, 1, 2}
    for touchpoint in touchpoints:
        assert touchpoint.does and touchpoint.thinks and touchpoint.feels
        assert touchpoint.pain_points and touchpoint.opportunities
        assert touchpoint.channel.workspace_id == journey.workspace_id
        assert touchpoint.owner.memberships.filter(workspace=journey.workspace).exists()
        assert touchpoint.personas.exists()
    titles = {touchpoint.title for touchpoint in touchpoints}
    for expected in ("Promotional e-mail: spring kitchen sale", "Online store checkout", "Returns in store"):
        assert expected in titles


def test_running_seed_demo_twice_leaves_one_copy():
    seed()
    first = demo_journey()
    output = seed()

    assert Workspace.objects.filter(name=demo_content.WORKSPACE_NAME).count() == 1
    assert Journey.objects.filter(title=demo_content.JOURNEY_TITLE).get() == first
    assert Persona.objects.count() == 3
    assert Touchpoint.objects.count() == len(demo_content.TOUCHPOINTS)
    assert get_user_model().objects.filter(username="demo").count() == 1
    assert "Demo login: demo / demo-journeys" in output


def test_reset_rebuilds_the_demo_map_after_someone_changed_it():
    seed()
    Touchpoint.objects.filter(stage__journey=demo_journey()).first().delete()

    seed("--reset")

    assert Journey.objects.filter(title=demo_content.JOURNEY_TITLE).count() == 1
    assert Persona.objects.count() == 3
    assert Touchpoint.objects.count() == len(demo_content.TOUCHPOINTS)


def test_demo_user_can_log_in_with_the_printed_password(client):
    seed()

    response = client.post(
        reverse("login"), {"username": "demo", "password": "demo-journeys", "next": "/"}
    )

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(get_user_model().objects.get(username="demo").pk)


def test_viewer_can_log_in_too_and_the_teammates_cannot():
    seed()

    assert get_user_model().objects.get(username="viewer").check_password("demo-journeys")
    assert not get_user_model().objects.get(username="mina").has_usable_password()


def test_seed_demo_restores_a_changed_demo_password(client):
    seed()
    demo = get_user_model().objects.get(username="demo")
    demo.set_password("something else entirely")
    demo.save()

    seed()

    assert client.login(username="demo", password="demo-journeys")


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        seed()
    assert not get_user_model().objects.filter(username="demo").exists()


def test_demo_login_without_next_lands_on_the_dashboard(client):
    seed()

    response = client.post(reverse("login"), {"username": "demo", "password": "demo-journeys"})

    assert response.status_code == 302
    assert response.url == reverse("journeys:dashboard")
