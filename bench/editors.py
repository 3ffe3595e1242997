#!/usr/bin/env python
"""Benchmark of concurrent editing: 20 editors on one board for 60 s, on PostgreSQL.

Builds a map of 30 cards in a throwaway PostgreSQL database, starts the app
under uvicorn (ASGI) in its own process(es), and lets 20 editors work on the
board through HTTP as browsers do, each with the board's live stream open:

- edit (60%): open the card's edit form, append a token of their own to
  "what the customer does", save with the version the form carried;
- move (40%): a keyboard step or a drop after another card.

Most work goes to a few hot cards, so edits collide. Afterwards it checks, in
the database, that every acknowledged edit's token is in its card (none was
overwritten by an edit that had not seen it), that no edit refused with a
conflict slipped in, and that every stage's cards are at positions 0..n-1.

Targets: 0 server errors, 0 lost acknowledged edits; with a think time of 1 s or more, a p95 write
latency of 150 ms or less. With `--think 0` the editors saturate the server: the writes per second
printed are its throughput.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python bench/editors.py --think 1      # the issue's case: 2 web processes, as docker-compose.yml
    DATABASE_URL=... .venv/bin/python bench/editors.py --web 1 --think 1   # one process, in-process broker
    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/editors.py --think 0   # where it saturates

Uses test_<name> on the server of DATABASE_URL, dropped afterwards.
Exit status: 0 when the targets are met, 1 when not, 2 when it cannot run.
"""

import argparse
import importlib.util
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from html import unescape
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[0] = str(BASE_DIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

_spec = importlib.util.spec_from_file_location("bench_live", Path(__file__).with_name("live.py"))
bench_live = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_live)


TARGET_P95_MS = 150.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.1, help="mean pause between an editor's actions, s")
    parser.add_argument(
        "--web",
        type=int,
        default=2,
        help="web processes, editors spread over them (needs REDIS_URL if > 1); 2 as in docker-compose.yml",
    )
    parser.add_argument("--no-streams", action="store_true", help="editors without the board's live stream open")
    return parser.parse_args()


