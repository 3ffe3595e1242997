#!/usr/bin/env python
"""Time the slide deck (PPTX) export of a map of 10 stages x 50 touchpoints, and weigh its file.

The map is built as bench/board.py builds its big map (5 personas, every card's texts, readings per
stage and card, an opportunity for every other card), in a throwaway database. Each run is what the
export job does in the worker: read the map (exports.selectors.map_document) and render the deck.
Target: <= 3 s median.

    .venv/bin/python bench/export_pptx.py                # SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard .venv/bin/python bench/export_pptx.py

Exit status: 0 when the target is met, 1 when not.
"""

import argparse
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from board import add_metrics, add_opportunities, build, build_map, setup_database, teardown_database

TARGET_SECONDS = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed exports (default 5)")
    parser.add_argument("--stages", type=int, default=10)
    parser.add_argument("--per-stage", type=int, default=50)
    args = parser.parse_args()

    old_name = setup_database()
    try:
        return run(args)
    finally:
        teardown_database(old_name)


def run(args) -> int:
    from django.db import connection
    from django.utils import translation
    from pptx import Presentation

    from exports.formats import FORMATS
    from exports.selectors import map_document

    workspace, editor, personas = build()
    journey = build_map(
        workspace=workspace,
        editor=editor,
        personas=personas,
        title="Ścieżka klienta — 고객 여정 — Путь клиента",
        stages=args.stages,
        per_stage=args.per_stage,
    )
    add_metrics(journey)
    add_opportunities(journey)

    walls, cpus, data = [], [], b""
    with translation.override("ko"):
        for _ in range(args.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            data = FORMATS["pptx"].render(map_document(journey.pk), progress=None)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    slides = len(Presentation(BytesIO(data)).slides)
    median = statistics.median(walls)
    verdict = "ok" if median <= TARGET_SECONDS else "OVER TARGET"
    print(
        f"database: {connection.vendor}; map of {args.stages} stages x {args.per_stage} touchpoints, "
        f"{len(personas)} personas"
    )
    print(
        f"export pptx   {median:6.3f} s median of {args.runs} (cpu {statistics.median(cpus):.3f} s; "
        f"max {max(walls):.3f} s; target <= {TARGET_SECONDS:g} s, {verdict})"
    )
    print(f"file          {len(data) / 1024:6.0f} KB, {slides} slides")
    return 0 if median <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
