#!/usr/bin/env python
"""Benchmark of the channel report (`metrics:map_channels`): which channels pay off.

Builds, in a throwaway database, a map whose workspace has 12 channels, each with 24 months of cost,
revenue and conversions (864 readings), and a map with 2 channels over 2 months; renders each report
through the Django test client as an editor: median and p95 server time and the number of SQL
queries. Targets: <= 50 ms median for 12 channels x 24 months, and the same number of queries for
both maps. Then the same report through the API (/api/v1/channel-report/).

    .venv/bin/python bench/channels.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard .venv/bin/python bench/channels.py
"""

import argparse
import datetime
import statistics
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from board import measure, percentile, setup_database, teardown_database  # bench/board.py

TARGET_MEDIAN_MS = 50.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--channels", type=int, default=12)
    parser.add_argument("--months", type=int, default=24)
    return parser.parse_args()


def build_map(workspace, owner, *, title, channels: int, months: int):
    from channels.models import Channel
    from journeys.services import journey_create
    from metrics.models import Metric, Reading, RoiRole
    from touchpoints.services import touchpoint_create

    journey = journey_create(workspace=workspace, title=title, template="default", created_by=owner)
    existing = list(Channel.objects.filter(workspace=workspace))
    chosen = existing[:channels]
    stages = list(journey.stages.all())
    for index, channel in enumerate(chosen):
        touchpoint_create(stage=stages[index % len(stages)], channel=channel, title=f"{channel.name} touchpoint")
    roles = {metric.roi_role: metric for metric in Metric.objects.filter(workspace=workspace).exclude(roi_role="")}
    figures = {RoiRole.COST: 1000, RoiRole.REVENUE: 2500, RoiRole.CONVERSIONS: 40}
    readings = [
        Reading(
            metric=roles[role],
            journey=journey,
            channel=channel,
            period_start=datetime.date(2024 + month // 12, month % 12 + 1, 1),
            value=Decimal(base * (1 + (index * 5 + month) % 7 / 10)),
        )
        for index, channel in enumerate(chosen)
        for month in range(months)
        for role, base in figures.items()
    ]
    Reading.objects.bulk_create(readings)
    return journey, len(readings)


def main():
    args = parse_args()
    old_name = setup_database()
    try:
        return run(args)
    finally:
        teardown_database(old_name)


def run(args):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from channels.models import Channel
    from channels.services import channel_create
    from workspaces.services import workspace_create

    owner = get_user_model().objects.create_user(username="bench-owner")
    workspace = workspace_create(name="Bench workspace", owner=owner)
    for number in range(Channel.objects.filter(workspace=workspace).count(), args.channels):
        channel_create(workspace=workspace, name=f"Channel {number + 1}")
    big, big_readings = build_map(workspace, owner, title="Big", channels=args.channels, months=args.months)
    small, _ = build_map(workspace, owner, title="Small", channels=2, months=2)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(owner)
    results = {}
    for label, url in (
        (f"{args.channels} channels x {args.months} months", reverse("metrics:map_channels", args=[big.pk])),
        ("2 channels x 2 months", reverse("metrics:map_channels", args=[small.pk])),
        ("API, the big map", f"/api/v1/channel-report/?journey={big.pk}"),
    ):
        response, times, queries, body = measure(client, url, warmup=args.warmup, requests=args.requests)
        if times is None:
            print(f"GET {url} answered {response.status_code}", file=sys.stderr)
            return 2
        timings, cpu = times
        results[label] = (statistics.median(timings), len(queries))
        print(
            f"{label:<26} median {statistics.median(timings):6.1f} ms   p95 {percentile(timings, 0.95):6.1f} ms   "
            f"(CPU median {statistics.median(cpu):5.1f} ms)   {len(queries):>2} queries   {len(body[0]) / 1000:5.1f} KB"
        )
    print(f"({big_readings} readings on the big map, on {connection.vendor}.)")
    big_label = f"{args.channels} channels x {args.months} months"
    problems = []
    if results[big_label][0] > TARGET_MEDIAN_MS:
        problems.append(f"median {results[big_label][0]:.1f} ms > {TARGET_MEDIAN_MS:.0f} ms")
    if results[big_label][1] != results["2 channels x 2 months"][1]:
        problems.append("the number of queries grows with the channels and months")
    if problems:
        print("Targets missed: " + "; ".join(problems) + ".")
        return 1
    print(f"Targets met: median <= {TARGET_MEDIAN_MS:.0f} ms, the same number of queries for both maps.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
