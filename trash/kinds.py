"""How each kind of trash entry is put back: the app that owns the kind registers a restorer in its
`AppConfig.ready()` (journeys: stages, lanes and maps; touchpoints: cards), so the trash imports no
app above it. A restorer finds the place again (the stage and position of a card...), refuses with a
ValidationError when there is none, calls trash.cascade.rows_restore and announces the change, and
returns what it put back."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Restored:
    obj: models.Model  # what is back
    journey_id: int  # the map it is on (itself for a map)
    stage_ids: tuple[int, ...] = ()  # the stage columns that changed (empty: the whole board)
    # The cards back on the map (None: every card of the map), whose kept badges are counted again.
    touchpoint_ids: tuple[int, ...] | None = ()


Restorer = Callable[..., Restored]  # restorer(*, entry, actor) -> Restored
_restorers: dict[str, Restorer] = {}


def register_restorer(kind: str, restorer: Restorer) -> None:
    _restorers[str(kind)] = restorer


def restorer_for(kind: str) -> Restorer:
    return _restorers[str(kind)]
