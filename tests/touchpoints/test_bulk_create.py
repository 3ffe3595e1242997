"""touchpoints_bulk_create: many cards at the end of their stages, with touchpoint_create's rules."""

import pytest
from django.core.exceptions import ValidationError

from channels.models import Channel
from journeys.services import journey_create
from personas.services import persona_create
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoints_bulk_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def stages(journey):
    return list(journey.stages.order_by("position"))


def titles(stage):
    return list(stage.touchpoints.order_by("position").values_list("title", "position"))


def test_cards_are_appended_after_the_existing_ones_with_dense_positions(journey, stages, channel, touchpoint):
    created = touchpoints_bulk_create(
        journey=journey,
        stage_cards=[
            (stages[0], {"title": "Banner", "channel": channel}),
            (stages[1], {"title": "Comparison page", "channel": channel, "emotion": -1}),
            (stages[0], {"title": "Reminder", "channel": channel, "emotion": 2}),
        ],
    )

    assert [card.title for card in created] == ["Banner", "Comparison page", "Reminder"]
    assert all(card.pk for card in created)
    assert titles(stages[0]) == [("Promotional e-mail", 0), ("Banner", 1), ("Reminder", 2)]
    assert titles(stages[1]) == [("Comparison page", 0)]
    assert Touchpoint.objects.get(title="Reminder").emotion == 2


def test_cards_keep_their_personas_owner_and_text(team, journey, stages, channel, persona):
    [card] = touchpoints_bulk_create(
        journey=journey,
        stage_cards=[
            (
                stages[2],
                {
                    "title": "Płatność BLIK",
                    "channel": channel,
                    "personas": [persona, persona],
                    "owner": team.editor,
                    "does": "Wpisuje kod",
                    "pain_points": "Kod wygasa",
                },
            )
        ],
    )
    card.refresh_from_db()
    assert list(card.personas.all()) == [persona]
    assert card.owner == team.editor
    assert (card.does, card.pain_points, card.version) == ("Wpisuje kod", "Kod wygasa", 1)


def test_nothing_is_written_when_one_card_breaks_a_rule(team, journey, stages, channel, make_user):
    other_channel = Channel.objects.get(workspace=team.other_workspace, name="E-mail")
    stranger = persona_create(workspace=team.workspace, name="Not on this map")
    other_map = journey_create(workspace=team.workspace, title="Another map")
    cards = [
        (stages[0], {"title": "Fine", "channel": channel}),
        (stages[0], {"title": "Foreign channel", "channel": other_channel}),
        (stages[0], {"title": "Unfeatured persona", "channel": channel, "personas": [stranger]}),
        (stages[0], {"title": "Stranger owns it", "channel": channel, "owner": team.outsider}),
        (stages[0], {"title": "Too happy", "channel": channel, "emotion": 3}),
        (stages[0], {"title": "", "channel": channel}),
        (other_map.stages.first(), {"title": "Wrong map", "channel": channel}),
    ]

    with pytest.raises(ValidationError) as error:
        touchpoints_bulk_create(journey=journey, stage_cards=cards)

    assert set(error.value.message_dict) == {
        "cards[1].channel",
        "cards[2].personas",
        "cards[3].owner",
        "cards[4].emotion",
        "cards[5].title",
        "cards[6].stage",
    }
    assert not Touchpoint.objects.exists()


def test_unknown_fields_are_a_programming_error(journey, stages, channel):
    with pytest.raises(TypeError):
        touchpoints_bulk_create(journey=journey, stage_cards=[(stages[0], {"title": "x", "channel": channel, "x": 1})])


def test_thousands_of_cards_take_a_handful_of_queries(journey, stages, channel, persona, django_assert_max_num_queries):
    cards = [(stages[i % 5], {"title": f"Card {i}", "channel": channel, "personas": [persona]}) for i in range(2500)]
    # The map locked; its personas; the stages' card counts; then the cards and their persona links
    # in batches: 3 + 2 on PostgreSQL (1,000 cards, 2,000 links a batch), about 40 on SQLite,
    # which binds at most 999 parameters a statement. Never a query per card.
    with django_assert_max_num_queries(60):
        created = touchpoints_bulk_create(journey=journey, stage_cards=cards)
    assert len(created) == 2500
    assert list(stages[4].touchpoints.order_by("position").values_list("position", flat=True)) == list(range(500))


def test_no_cards_write_nothing(journey):
    assert touchpoints_bulk_create(journey=journey, stage_cards=[]) == []
