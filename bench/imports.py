#!/usr/bin/env python
"""Benchmark of the mapped CSV imports: a survey export of 10,000 rows (evidence) and an analytics
export of 10,000 readings, each checked whole and written as the worker does (exports.services).

Target: <= 10 s for 10,000 survey rows. Prints the time of each phase as the job reports its progress.

    .venv/bin/python bench/imports.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard .venv/bin/python bench/imports.py
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from board import setup_database, teardown_database  # bench/board.py

TARGET_SECONDS = 10.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    return parser.parse_args()


def main():
    args = parse_args()
    old_name = setup_database()
    try:
        return run(args)
    finally:
        teardown_database(old_name)


def run(args):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from exports import services
    from exports.importers import evidence_csv, readings_csv
    from exports.models import ImportJob
    from journeys.services import journey_create
    from metrics.models import Metric
    from touchpoints.services import touchpoint_create
    from workspaces.services import workspace_create

    owner = get_user_model().objects.create_user(username="bench-owner")
    workspace = workspace_create(name="Bench workspace", owner=owner)
    journey = journey_create(workspace=workspace, title="Bench map", template="default", created_by=owner)
    channels = list(workspace.channels.all())
    for index, stage in enumerate(journey.stages.all()):
        for number in range(8):
            touchpoint_create(
                stage=stage, channel=channels[(index + number) % len(channels)], title=f"Card {index}-{number}"
            )
    names = [channel.name for channel in channels if channel.touchpoints.exists()]
    survey = "\n".join(
        f'2026-{1 + n % 12:02d}-{1 + n % 28:02d},{1 + n % 5},"Answer {n}: delivery was late, the app crashed, the staff were kind",{names[n % len(names)]}'
        for n in range(args.rows)
    )
    analytics = "\n".join(
        f"{2020 + n // 12 % 8}-{1 + n % 12:02d},{names[n % len(names)]},{100 + n % 900}" for n in range(args.rows)
    )
    cost = Metric.objects.get(workspace=workspace, name="Cost")
    cases = [
        (
            "survey rows (evidence)",
            "csv_evidence",
            f"date,rating,text,channel\n{survey}\n",
            evidence_csv.Mapping(columns={"date": 0, "rating": 1, "text": 2, "channel": 3}, rating_scale="five"),
        ),
        (
            "analytics rows (readings)",
            "csv_readings",
            f"month,channel,cost\n{analytics}\n",
            readings_csv.Mapping(columns={"date": 0, "channel": 1, "value": 2}, metric_id=cost.pk),
        ),
    ]
    failed = False
    for label, kind, text, mapping in cases:
        upload = SimpleUploadedFile("bench.csv", text.encode(), content_type="text/csv")
        job = services.import_job_create_mapped(journey=journey, upload=upload, created_by=owner, kind=kind)
        services.import_job_map_columns(job=job, mapping=mapping)
        started = time.perf_counter()
        services.import_job_run(job_id=job.pk)
        seconds = time.perf_counter() - started
        job = ImportJob.objects.get(pk=job.pk)
        print(
            f"{args.rows:,} {label:<26} {job.status:<9} {job.created_count:>6} written in {seconds:5.2f} s "
            f"({len(text) / 1e6:.1f} MB, {connection.vendor})"
        )
        if kind == "csv_evidence" and (seconds > TARGET_SECONDS or job.status != "succeeded"):
            failed = True
    if failed:
        print(f"Target missed: {args.rows:,} survey rows in more than {TARGET_SECONDS:.0f} s, or not imported.")
        return 1
    print(f"Target met: {args.rows:,} survey rows imported in <= {TARGET_SECONDS:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
