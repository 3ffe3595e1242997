#!/usr/bin/env python
"""Benchmark of snapshots on a map of 10 stages x 50 touchpoints (bench/board.py's big map, with strategies
on its stages): taking a snapshot, and restoring it after every card was edited and 50 were deleted, as the
worker runs a restore (exports.services.import_job_run: the safety snapshot, then the content put back).

Prints the seconds of each, the snapshot's size and the queries of the restore. Exits 1 if the restore
takes more than its target (it must stay well inside the jobs' time limit).

    .venv/bin/python bench/snapshots.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard .venv/bin/python bench/snapshots.py
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from board import build, build_map, setup_database, teardown_database  # bench/board.py

TARGET_SECONDS = 10.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stages", type=int, default=10)
    parser.add_argument("--per-stage", type=int, default=50)
    return parser.parse_args()


def main():
    args = parse_args()
    old_name = setup_database()
    try:
        return run(args)
    finally:
        teardown_database(old_name)


def run(args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exports import services
    from exports.models import ImportJob
    from exports.snapshots import snapshot_take
    from strategies.services import strategy_create
    from touchpoints.models import Touchpoint

    workspace, editor, personas = build()
    journey = build_map(
        workspace=workspace,
        editor=editor,
        personas=personas,
        title="Bench map",
        stages=args.stages,
        per_stage=args.per_stage,
    )
    for stage in journey.stages.all():
        strategy_create(journey=journey, stage=stage, title=f"Answer fast in {stage.name}", author=editor)

    started = time.perf_counter()
    snapshot = snapshot_take(journey=journey, name="Bench", created_by=editor)
    took = time.perf_counter() - started

    cards = list(Touchpoint.objects.filter(stage__journey=journey).order_by("id"))
    Touchpoint.objects.filter(pk__in=[card.pk for card in cards]).update(title="Edited", emotion=0)
    Touchpoint.objects.filter(pk__in=[card.pk for card in cards[::10]]).delete()
    job = services.snapshot_restore_create(snapshot=snapshot, created_by=editor)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        services.import_job_run(job_id=job.pk)
    restored = time.perf_counter() - started
    job = ImportJob.objects.get(pk=job.pk)
    back = Touchpoint.objects.filter(stage__journey=journey).exclude(title="Edited").count()

    print(
        f"{snapshot.card_count} cards, {snapshot.stage_count} stages ({connection.vendor}): "
        f"snapshot taken in {took:.2f} s ({snapshot.size / 1e6:.2f} MB); "
        f"restored in {restored:.2f} s, {len(queries)} queries, {job.status}, {back} cards as they were"
    )
    if job.status != "succeeded" or restored > TARGET_SECONDS or back != snapshot.card_count:
        print(f"Target missed: a restore of {snapshot.card_count} cards in more than {TARGET_SECONDS:.0f} s, or wrong.")
        return 1
    print(f"Target met: {snapshot.card_count} cards restored in <= {TARGET_SECONDS:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
