from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest
from django.urls import reverse

from core.markdown import render_markdown
from demo import content as demo_content
from guide.models import StageRead
from guide.selectors import guide_progress
from journeys.models import Journey
from personas.models import Persona
from strategies.models import RevisionKind, Strategy, StrategyRevision, StrategyStatus
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

    response = client.post(reverse("account_login"), {"login": "demo", "password": "demo-journeys", "next": "/"})

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

    assert client.login(username="demo", password="demo-journeys", request=HttpRequest())  # (django-axes asks)


def test_the_demo_map_documents_strategies_for_the_map_its_stages_and_its_touchpoints():
    seed()
    journey = demo_journey()
    strategies = list(Strategy.objects.filter(journey=journey).select_related("stage", "touchpoint", "owner"))

    assert 8 <= len(strategies) <= 10
    assert sum(1 for strategy in strategies if strategy.stage is None and strategy.touchpoint is None) == 2
    assert {strategy.stage.name for strategy in strategies if strategy.stage} == {
        "Awareness",
        "Purchase",
        "Post-purchase",
        "Loyalty",
    }
    assert {strategy.touchpoint.title for strategy in strategies if strategy.touchpoint} == {
        "Promotional e-mail: spring kitchen sale",
        "Chatbot question about stock",
        "Home delivery",
        "Loyalty programme points",
    }
    assert sum(1 for strategy in strategies if strategy.persona_id) >= 4
    statuses = [strategy.status for strategy in strategies]
    assert statuses.count(StrategyStatus.DRAFT) == 1
    assert statuses.count(StrategyStatus.RETIRED) == 1
    assert statuses.count(StrategyStatus.ACTIVE) == len(strategies) - 2
    members = set(Membership.objects.filter(workspace=journey.workspace).values_list("user_id", flat=True))
    assert {strategy.owner_id for strategy in strategies} <= members
    assert len({strategy.owner_id for strategy in strategies}) >= 2


def test_every_demo_strategy_body_renders_a_heading_a_list_and_a_link():
    seed()

    for strategy in Strategy.objects.filter(journey=demo_journey()):
        html = render_markdown(strategy.body)
        assert "<h3>" in html, strategy.title
        assert "<li>" in html, strategy.title
        assert '<a href="https://' in html, strategy.title


def test_several_demo_strategies_evolved_through_revisions_by_different_members_with_change_notes():
    seed()
    journey = demo_journey()

    evolved = 0
    for strategy in Strategy.objects.filter(journey=journey).prefetch_related("revisions"):
        revisions = sorted(strategy.revisions.all(), key=lambda revision: revision.number)
        assert [revision.number for revision in revisions] == list(range(1, strategy.version + 1))
        assert revisions[0].kind == RevisionKind.CREATED
        assert all(revision.change_note for revision in revisions), strategy.title
        assert revisions[-1].body == strategy.body and revisions[-1].status == strategy.status
        if 2 <= len(revisions) <= 4 and len({revision.author_id for revision in revisions}) >= 2:
            evolved += 1
    assert evolved >= 5
    notes = StrategyRevision.objects.filter(journey=journey).values_list("change_note", flat=True)
    assert any(note.startswith("Moved the send time to Thursday after the open-rate test") for note in notes)


def test_one_demo_strategy_was_restored_from_its_first_revision():
    seed()

    restored = StrategyRevision.objects.get(journey=demo_journey(), kind=RevisionKind.RESTORED)
    first = restored.strategy.revisions.get(number=restored.restored_from)
    assert restored.restored_from == 1
    assert restored.number == restored.strategy.version == 3
    assert (restored.title, restored.body, restored.status) == (first.title, first.body, first.status)
    assert restored.strategy.revisions.get(number=2).body != first.body
    assert restored.change_note


def test_the_retired_demo_strategy_says_why_it_was_retired():
    seed()

    strategy = Strategy.objects.get(journey=demo_journey(), status=StrategyStatus.RETIRED)
    latest = strategy.revisions.get(number=strategy.version)
    assert latest.status == StrategyStatus.RETIRED
    assert strategy.revisions.get(number=latest.number - 1).status == StrategyStatus.ACTIVE
    assert latest.change_note.startswith("Retired")


