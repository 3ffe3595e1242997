import datetime
from decimal import Decimal

import pytest

from comments.services import comment_create
from evidence.services import evidence_create
from opportunities.services import opportunity_create
from strategies.services import strategy_create, strategy_update
from touchpoints.services import touchpoint_create


@pytest.fixture
def stage(journey):
    return journey.stages.get(position=0)


@pytest.fixture
def cards(stage, channel):
    """Four cards in the first stage, A to D, in that order."""
    return [touchpoint_create(stage=stage, channel=channel, title=title) for title in "ABCD"]


@pytest.fixture
def linked_card(team, journey, stage, channel, persona, csat, record):
    """A card with everything that hangs on it: personas, a comment (with its mention), a strategy, a
    reading, evidence and an opportunity."""
    card = touchpoint_create(
        stage=stage, channel=channel, title="Order confirmation", does="Reads the e-mail", emotion=2, personas=[persona]
    )
    comment_create(target=card, author=team.editor, body="Ask @olivia about the wording")
    strategy = strategy_create(
        journey=journey, touchpoint=card, title="Say thank you", body="Always.", author=team.editor
    )
    strategy_update(strategy=strategy, author=team.owner, body="Always, warmly.")
    record(csat, journey, Decimal("4.5"), touchpoint=card)
    evidence_create(journey=journey, text="Nice e-mail", observed_on=datetime.date(2026, 1, 2), touchpoints=[card])
    opportunity_create(journey=journey, title="Personal thanks", touchpoints=[card])
    return card
