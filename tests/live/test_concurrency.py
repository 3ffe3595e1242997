"""Many people editing and moving the same cards at once, on PostgreSQL.

Each edit appends its own token to the card's "does" text, starting from the
card as it read it (like a browser that opened the form), and sends the version
it read. An acknowledged edit must therefore be in the final text (an edit that
overwrote it without having seen it would be a lost update); an edit answered
with a conflict must not be. Whatever happened, each stage's cards keep one
order with positions 0..n-1.
"""

import random
import threading
from collections import defaultdict

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
OPERATIONS = 20
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def busy_board(journey, channel):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL)")
    stages = list(journey.stages.order_by("position"))
    cards = [
        touchpoint_create(stage=stages[index % 2], channel=channel, title=f"Card {index}", does="start")
        for index in range(6)
    ]
    return stages, [card.pk for card in cards]


def edit(client, card_id, token, stage_id=None):
    """Like a browser: read the card (open its form), append a token, save; maybe to another stage."""
    card = (
        Touchpoint.objects.filter(pk=card_id)
        .values("title", "stage_id", "channel_id", "emotion", "does", "version")
        .get()
    )
    data = {
        "title": card["title"],
        "stage": stage_id or card["stage_id"],
        "channel": card["channel_id"],
        "emotion": card["emotion"],
        "does": f"{card['does']} {token}",
        "version": card["version"],
    }
    return client.post(reverse("boards:touchpoint_edit", args=[card_id]), data, **HTMX)


def move(client, card_id, stages, rng):
    if rng.random() < 0.5:
        data = {"direction": rng.choice(["up", "down", "previous", "next"])}
    else:  # a drop: after a card that may have moved away meanwhile
        stage = rng.choice(stages[:3])
        after = rng.choice(["", *list(Touchpoint.objects.filter(stage=stage).values_list("pk", flat=True))])
        data = {"stage": stage.pk, "after": after}
    return client.post(reverse("boards:touchpoint_move", args=[card_id]), data, **HTMX)


def test_concurrent_edits_and_moves_lose_no_acknowledged_edit_and_keep_one_order(busy_board, team):
    stages, card_ids = busy_board
    outcomes = defaultdict(list)  # card -> [(token, "ack" | "conflict")]
    failures = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def editor(number):
        rng = random.Random(number)
        client = Client(raise_request_exception=False)  # a server error is a 500, counted below
        client.force_login(team.editor if number % 2 else team.owner)
        start.wait()
        try:
            for step in range(OPERATIONS):
                card_id = rng.choice(card_ids[:3])  # a few hot cards
                if rng.random() < 0.6:
                    token = f"t{number}-{step}"
                    # Some edits also change the card's stage: the edit path then moves it too.
                    other_stage = rng.choice(stages[:3]).pk if rng.random() < 0.2 else None
                    response = edit(client, card_id, token, other_stage)
                    if response.status_code == 200:
                        result = "ack"
                    elif response.status_code == 422 and "Someone else changed this" in response.content.decode():
                        result = "conflict"
                    else:
                        result = None
                        with lock:
                            failures.append(("edit", response.status_code))
                    if result:
                        with lock:
                            outcomes[card_id].append((token, result))
                else:
                    response = move(client, card_id, stages, rng)
                    if response.status_code not in (200, 422):
                        with lock:
                            failures.append(("move", response.status_code))
        except Exception as error:
            with lock:
                failures.append(("exception", repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    acknowledged = conflicts = 0
    for card_id, results in outcomes.items():
        final = set(Touchpoint.objects.get(pk=card_id).does.split())
        for token, result in results:
            if result == "ack":
                acknowledged += 1
                assert token in final, f"acknowledged edit {token} of card {card_id} was lost"
            else:
                conflicts += 1
                assert token not in final, f"edit {token} of card {card_id} was refused yet saved"
    assert acknowledged > 0 and conflicts > 0  # the test did exercise both outcomes

    for stage in stages:
        positions = list(Touchpoint.objects.filter(stage=stage).order_by("position").values_list("position", flat=True))
        assert positions == list(range(len(positions))), f"stage {stage.name}: {positions}"
    assert Touchpoint.objects.filter(stage__journey=stages[0].journey).count() == len(card_ids)
