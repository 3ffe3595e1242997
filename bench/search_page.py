#!/usr/bin/env python
"""Benchmark of search (`search:results`, the header's box) in a workspace of 10,000 cards.

Builds, in a throwaway database (as bench/board.py does), a workspace with 20 maps of 10 stages x 50
cards whose texts mix English, Korean, Polish and Russian, then searches it as a member through the
Django test client: a rare word, a word on every card, Korean, Polish and Russian words, and two
words at once. Prints, for each, the median and p95 server time and the CPU time (the number of
queries, one per kind of result, is pinned by tests/search). Target: <= 50 ms median.

    .venv/bin/python bench/search_page.py                      # SQLite file under /tmp (no index)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard_bench .venv/bin/python bench/search_page.py
                                                          # PostgreSQL: its full-text indexes

Exit status: 0 when every median meets the target, 1 when not.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

import board as board_bench  # noqa: E402  (its throwaway database and workspace)

TARGET_MEDIAN_MS = 50.0
QUERIES = {
    "rare word": "zanzibar",
    "on every card": "delivery",
    "Korean": "배송",
    "Polish": "łodzi",
    "Russian": "клиент",
    "two words": "delivery weekend",
}
TITLES = (
    "Promotional e-mail {n}",
    "배송 알림 {n} — 카카오톡",
    "Odbiór w Łodzi {n}",
    "Звонок клиента {n}",
)


def build(workspace, editor, *, maps: int, stages: int, per_stage: int) -> int:
    from channels.models import Channel
    from journeys.services import journey_create
    from touchpoints.models import Touchpoint

    channel = Channel.objects.filter(workspace=workspace).first()
    cards = []
    for map_number in range(maps):
        journey = journey_create(workspace=workspace, title=f"Map {map_number}", template="blank", created_by=editor)
        from journeys.services import stage_create

        for stage_number in range(stages):
            stage = stage_create(journey=journey, name=f"Stage {stage_number}")
            for position in range(per_stage):
                n = len(cards)
                title = TITLES[n % len(TITLES)].format(n=n)
                if n == 4242:
                    title += " zanzibar"
                cards.append(
                    Touchpoint(stage=stage, channel=channel, title=title, position=position, **board_bench.TEXT)
                )
    Touchpoint.objects.bulk_create(cards, batch_size=2000)
    return len(cards)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--maps", type=int, default=20)
    args = parser.parse_args()
    old_name = board_bench.setup_database()
    try:
        return run(args)
    finally:
        board_bench.teardown_database(old_name)


def run(args) -> int:
    from django.db import connection
    from django.test import Client

    workspace, editor, _personas = board_bench.build()
    count = build(workspace, editor, maps=args.maps, stages=10, per_stage=50)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # (as autovacuum would after this bulk load: see bench/board.py)
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(editor)
    print(f"search in {count:,} cards ({connection.vendor}), {args.requests} requests each")
    ok = True
    for label, query in QUERIES.items():
        for _ in range(3):
            client.get("/search/", {"q": query})
        response = client.get("/search/", {"q": query})
        wall, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get("/search/", {"q": query})
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        median = statistics.median(wall)
        ok &= median <= TARGET_MEDIAN_MS
        hits = response.content.decode().count("<mark>")
        print(
            f"  {label:14} {query!r:22} median {median:6.1f} ms  p95 {board_bench.percentile(wall, 0.95):6.1f} ms  "
            f"CPU {statistics.median(cpu):5.1f} ms  {hits} words marked"
        )
    print(f"target: median <= {TARGET_MEDIAN_MS:g} ms: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
