#!/usr/bin/env python
"""Time each export and import on a map of 10 stages x 50 cards, one row per format.

    .venv/bin/python bench/export.py                  # SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard .venv/bin/python bench/export.py
    .venv/bin/python bench/export.py --only ojf       # the rows whose name holds "ojf"

The map is bench/board.py's big map, built the same way in a throwaway database: 10 stages of 50 cards
with every text field written, 5 personas, a text per stage in its "Customer actions" lane, and (unless
`--without-metrics`) its metrics, evidence and opportunities. Each row times what a job does in the
worker, as the median of a few runs (wall clock, and CPU: what a busy machine adds shows as the gap):
an export reads the map and renders its file; an import reads, checks and writes a file in one
transaction, making a new map (or adding to one).

To time another format, add a Row to ROWS: its name, its target in seconds (None: printed without a
verdict), and a function that does the work once, given the Bench (the map, its workspace, its editor).
Targets are printed, never asserted: the exit status is 0 unless the map cannot be built.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from board import (  # bench/board.py
    add_evidence,
    add_metrics,
    add_opportunities,
    build,
    build_map,
    setup_database,
    teardown_database,
)

RUNS = 3


@dataclass
class Bench:
    journey: object
    workspace: object
    editor: object
    files: dict = field(default_factory=dict)  # files rendered once, for the imports to read

    def document(self, *, full: bool = True) -> dict:
        from exports.selectors import map_document

        return map_document(self.journey.pk, full=full)

    def file(self, name: str, make: Callable[[], bytes]) -> bytes:
        if name not in self.files:
            self.files[name] = make()
        return self.files[name]


@dataclass(frozen=True)
class Row:
    name: str
    target: float | None  # seconds
    run: Callable[[Bench], object]
    runs: int = RUNS


def export(key: str) -> Callable[[Bench], bytes]:
    """What an export job does: read the map, render its file."""

    def run(bench: Bench) -> bytes:
        from exports.formats import FORMATS

        return FORMATS[key].render(bench.document(full=FORMATS[key].full_document), progress=None)

    return run


def run_import(bench: Bench, job) -> None:
    from exports import services
    from exports.models import JobStatus

    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, (job.error, job.problems[:3])


def import_map(key: str, *, times: int = 1) -> Callable[[Bench], None]:
    """What a map import job does with a file of that format: read it, check it, write a new map. With
    `times`, each stage's cards come `times` over (a file of 5,000 cards)."""

    def make_file(bench: Bench) -> bytes:
        from exports.formats import FORMATS

        document = bench.document()
        for stage in document["stages"]:
            stage["touchpoints"] = stage["touchpoints"] * times
        return FORMATS[key].render(document)

    def run(bench: Bench) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from exports import services

        data = bench.file(f"{key} x{times}", lambda: make_file(bench))
        job = services.import_job_create_map(
            workspace=bench.workspace,
            upload=SimpleUploadedFile(f"map.{key}", data),
            created_by=bench.editor,
            format=key,
        )
        run_import(bench, job)

    return run


def import_csv(times: int) -> Callable[[Bench], None]:
    def run(bench: Bench) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from exports import services
        from exports.formats import FORMATS

        def make_file() -> bytes:
            document = bench.document()
            for stage in document["stages"]:
                stage["touchpoints"] = stage["touchpoints"] * times
            return FORMATS["csv"].render(document)

        data = bench.file(f"csv x{times}", make_file)
        job = services.import_job_create_touchpoints(
            journey=bench.journey, upload=SimpleUploadedFile("cards.csv", data), created_by=bench.editor
        )
        run_import(bench, job)

    return run


ROWS = [
    Row("export JSON", 0.5, export("json")),
    Row("export CSV", 0.5, export("csv")),
    Row("export XLSX", 2.0, export("xlsx")),
    Row("export PDF", 5.0, export("pdf")),
    Row("export PPTX (slide deck)", 3.0, export("pptx")),
    Row("export PNG (board image)", 3.0, export("png")),
    Row("export SVG (board image)", None, export("svg")),
    Row("export OpenJourney (.ojf)", 0.5, export("ojf")),
    Row("import OpenJourney (.ojf)", None, import_map("ojf")),
    Row("import JSON (5,000 cards)", 10.0, import_map("json", times=10), runs=1),
    Row("import CSV (5,000 cards)", 10.0, import_csv(times=10), runs=1),
]


def timed(function: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def line(row: Row, wall: float, cpu: float) -> str:
    if row.target is None:
        verdict = "no target"
    else:
        verdict = f"target ≤ {row.target:g} s, " + ("ok" if wall <= row.target else "OVER TARGET")
    return f"{row.name:<30} {wall:7.3f} s  (cpu {cpu:6.3f} s; {verdict})"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="time only the rows whose name holds this (case-insensitive)")
    parser.add_argument("--without-metrics", action="store_true", help="a map without metrics, evidence, opportunities")
    return parser.parse_args()


def build_bench(args) -> Bench:
    from journeys.models import LaneKind
    from journeys.services import lane_cells_create

    workspace, editor, personas = build()
    journey = build_map(
        workspace=workspace, editor=editor, personas=personas, title="Export bench", stages=10, per_stage=50
    )
    actions = journey.lanes.get(kind=LaneKind.TEXT)
    texts = {
        stage: f"Compares offers for step {stage.position + 1}.\n\n- Reads reviews" for stage in journey.stages.all()
    }
    lane_cells_create(lane=actions, texts=texts, actor=editor)
    if not args.without_metrics:
        add_metrics(journey)
        add_evidence(journey)
        add_opportunities(journey)
    return Bench(journey=journey, workspace=workspace, editor=editor)


def main() -> None:
    args = parse_args()
    old_name = setup_database()
    try:
        from django.conf import settings
        from django.db import connection

        from exports.formats.fonts import font_files

        settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-media-"))
        bench = build_bench(args)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # (as autovacuum would after a bulk load)
        cards = sum(len(stage["touchpoints"]) for stage in bench.document()["stages"])
        print(
            f"database: {connection.vendor}; a map of {cards} cards in 10 stages"
            f"{'' if args.without_metrics else ', with metrics, evidence and opportunities'}; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        font_files()  # looked up once per worker process
        for row in ROWS:
            if args.only.casefold() in row.name.casefold():
                print(line(row, *timed(lambda row=row: row.run(bench), row.runs)))
    finally:
        teardown_database(old_name)


if __name__ == "__main__":
    main()
