"""Fixtures shared by the strategy, history and guide tests: `from .strategy_fixtures import *`."""

import pytest

from strategies.models import StrategyStatus
from strategies.services import strategy_create, strategy_update

__all__ = ["active_strategy", "edit", "stage", "strategy"]


@pytest.fixture
def stage(journey):
    return journey.stages.get(position=0)


@pytest.fixture
def strategy(journey, stage, team):
    """A draft strategy of the first stage, owned by the editor (revision #1)."""
    return strategy_create(
        journey=journey,
        stage=stage,
        title="Answer every review",
        body="Reply to each review within two days.",
        author=team.editor,
    )


@pytest.fixture
def active_strategy(journey, stage, team):
    return strategy_create(
        journey=journey,
        stage=stage,
        title="Welcome e-mail",
        body="Send a welcome e-mail with a first-order discount.",
        status=StrategyStatus.ACTIVE,
        author=team.owner,
    )


@pytest.fixture
def edit(team):
    """`edit(strategy, note="...", body="...")`: a change by the editor, returns the updated strategy."""

    def change(strategy, *, note="", author=None, **fields):
        return strategy_update(strategy=strategy, author=author or team.editor, change_note=note, **fields)

    return change
