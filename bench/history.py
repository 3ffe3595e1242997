#!/usr/bin/env python
"""Benchmark of a map's strategy history page (`strategies:map_history`).

Builds, in a throwaway database, a map with 200 strategies x 20 revisions
(4,000 revisions over a year, on stages, touchpoints and the whole map, by two
authors) and a small map with 10 strategies x 2 revisions, then renders the
history page through the Django test client logged in as the owner: the median
and p95 server time over the timed requests (after warm-up) and the number of
SQL queries one request makes, for the first page, a filtered page (stage +
author + date range) and the last page.

Targets: the same query count whatever the size of the map, and <= 50 ms median
for the first page of the big map.

    .venv/bin/python bench/history.py                      # SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard .venv/bin/python bench/history.py
                                                           # PostgreSQL: uses test_<name>, dropped afterwards
    .venv/bin/python bench/history.py --requests 50 --show-queries

Exit status: 0 when the targets are met, 1 when not, 2 when the page cannot be rendered.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from board import measure, percentile, setup_database, teardown_database  # noqa: E402  (bench/board.py)

TARGET_MEDIAN_MS = 50.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first (default 5)")
    parser.add_argument("--strategies", type=int, default=200)
    parser.add_argument("--revisions", type=int, default=20, help="revisions per strategy on the big map")
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of one request per page")
    return parser.parse_args()


BODY = (
    "Send a welcome e-mail within an hour of the first order, with the delivery date and a free-returns "
    "reminder. **Never** add a discount code to it: keep those for the second order.\n\n"
    "- Subject: the product name\n- Sender: the store, not a person\n"
)


def build_map(*, workspace, owner, editor, personas, title, strategies: int, revisions: int):
    """A map whose strategies and revisions are written in bulk, as an import of existing history would.
    Revisions spread over the past year, newest last."""
    from django.utils import timezone

    from channels.models import Channel
    from journeys.services import journey_create
    from strategies.models import RevisionKind, Strategy, StrategyRevision, StrategyStatus
    from touchpoints.services import touchpoint_create

    journey = journey_create(workspace=workspace, title=title, template="default", personas=personas, created_by=owner)
    stages = list(journey.stages.all())
    channel = Channel.objects.filter(workspace=workspace).first()
    touchpoints = [
        touchpoint_create(stage=stage, channel=channel, title=f"{stage.name}: touchpoint {n}")
        for stage in stages
        for n in range(2)
    ]
    statuses = [StrategyStatus.DRAFT, StrategyStatus.ACTIVE, StrategyStatus.ACTIVE, StrategyStatus.RETIRED]
    rows = []
    for index in range(strategies):
        scope = index % 3
        rows.append(
            Strategy(
                journey=journey,
                stage=stages[index % len(stages)] if scope == 0 else None,
                touchpoint=touchpoints[index % len(touchpoints)] if scope == 1 else None,
                title=f"Strategy {index + 1:03d}: welcome e-mail after the first order",
                body=BODY,
                status=statuses[index % len(statuses)],
                owner=owner,
                version=revisions,
                last_reviewed_on=timezone.localdate(),
            )
        )
    created = Strategy.objects.bulk_create(rows, batch_size=500)
    now = timezone.now()
    history = []
    for index, strategy in enumerate(created):
        for number in range(1, revisions + 1):
            days = (revisions - number) * 365 // max(revisions, 1) + index % 7
            history.append(
                StrategyRevision(
                    strategy=strategy,
                    journey=journey,
                    number=number,
                    kind=RevisionKind.CREATED if number == 1 else RevisionKind.EDITED,
                    title=strategy.title,
                    body=f"{BODY}\nRevision {number}.",
                    status=statuses[(index + number) % len(statuses)],
                    change_note="" if number == 1 else f"Change {number}: the open rate moved after the last campaign.",
                    author=owner if (index + number) % 2 else editor,
                    author_name="Olga" if (index + number) % 2 else "Eun-ji",
                    created_at=now - datetime.timedelta(days=days, minutes=index),
                )
            )
    StrategyRevision.objects.bulk_create(history, batch_size=1000)
    return journey


def build():
    from django.contrib.auth import get_user_model

    from personas.services import persona_create
    from workspaces.models import Role
    from workspaces.services import membership_set, workspace_create

    User = get_user_model()
    owner = User.objects.create_user(username="bench-owner", first_name="Olga")
    editor = User.objects.create_user(username="bench-editor", first_name="Eun-ji")
    workspace = workspace_create(name="Bench workspace", owner=owner)
    membership_set(workspace=workspace, user=editor, role=Role.EDITOR)
    personas = [persona_create(workspace=workspace, name=name) for name in ("Seo-yeon Kim", "Irina Sokolova")]
    return workspace, owner, editor, personas


def main():
    args = parse_args()
    old_name = setup_database()
    try:
        return run(args)
    finally:
        teardown_database(old_name)


def run(args):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from strategies.models import StrategyRevision
    from strategies.selectors import map_history

    workspace, owner, editor, personas = build()
    started = time.perf_counter()
    common = {"workspace": workspace, "owner": owner, "editor": editor, "personas": personas}
    big = build_map(title="Big map", strategies=args.strategies, revisions=args.revisions, **common)
    small = build_map(title="Small map", strategies=10, revisions=2, **common)
    if connection.vendor == "postgresql":
        # Fresh bulk-loaded tables have no planner statistics yet; autovacuum would gather them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"Built the maps in {time.perf_counter() - started:.1f} s on {connection.vendor} "
        f"({connection.settings_dict['NAME']}): {StrategyRevision.objects.filter(journey=big).count()} revisions "
        f"on the big map, {StrategyRevision.objects.filter(journey=small).count()} on the small one."
    )
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    if load > 0.7:
        print(f"Note: the machine is busy (load {load:.1f} per CPU); wall times will be high, see the CPU column.")

    client = Client()
    client.force_login(owner)
    today = timezone.localdate()
    filtered = (
        f"?stage={big.stages.first().pk}&author={editor.pk}"
        f"&date_from={today - datetime.timedelta(days=200)}&date_to={today - datetime.timedelta(days=20)}"
    )
    big_url = reverse("strategies:map_history", args=[big.pk])
    stage_filter = {
        "stage": big.stages.first(),
        "author": editor,
        "date_from": today - datetime.timedelta(days=200),
        "date_to": today - datetime.timedelta(days=20),
    }
    cases = [
        ("big, page 1", big_url, map_history(big).count(), 1),
        ("small, page 1", reverse("strategies:map_history", args=[small.pk]), map_history(small).count(), 1),
        ("big, filtered", big_url + filtered, map_history(big, **stage_filter).count(), 1),
        ("big, last page", big_url + "?page=last", map_history(big).count(), "last"),
    ]
    results = {}
    for label, url, count, page in cases:
        response, times, queries, size = measure(client, url, warmup=args.warmup, requests=args.requests)
        if times is None:
            print(f"GET {url} answered {response.status_code}: the page cannot be measured.", file=sys.stderr)
            return 2
        timings, cpu = times
        results[label] = (statistics.median(timings), len(queries))
        print(
            f"{label:<15} {count:>5} changes, page {page:<4}: "
            f"median {statistics.median(timings):6.1f} ms   p95 {percentile(timings, 0.95):6.1f} ms   "
            f"(CPU median {statistics.median(cpu):6.1f} ms)   {len(queries):>2} queries   {size / 1024:4.0f} KiB"
        )
        if args.show_queries:
            for number, query in enumerate(queries, 1):
                print(f"    {number:>2}. {query['sql'][:300]}")

    problems = []
    big_median, big_queries = results["big, page 1"]
    if big_median > TARGET_MEDIAN_MS:
        problems.append(f"median {big_median:.1f} ms > {TARGET_MEDIAN_MS:.0f} ms for the big map")
    counts = {label: count for label, (_, count) in results.items()}
    if len(set(counts.values())) != 1:
        problems.append(f"query count depends on the map or the page: {counts}")
    if problems:
        print("Targets missed: " + "; ".join(problems) + ".")
        return 1
    print(f"Targets met: median <= {TARGET_MEDIAN_MS:.0f} ms, {big_queries} queries for every map size and page.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