def form_data(html: str) -> dict:
    """The fields of an edit form as a browser would post them."""
    data = {}
    for name, value in re.findall(r'<input type="(?:text|hidden)" name="(\w+)" value="([^"]*)"', html):
        data[name] = unescape(value)
    for name, body in re.findall(r'<textarea name="(\w+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = unescape(body).strip()
    for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.findall(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = selected[0] if selected else ""
    data.pop("csrfmiddlewaretoken", None)
    return data


def build(editors: int):
    from django.contrib.auth import get_user_model

    from channels.models import Channel
    from journeys.services import journey_create
    from touchpoints.services import touchpoint_create
    from workspaces.models import Role
    from workspaces.services import membership_set, workspace_create

    User = get_user_model()
    owner = User.objects.create_user(username="bench-owner", first_name="Olga")
    workspace = workspace_create(name="Editors bench", owner=owner)
    users = [owner]
    for number in range(1, editors):
        user = User.objects.create_user(username=f"bench-editor-{number}", first_name=f"Editor {number}")
        membership_set(workspace=workspace, user=user, role=Role.EDITOR)
        users.append(user)
    journey = journey_create(workspace=workspace, title="Editors bench map", created_by=owner)
    channels = list(Channel.objects.filter(workspace=workspace))
    stages = list(journey.stages.order_by("position"))
    cards = [
        touchpoint_create(
            stage=stages[n % len(stages)], channel=channels[n % len(channels)], title=f"Card {n}", does="start"
        )
        for n in range(30)
    ]
    return journey, users, stages, [card.pk for card in cards]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.errors = []
        self.write_ms = []
        self.outcomes = defaultdict(list)  # card -> [(token, "ack" | "conflict")]

    def write(self, kind: str, status: int, ms: float):
        with self.lock:
            self.statuses[(kind, status)] += 1
            self.write_ms.append(ms)
            if status >= 500:
                self.errors.append((kind, status))


def editor_loop(number, base_url, cookie, stream_url, card_ids, stage_ids, deadline, think, tally):
    from django.urls import reverse

    from tests.live.http_client import Browserless

    rng = random.Random(number)
    client = Browserless(base_url, cookie, client_id=f"editor-{number}")
    stream = client.stream(stream_url) if stream_url else None
    hot = card_ids[:6]
    step = 0
    try:
        while time.monotonic() < deadline:
            step += 1
            card_id = rng.choice(hot) if rng.random() < 0.7 else rng.choice(card_ids)
            try:
                if rng.random() < 0.6:
                    form = client.get(reverse("boards:touchpoint_edit", args=[card_id]))
                    if form.status >= 500:
                        tally.write("form", form.status, 0.0)
                        continue
                    data = form_data(form.body)
                    token = f"e{number}s{step}"
                    data["does"] = f"{data.get('does', '')} {token}".strip()
                    started = time.perf_counter()
                    response = client.post(reverse("boards:touchpoint_edit", args=[card_id]), data)
                    tally.write("edit", response.status, (time.perf_counter() - started) * 1000)
                    if response.status == 200:
                        result = "ack"
                    elif response.status == 422 and "conflict-table" in response.body:
                        result = "conflict"
                    else:
                        result = None
                    if result:
                        with tally.lock:
                            tally.outcomes[card_id].append((token, result))
                else:
                    if rng.random() < 0.5:
                        data = {"direction": rng.choice(["up", "down", "previous", "next"])}
                    else:
                        data = {"stage": rng.choice(stage_ids), "after": rng.choice(["", *card_ids])}
                    started = time.perf_counter()
                    response = client.post(reverse("boards:touchpoint_move", args=[card_id]), data)
                    tally.write("move", response.status, (time.perf_counter() - started) * 1000)
            except OSError as error:  # a refused or dropped connection is a server failure too
                with tally.lock:
                    tally.errors.append(("connection", repr(error)))
            time.sleep(rng.expovariate(1 / think) if think > 0 else 0)
    finally:
        if stream is not None:
            stream.close()


def main():
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://")):
        print("bench/editors.py runs on PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    if args.web > 1 and not os.environ.get("REDIS_URL"):
        print("--web > 1 needs REDIS_URL: processes share events through Redis.", file=sys.stderr)
        return 2
    old_name = bench_live.setup_database()
    try:
        return run(args)
    finally:
        bench_live.teardown_database(old_name)


def run(args):
    from django.db import connection
    from django.urls import reverse

    from tests.live.http_client import WebProcess, session_cookie
    from touchpoints.models import Touchpoint

    journey, users, stages, card_ids = build(args.editors)
    stage_ids = [stage.pk for stage in stages]
    print(
        f"{args.editors} editors, {args.seconds:.0f} s, {len(card_ids)} cards on {connection.vendor}; "
        f"{args.web} web process(es); broker: {'Redis' if os.environ.get('REDIS_URL') else 'in-process'}; "
        f"streams {'off' if args.no_streams else 'on'}."
    )
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    if load > 0.7:
        print(f"Note: the machine is busy (load {load:.1f} per CPU); latencies will be high.")

    pool = str(max(10, args.editors * 2 // args.web + 5))
    log = tempfile.NamedTemporaryFile("w", prefix="journeyboard-editors-", suffix=".log", delete=False)  # noqa: SIM115 - kept open for the web processes, named in the report
    web = [
        WebProcess(redis_url=os.environ.get("REDIS_URL", ""), env={"DATABASE_POOL_MAX": pool}, log=log)
        for _ in range(args.web)
    ]
    tally = Tally()
    try:
        for process in web:
            process.wait_ready()
        cookies = [session_cookie(user) for user in users]
        connection.close()
        stream_url = None if args.no_streams else reverse("boards:events", args=[journey.pk])
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=editor_loop,
                args=(
                    n,
                    web[n % len(web)].url,
                    cookies[n % len(cookies)],
                    stream_url,
                    card_ids,
                    stage_ids,
                    deadline,
                    args.think,
                    tally,
                ),
            )
            for n in range(args.editors)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        for process in web:
            process.stop()

    lost, slipped, acknowledged, conflicts = [], [], 0, 0
    for card_id, results in tally.outcomes.items():
        final = set(Touchpoint.objects.get(pk=card_id).does.split())
        for token, result in results:
            if result == "ack":
                acknowledged += 1
                if token not in final:
                    lost.append((card_id, token))
            else:
                conflicts += 1
                if token in final:
                    slipped.append((card_id, token))
    gaps = []
    for stage in stages:
        positions = list(Touchpoint.objects.filter(stage=stage).order_by("position").values_list("position", flat=True))
        if positions != list(range(len(positions))):
            gaps.append((stage.name, positions))
    missing_cards = len(card_ids) - Touchpoint.objects.filter(stage__journey=journey).count()

    writes = sum(count for (kind, _), count in tally.statuses.items() if kind in ("edit", "move"))
    by_kind = ", ".join(f"{kind} {status}: {count}" for (kind, status), count in sorted(tally.statuses.items()))
    print(f"{writes} writes in {elapsed:.1f} s ({writes / elapsed:.1f}/s): {by_kind}.")
    print(f"Edits acknowledged: {acknowledged}; answered with a conflict: {conflicts}.")
    if tally.write_ms:
        print(
            f"Write latency: median {statistics.median(tally.write_ms):.1f} ms, "
            f"p95 {bench_live.percentile(tally.write_ms, 0.95):.1f} ms, max {max(tally.write_ms):.1f} ms."
        )
    print(
        f"Server errors: {len(tally.errors)}. Lost acknowledged edits: {len(lost)}. "
        f"Refused edits saved anyway: {len(slipped)}. Stages out of order: {len(gaps)}. Cards lost: {missing_cards}."
    )
    print(f"Server log: {log.name}")
    for problem in (tally.errors[:5], lost[:5], slipped[:5], gaps[:5]):
        for item in problem:
            print(f"    {item}")
    p95 = bench_live.percentile(tally.write_ms, 0.95) if tally.write_ms else 0.0
    # With no think time the editors saturate the server on purpose: the figure is the throughput.
    slow = args.think >= 1 and p95 > TARGET_P95_MS
    if tally.errors or lost or slipped or gaps or missing_cards or not acknowledged or slow:
        print("Targets missed." + (f" p95 {p95:.0f} ms > {TARGET_P95_MS:.0f} ms." if slow else ""))
        return 1
    latency = (
        f", p95 write <= {TARGET_P95_MS:.0f} ms"
        if args.think >= 1
        else f"; saturates at {writes / elapsed:.1f} writes/s"
    )
    print(f"Targets met: 0 server errors, 0 lost acknowledged edits, one dense order per stage{latency}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
