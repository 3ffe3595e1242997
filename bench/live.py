#!/usr/bin/env python
"""Benchmark of live boards: how fast a change reaches the browsers that have the board open.

Builds a map in a throwaway database, starts the app under uvicorn (ASGI) in
its own process, opens 50 event streams on the board (as 50 browsers would),
then makes a series of writes through HTTP as an editor (keyboard-style
card moves, one at a time). For every write and every stream it measures the time from the
write's response to the stream's receipt of the event; receipt before the
response (the event leaves at commit, before the response is sent) counts as 0.

Target: p95 <= 200 ms on loopback.

    .venv/bin/python bench/live.py                     # SQLite file under /tmp, in-process broker
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/live.py                 # PostgreSQL (test_<name>, dropped afterwards) + Redis
    .venv/bin/python bench/live.py --streams 50 --writes 40 --web 2   # with Redis: streams spread over 2 processes

Exit status: 0 when the target is met, 1 when not, 2 when something failed.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[0] = str(BASE_DIR)  # this file is bench/live.py: `live` must be the app, not this script
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TARGET_P95_MS = 200.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--streams", type=int, default=50, help="open event streams (default 50)")
    parser.add_argument("--writes", type=int, default=40, help="timed writes (default 40)")
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between writes (default 0.1)")
    parser.add_argument(
        "--web", type=int, default=1, help="web processes, streams spread over them (needs REDIS_URL if > 1)"
    )
    return parser.parse_args()


def setup_database():
    """A fresh database of our own: test_<name> on PostgreSQL, a SQLite file under /tmp otherwise."""
    import django
    from django.db import connection

    sqlite_file = None
    if not os.environ.get("DATABASE_URL"):
        sqlite_file = Path(tempfile.gettempdir()) / f"journeyboard-live-bench-{os.getpid()}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    django.setup()
    if sqlite_file is not None:
        connection.settings_dict["TEST"]["NAME"] = str(sqlite_file)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()
    return old_name


def teardown_database(old_name):
    from django.db import connection

    connection.creation.destroy_test_db(old_name, verbosity=0)


def build():
    from django.contrib.auth import get_user_model

    from channels.models import Channel
    from journeys.services import journey_create
    from touchpoints.services import touchpoint_create
    from workspaces.models import Role
    from workspaces.services import membership_set, workspace_create

    User = get_user_model()
    editor = User.objects.create_user(username="bench-editor", first_name="Eun-ji")
    viewer = User.objects.create_user(username="bench-viewer", first_name="Wiktor")
    workspace = workspace_create(name="Live bench", owner=editor)
    membership_set(workspace=workspace, user=viewer, role=Role.VIEWER)
    journey = journey_create(workspace=workspace, title="Live bench map", created_by=editor)
    channels = list(Channel.objects.filter(workspace=workspace))
    stages = list(journey.stages.order_by("position"))
    cards = [
        touchpoint_create(stage=stages[n % len(stages)], channel=channels[n % len(channels)], title=f"Card {n}")
        for n in range(20)
    ]
    return journey, editor, viewer, cards


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def main():
    args = parse_args()
    if args.web > 1 and not os.environ.get("REDIS_URL"):
        print("--web > 1 needs REDIS_URL: processes share events through Redis.", file=sys.stderr)
        return 2
    old_name = setup_database()
    try:
        return run(args)
    finally:
        teardown_database(old_name)


def run(args):
    from django.db import connection
    from django.urls import reverse

    from tests.live.http_client import Browserless, WebProcess, session_cookie

    journey, editor, viewer, cards = build()
    broker = "Redis" if os.environ.get("REDIS_URL") else "in-process"
    print(
        f"Map of {len(cards)} cards on {connection.vendor}; broker: {broker}; "
        f"{args.web} web process(es); {args.streams} streams; {args.writes} writes."
    )
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    if load > 0.7:
        print(f"Note: the machine is busy (load {load:.1f} per CPU); times will be high.")

    log = tempfile.NamedTemporaryFile("w", prefix="journeyboard-live-", suffix=".log", delete=False)  # noqa: SIM115 - kept open for the web processes, named in the report
    web = [WebProcess(redis_url=os.environ.get("REDIS_URL", ""), log=log) for _ in range(args.web)]
    streams = []
    try:
        for process in web:
            process.wait_ready()
        viewer_cookie, editor_cookie = session_cookie(viewer), session_cookie(editor)
        events_url = reverse("boards:events", args=[journey.pk])
        for number in range(args.streams):
            process = web[number % len(web)]
            streams.append(Browserless(process.url, viewer_cookie).stream(f"{events_url}?client=s{number}"))
        for stream in streams:
            if stream.status != 200:
                print(f"A stream answered {stream.status}.", file=sys.stderr)
                return 2
            stream.next("presence", timeout=30)

        writer = Browserless(web[0].url, editor_cookie, client_id="bench-writer")
        latencies, from_start, early, missing, write_times = [], [], 0, 0, []
        for number in range(args.writes):
            card = cards[number % len(cards)]
            direction = "down" if number % 2 == 0 else "up"  # a step within its stage always moves
            started = time.perf_counter()
            response = writer.post(reverse("boards:touchpoint_move", args=[card.pk]), {"direction": direction})
            answered = time.perf_counter()
            write_times.append((answered - started) * 1000)
            if response.status != 200:
                print(f"Write {number} answered {response.status}.", file=sys.stderr)
                return 2
            for stream in streams:
                try:
                    event = stream.next("board", timeout=10)
                except TimeoutError:
                    missing += 1
                    continue
                delay = (event["received"] - answered) * 1000
                early += delay < 0
                latencies.append(max(delay, 0.0))
                from_start.append((event["received"] - started) * 1000)
            time.sleep(args.pause)
    finally:
        for stream in streams:
            stream.close()
        time.sleep(0.5)  # let the servers see the streams go
        for process in web:
            process.stop()

    print(f"Server log: {log.name}")
    if not latencies:
        print("No event was received.", file=sys.stderr)
        return 2
    p95 = percentile(latencies, 0.95)
    print(
        f"Write response -> stream receipt over {len(latencies)} deliveries: "
        f"median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms, max {max(latencies):.1f} ms "
        f"({early} arrived before the write's response; {missing} missing)."
    )
    print(
        f"Write request sent -> stream receipt: median {statistics.median(from_start):.1f} ms, "
        f"p95 {percentile(from_start, 0.95):.1f} ms, max {max(from_start):.1f} ms."
    )
    print(f"Write latency: median {statistics.median(write_times):.1f} ms, p95 {percentile(write_times, 0.95):.1f} ms.")
    if missing or p95 > TARGET_P95_MS:
        print(f"Target missed: p95 <= {TARGET_P95_MS:.0f} ms and no event missing.")
        return 1
    print(f"Target met: p95 <= {TARGET_P95_MS:.0f} ms, every stream received every event.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