def test_the_viewer_read_the_first_two_guide_stages_and_must_read_awareness_again():
    seed()
    journey = demo_journey()

    _stages, readers = guide_progress(journey)
    progress = {reader.user.username: reader for reader in readers}
    assert set(
        StageRead.objects.filter(user__username="viewer", stage__journey=journey).values_list("stage__name", flat=True)
    ) == {"Awareness", "Consideration"}
    assert progress["viewer"].read_count == 2
    assert not progress["viewer"].finished
    assert [stage.name for stage in progress["viewer"].reread] == ["Awareness"]
    assert progress["mina"].finished
    assert [stage.name for stage in progress["mina"].reread] == ["Awareness"]
    assert progress["demo"].read_count == 0 and not progress["demo"].reread


def test_the_managers_guide_progress_page_shows_the_demo_readers(client):
    seed()
    client.force_login(get_user_model().objects.get(username="demo"))

    response = client.get(reverse("guide:progress", args=[demo_journey().pk]))

    assert response.status_code == 200
    rows = {reader.user.username: reader for reader in response.context["readers"]}
    assert rows["viewer"].read_count == 2
    content = response.content.decode()
    assert "Viewer Demo" in content
    assert '<span class="badge badge-stale">Awareness</span>' in content


def test_the_viewer_sees_the_demo_strategies_and_their_history(client):
    seed()
    client.login(username="viewer", password="demo-journeys", request=HttpRequest())
    strategy = StrategyRevision.objects.get(journey=demo_journey(), kind=RevisionKind.RESTORED).strategy

    response = client.get(reverse("strategies:strategy_history", args=[strategy.pk]))

    assert response.status_code == 200
    assert "restored from #1" in response.content.decode()


def test_running_seed_demo_twice_keeps_one_copy_of_the_strategies_their_history_and_reads():
    seed()
    journey = demo_journey()
    counts = (
        Strategy.objects.count(),
        StrategyRevision.objects.count(),
        StageRead.objects.count(),
    )

    seed()

    assert demo_journey() == journey
    assert (Strategy.objects.count(), StrategyRevision.objects.count(), StageRead.objects.count()) == counts
    assert Strategy.objects.filter(journey=journey).count() == len(demo_content.STRATEGIES)


def test_reset_rebuilds_the_strategies_history_and_reading_state():
    seed()
    old = demo_journey()

    seed("--reset")

    journey = demo_journey()
    assert journey != old
    assert Strategy.objects.count() == len(demo_content.STRATEGIES)
    assert not StrategyRevision.objects.exclude(journey=journey).exists()
    assert StrategyRevision.objects.filter(kind=RevisionKind.RESTORED).count() == 1
    assert StageRead.objects.filter(user__username="viewer").count() == 2


def test_a_demo_map_seeded_before_strategies_existed_gets_them_on_the_next_run(monkeypatch):
    with monkeypatch.context() as older_seed:
        older_seed.setattr(demo_content, "STRATEGIES", [])
        older_seed.setattr(demo_content, "GUIDE_READERS", [])
        older_seed.setattr(demo_content, "CHANGES_AFTER_READING", [])
        seed()
    assert not Strategy.objects.exists()

    output = seed()

    assert output.startswith("Kept the demo map")
    assert Strategy.objects.filter(journey=demo_journey()).count() == len(demo_content.STRATEGIES)
    assert StageRead.objects.filter(user__username="viewer").count() == 2
    assert "Demo login: demo / demo-journeys" in output


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        seed()
    assert not get_user_model().objects.filter(username="demo").exists()


def test_demo_login_without_next_lands_on_the_dashboard(client):
    seed()

    response = client.post(reverse("account_login"), {"login": "demo", "password": "demo-journeys"})

    assert response.status_code == 302
    assert response.url == reverse("journeys:dashboard")
