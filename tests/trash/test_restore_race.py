"""Two people restoring the same entry at the same moment (two tabs, a double click), on PostgreSQL: the
card comes back once, and the second is told it has just been restored."""

import pytest
from django.db import connection

from tests.workspaces.test_owner_race import at_once
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_delete
from trash.models import TrashEntry
from trash.services import trash_entry_restore

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL)")


def test_two_restores_of_one_entry_at_once_put_the_card_back_once(postgresql, team, stage, cards):
    for _round in range(ROUNDS):
        entry = touchpoint_delete(touchpoint=cards[1])
        errors = at_once(
            lambda entry=entry: trash_entry_restore(entry=entry, actor=team.owner),
            lambda entry=entry: trash_entry_restore(entry=entry, actor=team.editor),
        )
        assert [error.messages for error in errors] == [
            ["This has just been restored or deleted forever by someone else."]
        ]
        assert list(Touchpoint.objects.filter(stage=stage).order_by("position").values_list("title", flat=True)) == [
            "A",
            "B",
            "C",
            "D",
        ]
        assert not TrashEntry.objects.exists()
