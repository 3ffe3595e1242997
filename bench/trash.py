#!/usr/bin/env python
"""Benchmark of the trash: how long a delete (which keeps every row it removes) and a restore take.

Builds, in a throwaway database, the board bench's map of 10 stages x 50 touchpoints with metrics,
evidence and opportunities (bench/board.py), then deletes and restores, through the services, one
card, one stage of 50 cards and the whole map, printing for each the time, the queries and the rows
kept (and their size as stored).

    .venv/bin/python bench/trash.py                   # SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard .venv/bin/python bench/trash.py
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.board import (  # (after the path is set)
    TRANSACTION_CONTROL,
    add_evidence,
    add_metrics,
    add_opportunities,
    build,
    build_map,
    setup_database,
    teardown_database,
)


def timed(label: str, work):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = work()
        elapsed = (time.perf_counter() - started) * 1000
    queries = sum(1 for query in captured.captured_queries if not TRANSACTION_CONTROL.match(query["sql"]))
    print(f"  {label:<10} {elapsed:8.0f} ms  {queries:4d} queries")
    return result


def measure(name: str, delete):
    from trash.models import TrashEntry
    from trash.services import trash_entry_restore

    print(name)
    entry = timed("delete", delete)
    size = len(json.dumps(TrashEntry.objects.values_list("rows", flat=True).get(pk=entry.pk)))
    print(f"  kept       {len(entry.rows):8d} rows  {size / 1024:6.0f} KB")
    timed("restore", lambda: trash_entry_restore(entry=entry))


def main():
    old_name = setup_database()
    try:
        from journeys.services import journey_delete, stage_delete
        from touchpoints.services import touchpoint_delete

        workspace, editor, personas = build()
        journey = build_map(
            workspace=workspace, editor=editor, personas=personas, title="Big map", stages=10, per_stage=50
        )
        add_metrics(journey)
        add_evidence(journey)
        add_opportunities(journey)
        stage = journey.stages.order_by("position")[4]
        card = stage.touchpoints.order_by("position")[25]
        measure(
            "A card (its readings, evidence and opportunity links, badges)", lambda: touchpoint_delete(touchpoint=card)
        )
        measure("A stage of 50 cards", lambda: stage_delete(stage=stage))
        measure("The map of 500 cards", lambda: journey_delete(journey=journey))
    finally:
        teardown_database(old_name)


if __name__ == "__main__":
    main()
