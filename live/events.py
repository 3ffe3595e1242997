"""Board events: "this board changed, here is where".

Every write to a board (a touchpoint, a stage, the map itself, a strategy, a
comment...) calls `publish_board_event` inside its transaction. Nothing is sent
until the transaction commits, and nothing at all if it rolls back, so a browser
that re-reads the board on an event always finds the change in the database.

Browsers that have the board open receive the event through its live stream
(`live.streams.board_stream`) and re-fetch only what the event names: the stage
columns in `stage_ids`, or the whole board when the event has none or changes
the board's structure (`whole_board`: stages added, removed or reordered).

    from live.events import publish_board_event

    publish_board_event(journey.pk, kind="touchpoint.moved",
                        stage_ids=[source_stage_id, stage.pk], touchpoint_id=touchpoint.pk)

`kind` is a short "thing.action" string each app names for itself (journeys.events,
touchpoints.events...); it is informative, the browser acts on `stage_ids` and on
`board` (re-read the whole board).
"""

import contextvars
import logging
import time
from dataclasses import asdict, dataclass, field

from django.db import transaction

logger = logging.getLogger(__name__)

# The request being served (set by `live.middleware.live_request_middleware`): an
# event names the browser tab it came from (header `X-Live-Client`), so that tab
# does not re-read what it has just drawn, and the user who made it.
current_request: contextvars.ContextVar = contextvars.ContextVar("live_request", default=None)

ORIGIN_HEADER = "X-Live-Client"


@dataclass
class BoardEvent:
    """What a live stream sends for one change. `id` is given by the broker on publish."""

    journey: int
    kind: str
    stages: list[int] = field(default_factory=list)
    touchpoint: int | None = None
    actor: int | None = None
    origin: str = ""
    board: bool = False
    at: float = 0.0
    id: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "BoardEvent":
        names = cls.__dataclass_fields__
        return cls(**{key: value for key, value in data.items() if key in names})


def publish_board_event(
    journey_id: int,
    *,
    kind: str,
    stage_ids=(),
    touchpoint_id: int | None = None,
    actor_id: int | None = None,
    whole_board: bool = False,
) -> None:
    """Tell every browser with this board open that it changed, once the current
    transaction commits (at once outside a transaction).

    - `journey_id`: the board (journey map) that changed.
    - `kind`: a "thing.action" string.
    - `stage_ids`: the stage columns whose content changed (both ends of a move).
      Empty means "re-read the whole board".
    - `touchpoint_id`: the card concerned, if any.
    - `actor_id`: the user who made the change, if known.
    - `whole_board`: the change alters the board's structure; browsers re-read all of it.

    Never raises: a board whose live stream is down still saves (browsers catch
    up on their next event or reload). Safe to call several times in one
    transaction; each call is one event.
    """
    kind = str(kind)
    stages = sorted({int(pk) for pk in stage_ids if pk is not None})
    event = BoardEvent(
        journey=int(journey_id),
        kind=kind,
        stages=stages,
        touchpoint=touchpoint_id,
        actor=actor_id if actor_id is not None else _current_actor(),
        origin=_current_origin(),
        board=whole_board or not stages,
    )
    transaction.on_commit(lambda: _send(event))


def _current_origin() -> str:
    request = current_request.get()
    if request is None:
        return ""
    return clean_client_id(request.headers.get(ORIGIN_HEADER, ""))


def _current_actor() -> int | None:
    request = current_request.get()
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def clean_client_id(value: str) -> str:
    """A browser tab's id as the page made it: letters, digits and dashes, 40 at most."""
    value = (value or "")[:40]
    return value if all(char.isalnum() or char == "-" for char in value) else ""


def _send(event: BoardEvent) -> None:
    from .broker import get_broker

    event.at = time.time()
    try:
        get_broker().publish(event)
    except Exception:  # the write has committed: a lost notification must not turn it into an error
        logger.exception("Could not publish the board event %s for journey %s", event.kind, event.journey)


def board_cursor(journey_id: int) -> str:
    """The id of the board's latest event ("" if unknown). Read it *before* reading the
    board for a page: a stream opened with `?after=<cursor>` then misses nothing the
    page did not show."""
    from .broker import get_broker

    try:
        return get_broker().last_id(journey_id)
    except Exception:
        logger.exception("Could not read the live cursor of journey %s", journey_id)
        return ""
