import pytest
from django.core.exceptions import ValidationError

from journeys.models import Journey, LaneKind, Stage
from journeys.services import (
    MAX_STAGES_PER_MAP,
    journey_create,
    lane_cell_set,
    lane_cells_create,
    stage_create,
    stage_delete,
    stage_move,
)
from journeys.stage_templates import TEMPLATES
from touchpoints.services import touchpoint_create, touchpoint_update


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t.stages], ids=lambda t: t.key)
def test_journey_create_makes_the_template_stages_in_order(team, template):
    journey = journey_create(workspace=team.workspace, title="Map", template=template.key, created_by=team.owner)
    stages = list(journey.stages.all())
    assert [s.name for s in stages] == [str(s.name) for s in template.stages]
    assert [s.position for s in stages] == list(range(len(template.stages)))
    assert all(s.guiding_question_list for s in stages)


def test_default_template_runs_awareness_to_loyalty(journey):
    assert list(journey.stages.values_list("name", flat=True)) == [
        "Awareness",
        "Consideration",
        "Purchase",
        "Post-purchase",
        "Loyalty",
    ]


def test_unknown_template_is_refused(team):
    with pytest.raises(ValidationError) as error:
        journey_create(workspace=team.workspace, title="Map", template="nope")
    assert "template" in error.value.message_dict


def test_persona_from_another_workspace_cannot_be_featured(team):
    from personas.services import persona_create

    foreign = persona_create(workspace=team.other_workspace, name="Stranger")
    with pytest.raises(ValidationError):
        journey_create(workspace=team.workspace, title="Map", personas=[foreign])


def test_stage_move_keeps_positions_dense(journey):
    loyalty = journey.stages.get(name="Loyalty")
    stage_move(stage=loyalty, position=0)
    assert list(journey.stages.values_list("name", "position")) == [
        ("Loyalty", 0),
        ("Awareness", 1),
        ("Consideration", 2),
        ("Purchase", 3),
        ("Post-purchase", 4),
    ]


def test_stage_create_inserts_and_delete_closes_the_gap(journey):
    new = stage_create(journey=journey, name="Research", position=1)
    assert list(journey.stages.values_list("position", flat=True)) == [0, 1, 2, 3, 4, 5]
    assert journey.stages.get(position=1) == new
    stage_delete(stage=journey.stages.get(name="Awareness"))
    assert list(journey.stages.values_list("name", "position"))[:2] == [("Research", 0), ("Consideration", 1)]


def test_stage_name_is_required(journey):
    with pytest.raises(ValidationError) as error:
        stage_create(journey=journey, name="")
    assert "name" in error.value.message_dict
    assert Stage.objects.filter(journey=journey).count() == 5


def test_stage_move_from_a_stale_version_is_refused(journey):
    from core.versioning import VersionConflict

    stage = journey.stages.get(name="Loyalty")
    with pytest.raises(VersionConflict):
        stage_move(stage=stage, position=0, expected_version=stage.version + 1)
    assert journey.stages.get(position=4) == stage


def test_deleting_a_workspace_deletes_its_maps_touchpoints_and_channels(team, touchpoint):
    from channels.models import Channel
    from touchpoints.models import Touchpoint
    from workspaces.services import workspace_delete

    workspace_delete(workspace=team.workspace)
    assert not Touchpoint.objects.exists()
    assert not Channel.objects.filter(workspace_id=team.workspace.pk).exists()


def test_a_channel_in_use_cannot_be_deleted_on_its_own(touchpoint):
    from django.db.models import RestrictedError

    with pytest.raises(RestrictedError):
        touchpoint.channel.delete()


def test_a_map_has_at_most_so_many_stages(journey):
    for index in range(MAX_STAGES_PER_MAP - journey.stages.count()):
        stage_create(journey=journey, name=f"Stage {index}")
    with pytest.raises(ValidationError, match="at most 40 stages"):
        stage_create(journey=journey, name="One more")
    assert journey.stages.count() == MAX_STAGES_PER_MAP


def test_a_change_to_a_card_or_a_lane_dates_the_map(journey, channel):
    stage = journey.stages.first()
    before = Journey.objects.get(pk=journey.pk).updated_at
    card = touchpoint_create(stage=stage, channel=channel, title="Flyer")
    after_card = Journey.objects.get(pk=journey.pk).updated_at
    assert after_card > before
    touchpoint_update(touchpoint=card, title="Flyer in the store")
    lane_cell_set(lane=journey.lanes.get(kind=LaneKind.TEXT), stage=stage, body="Picks a flyer")
    assert Journey.objects.get(pk=journey.pk).updated_at > after_card


def test_a_refused_change_leaves_the_maps_date(journey):
    before = Journey.objects.get(pk=journey.pk).updated_at
    with pytest.raises(ValidationError):
        stage_create(journey=journey, name="")
    assert Journey.objects.get(pk=journey.pk).updated_at == before


def test_texts_of_a_lane_written_at_once_follow_the_rules_of_one(journey):
    actions = journey.lanes.get(kind=LaneKind.TEXT)
    first, second = journey.stages.order_by("position")[:2]
    with pytest.raises(ValidationError):
        lane_cells_create(lane=actions, texts={first: "ok", second: "x" * 4001})
    with pytest.raises(ValidationError):
        lane_cells_create(lane=journey.lanes.get(kind=LaneKind.CURVE), texts={first: "ok"})
    other = journey_create(workspace=journey.workspace, title="Other").stages.first()
    with pytest.raises(ValidationError):
        lane_cells_create(lane=actions, texts={other: "ok"})
    assert not actions.cells.exists()
    lane_cells_create(lane=actions, texts={first: " Searches\r\n", second: "Compares"})
    assert dict(actions.cells.values_list("stage__name", "body")) == {
        "Awareness": "Searches",
        "Consideration": "Compares",
    }
    with pytest.raises(ValidationError):
        lane_cell_set(lane=actions, stage=first, body="x" * 4001)
