#!/usr/bin/env python
"""Benchmark of the board page (`boards:board`).

Builds, in a throwaway database, a map of 10 stages x 50 touchpoints with 5
personas and a map of 5 stages with 5 touchpoints, then renders each board
through the Django test client logged in as an editor: the median and p95
server time over the timed requests (after warm-up) and the number of SQL
queries one request makes.

Both maps carry metrics, evidence and opportunities (their three lanes, a CSAT chip and an evidence
count on every card, six months of readings per card and stage, two items of evidence per card, an
opportunity for every other card) unless `--without-metrics`. Requests ask for gzip, as browsers do. Targets for 500 touchpoints: <= 30 ms median, <= 10 queries
(the same count whatever the size of the map), <= 300 KB of HTML, <= 60 KB sent compressed and
<= 5,000 elements in the page.

Then a card of the big map is edited (its title, from the side panel) and moved (one stage on, one
place up) as the board's htmx requests do: the answer must hold only what changed (the card's
cells, the roll-up cells of its stages, the curve cells around them), in <= 12 queries and <= 15 ms
median CPU.

    make bench                                  # SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/journeyboard make bench
                                                # PostgreSQL: uses test_<name>, dropped afterwards
    .venv/bin/python bench/board.py --requests 50 --show-queries

Exit status: 0 when the targets are met, 1 when not, 2 when the board cannot be
rendered (e.g. the view answers 501 while it is being built).
"""

import argparse
import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TARGET_MEDIAN_MS = 30.0
TARGET_QUERIES = 10
TARGET_HTML_KB = 300
TARGET_GZIP_KB = 60
TARGET_ELEMENTS = 5000
TARGET_WRITE_QUERIES = 12
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.IGNORECASE)
TARGET_WRITE_CPU_MS = 15.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per board (default 30)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first (default 5)")
    parser.add_argument("--stages", type=int, default=10)
    parser.add_argument("--per-stage", type=int, default=50, help="touchpoints per stage on the big map")
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of one request per board")
    parser.add_argument("--save-html", metavar="DIR", help="write each board's HTML there, to see what weighs")
    parser.add_argument(
        "--without-metrics",
        action="store_true",
        help="maps without metrics, evidence and opportunities (their lanes, card badges and rows): what they cost",
    )
    parser.add_argument(
        "--without-card-cache",
        action="store_true",
        help="render every card every time (a dummy cache): what the card HTML cache saves",
    )
    return parser.parse_args()


def setup_database():
    """A fresh database of our own: test_<name> on PostgreSQL, a SQLite file under /tmp otherwise."""
    import django
    from django.db import connection

    sqlite_file = None
    if not os.environ.get("DATABASE_URL"):
        sqlite_file = Path(tempfile.gettempdir()) / f"journeyboard-bench-{os.getpid()}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    django.setup()
    if sqlite_file is not None:
        connection.settings_dict["TEST"]["NAME"] = str(sqlite_file)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return old_name


def teardown_database(old_name):
    from django.db import connection

    connection.creation.destroy_test_db(old_name, verbosity=0)


TEXT = {
    "does": "Compares the offer on the phone during the commute, then checks the store's stock.",
    "thinks": "Is the promotion real, and will the delivery arrive before the weekend?",
    "feels": "Curious, a little sceptical after the last late delivery.",
    "pain_points": "Delivery costs appear only at checkout; the chatbot cannot answer stock questions.",
    "opportunities": "Show the final price on the product page; connect the chatbot to live stock.",
}


def add_metrics(journey, *, months: int = 6):
    """The Metrics lane, CSAT as the card metric, six months of CSAT per card and of CSAT and
    conversion per stage: a map whose team measures it."""
    import datetime
    from decimal import Decimal

    from journeys.models import LaneKind
    from journeys.services import lane_create
    from metrics.models import Metric, Reading
    from metrics.services import card_metric_set

    metrics = {metric.name: metric for metric in Metric.objects.filter(workspace_id=journey.workspace_id)}
    lane_create(journey=journey, kind=LaneKind.APP, source="metrics", position=1)
    card_metric_set(journey=journey, metric=metrics["CSAT"])
    periods = [datetime.date(2026, month, 1) for month in range(1, months + 1)]
    readings = []
    for stage in journey.stages.prefetch_related("touchpoints"):
        for index, period in enumerate(periods):
            readings.append(
                Reading(
                    metric=metrics["CSAT"],
                    journey=journey,
                    stage=stage,
                    period_start=period,
                    value=Decimal("3.5") + Decimal(index) / 10,
                )
            )
            readings.append(
                Reading(
                    metric=metrics["Conversion rate"],
                    journey=journey,
                    stage=stage,
                    period_start=period,
                    value=Decimal("2.1") + Decimal(index) / 10,
                )
            )
            for card in stage.touchpoints.all():
                value = 1 + Decimal((card.pk * 7 + index) % 40) / 10
                readings.append(
                    Reading(metric=metrics["CSAT"], journey=journey, touchpoint=card, period_start=period, value=value)
                )
    Reading.objects.bulk_create(readings, batch_size=1000)
    refresh_card_badges(journey)


def refresh_card_badges(journey):
    """Written in bulk, as an import writes: the cards' kept badges are counted once afterwards, as an
    import counts them (boards.services.card_badges_refresh)."""
    from boards.services import card_badges_refresh

    card_badges_refresh(journey=journey)


def add_evidence(journey):
    """The Evidence lane and two items of evidence per card (one on its stage too), a few quoted."""
    import datetime

    from evidence.models import Evidence
    from journeys.models import LaneKind
    from journeys.services import lane_create

    lane_create(journey=journey, kind=LaneKind.APP, source="evidence", position=2)
    Card = Evidence.touchpoints.through
    Stage = Evidence.stages.through
    items, card_links, stage_links = [], [], []
    for stage in journey.stages.prefetch_related("touchpoints"):
        for index, card in enumerate(stage.touchpoints.all()):
            for number in range(2):
                item = Evidence(
                    journey=journey,
                    kind="survey",
                    text=f"Customer {card.pk}-{number}: the delivery cost appeared only at checkout.",
                    observed_on=datetime.date(2026, 3, 1),
                    sentiment="negative",
                    highlighted=index < 3 and number == 0,
                )
                items.append((item, card, stage if number == 0 else None))
    Evidence.objects.bulk_create([item for item, _card, _stage in items], batch_size=1000)
    for item, card, stage in items:
        card_links.append(Card(evidence_id=item.pk, touchpoint_id=card.pk))
        if stage is not None:
            stage_links.append(Stage(evidence_id=item.pk, stage_id=stage.pk))
    Card.objects.bulk_create(card_links, batch_size=1000)
    Stage.objects.bulk_create(stage_links, batch_size=1000)
    refresh_card_badges(journey)


def add_opportunities(journey):
    """The Opportunities lane and an opportunity for every other card (the map's limit is 500)."""
    from journeys.models import LaneKind
    from journeys.services import lane_create
    from opportunities.models import Opportunity, score_of

    lane_create(journey=journey, kind=LaneKind.APP, source="opportunities", position=3)
    cards = [card for stage in journey.stages.prefetch_related("touchpoints") for card in stage.touchpoints.all()][::2]
    items = [
        Opportunity(
            journey=journey,
            title=f"Show the delivery cost early ({card.pk})",
            impact=1 + index % 5,
            effort=1 + index % 3,
            confidence=80,
            score=score_of(1 + index % 5, 1 + index % 3, 80),
        )
        for index, card in enumerate(cards)
    ]
    Opportunity.objects.bulk_create(items)
    Opportunity.touchpoints.through.objects.bulk_create(
        [
            Opportunity.touchpoints.through(opportunity_id=item.pk, touchpoint_id=card.pk)
            for item, card in zip(items, cards, strict=True)
        ]
    )
    refresh_card_badges(journey)


def build_map(*, workspace, editor, personas, title, stages: int, per_stage: int):
    """A map built through the services, as the app builds one."""
    from channels.models import Channel
    from journeys.services import journey_create, stage_create
    from touchpoints.services import touchpoint_create

    journey = journey_create(workspace=workspace, title=title, template="blank", personas=personas, created_by=editor)
    channels = list(Channel.objects.filter(workspace=workspace))
    owners = [editor, None]
    number = 0
    for stage_index in range(stages):
        stage = stage_create(
            journey=journey,
            name=f"Stage {stage_index + 1}",
            description="What the customer goes through here.",
            customer_goal="Find the right product without surprises.",
            guiding_questions="How do buyers learn about solutions?\nWhat are the consequences of doing nothing?",
        )
        for _ in range(per_stage):
            number += 1
            touchpoint_create(
                stage=stage,
                channel=channels[number % len(channels)],
                personas=[personas[number % len(personas)], personas[(number * 3 + 1) % len(personas)]],
                owner=owners[number % len(owners)],
                title=f"Touchpoint {number:03d}: promotional e-mail and store visit",
                emotion=(number % 5) - 2,
                **TEXT,
            )
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
    personas = [
        persona_create(
            workspace=workspace,
            name=name,
            age_range="25-44",
            segment="Retail shoppers",
            story="Researches online before buying in store.",
            quote="Show me the final price first.",
        )
        for name in ("Seo-yeon Kim", "Agnieszka Kowalska", "Irina Sokolova", "Min-jun Lee", "Tomasz Wiśniewski")
    ]
    return workspace, editor, personas


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += 1

    def handle_startendtag(self, tag, attrs):
        self.count += 1


def elements(html: str) -> int:
    """How many elements the browser builds (start tags; end tags are not elements)."""
    counter = ElementCounter()
    counter.feed(html)
    return counter.count


def measure(client, url, *, warmup: int, requests: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gzipped = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
    for _ in range(warmup):
        response = client.get(url, **gzipped)
        if response.status_code != 200:
            return response, None, None, None
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **gzipped)
    queries = list(captured.captured_queries)  # now: the next request resets the log
    compressed = len(response.content) if response.get("Content-Encoding") == "gzip" else None
    html = gzip.decompress(response.content) if compressed is not None else response.content
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url, **gzipped)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return response, (timings, cpu), queries, (html, compressed)


def part_ids(html: str) -> list[str]:
    """The ids of the parts an htmx answer swaps in (its out-of-band elements)."""
    return re.findall(r'<(?=[^>]*\bhx-swap-oob=)[^>]*\bid="([^"]+)"', html)


def measure_writes(client, card, *, requests: int, show_queries: bool = False):
    """Edit the card's title and move it, as the board does; each request answers with the changed parts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from touchpoints.models import Touchpoint

    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_ENCODING": "gzip"}
    edit_url = reverse("boards:touchpoint_edit", args=[card.pk])
    move_url = reverse("boards:touchpoint_move", args=[card.pk])

    def edit_data(number):
        current = Touchpoint.objects.get(pk=card.pk)
        return {
            "title": f"Edited card {number}",
            "stage": current.stage_id,
            "channel": current.channel_id,
            "emotion": current.emotion,
            "personas": list(current.personas.values_list("pk", flat=True)),
            "owner": current.owner_id or "",
            "version": current.version,
        }

    def one(kind, number):
        if kind == "edit":
            return client.post(edit_url, edit_data(number), **htmx)
        direction = ("next", "up", "previous", "down")[number % 4]
        return client.post(move_url, {"direction": direction}, **htmx)

    results = {}
    for kind in ("edit", "move"):
        for number in range(3):  # warm-up
            one(kind, number)
        data = edit_data(99) if kind == "edit" else None
        with CaptureQueriesContext(connection) as captured:
            response = (
                client.post(edit_url, data, **htmx)
                if kind == "edit"
                else client.post(move_url, {"direction": "next"}, **htmx)
            )
        # Statements, not transaction control: SQLite's BEGIN and COMMIT are statements Django logs,
        # PostgreSQL's are not.
        statements = [q for q in captured.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]
        queries = len(statements)
        if show_queries:
            print(f"Queries of one card {kind}:")
            for number, query in enumerate(captured.captured_queries, 1):
                print(f"    {number:>2}. {query['sql'][:400]}")
        body = gzip.decompress(response.content) if response.get("Content-Encoding") == "gzip" else response.content
        timings, cpu = [], []
        for number in range(requests):
            if kind == "edit":
                data = edit_data(number)  # read the version outside the timing
                started, started_cpu = time.perf_counter(), time.process_time()
                client.post(edit_url, data, **htmx)
            else:
                started, started_cpu = time.perf_counter(), time.process_time()
                one(kind, number)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        results[kind] = (response.status_code, queries, len(body), part_ids(body.decode()), timings, cpu)
    return results


def main():
    args = parse_args()
    old_name = setup_database()
    if args.without_card_cache:
        from django.test.utils import override_settings

        # (override_settings, not an assignment: it also drops the cache connections already made.)
        override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
            SESSION_ENGINE="django.contrib.sessions.backends.db",  # sessions read from a dummy cache would fail
        ).enable()
        print("Without the card HTML cache (every card rendered on every request).")
    try:
        return run(args)
    finally:
        teardown_database(old_name)


def run(args):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from touchpoints.models import Touchpoint

    workspace, editor, personas = build()
    started = time.perf_counter()
    big = build_map(
        workspace=workspace,
        editor=editor,
        personas=personas,
        title="Big map",
        stages=args.stages,
        per_stage=args.per_stage,
    )
    small = build_map(workspace=workspace, editor=editor, personas=personas, title="Small map", stages=5, per_stage=1)
    if not args.without_metrics:
        for journey in (big, small):
            add_metrics(journey)
            add_evidence(journey)
            add_opportunities(journey)
        print(
            "With metrics, evidence and opportunities: their three lanes, CSAT chips and evidence counts on every "
            "card, six months of readings per card and stage, two items of evidence per card, an opportunity for "
            "every other card."
        )
    if connection.vendor == "postgresql":
        # A database in use has its planner statistics (autovacuum gathers them after a bulk load like this
        # one, within a minute): the bench asks for them at once rather than timing plans made blind.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"Built the maps in {time.perf_counter() - started:.1f} s on {connection.vendor} ({connection.settings_dict['NAME']})."
    )

    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    if load > 0.7:
        print(f"Note: the machine is busy (load {load:.1f} per CPU); wall times will be high, see the CPU column.")
    client = Client()
    client.force_login(editor)
    cases = [
        ("big", big, reverse("boards:board", args=[big.pk])),
        ("small", small, reverse("boards:board", args=[small.pk])),
        ("big, one persona", big, reverse("boards:board", args=[big.pk]) + f"?persona={personas[0].pk}"),
    ]
    results = {}
    for label, journey, url in cases:
        response, times, queries, body = measure(client, url, warmup=args.warmup, requests=args.requests)
        if times is None:
            print(f"GET {url} answered {response.status_code}: the board cannot be measured.", file=sys.stderr)
            return 2
        html, compressed = body
        if args.save_html:
            Path(args.save_html, label.replace(" ", "_").replace(",", "") + ".html").write_bytes(html)
        count = Touchpoint.objects.filter(stage__journey=journey).count()
        titles = list(Touchpoint.objects.filter(stage__journey=journey).values_list("title", flat=True))
        shown = sum(1 for title in titles if title.encode() in html)
        timings, cpu = times
        page_elements = elements(html.decode())
        results[label] = (
            statistics.median(timings),
            percentile(timings, 0.95),
            len(queries),
            len(html),
            compressed,
            page_elements,
        )
        print(
            f"{label:<17} {journey.stages.count():>2} stages, {count:>3} touchpoints: "
            f"median {results[label][0]:6.1f} ms   p95 {results[label][1]:6.1f} ms   "
            f"(CPU median {statistics.median(cpu):6.1f} ms)   {len(queries):>2} queries   "
            f"HTML {len(html) / 1000:5.0f} KB, gzip {(compressed or 0) / 1000:4.0f} KB, {page_elements:>5} elements   "
            f"cards shown: {shown}"
        )
        if args.show_queries:
            for number, query in enumerate(queries, 1):
                print(f"    {number:>2}. {query['sql'][:300]}")

    card = Touchpoint.objects.filter(stage__journey=big, stage__position=args.stages // 2).order_by("position")[
        args.per_stage // 2
    ]
    client.get(reverse("boards:board", args=[big.pk]))
    writes = measure_writes(client, card, requests=args.requests, show_queries=args.show_queries)
    for kind, (status, queries, size, parts, timings, cpu) in writes.items():
        print(
            f"card {kind:<12} status {status}: median {statistics.median(timings):6.1f} ms   "
            f"(CPU median {statistics.median(cpu):5.1f} ms)   {queries:>2} queries   answer {size / 1000:5.1f} KB, "
            f"{len(parts)} parts: {', '.join(parts)}"
        )

    from boards.partials import CardRenderer

    print(f"Cards rendered through the template in this run (the rest came from the cache): {CardRenderer.rendered}")
    big_median, _, big_queries, big_html, big_gzip, big_elements = results["big"]
    problems = []
    card_lanes = {
        str(pk) for pk in big.lanes.filter(kind__in=["cards", "rollup", "curve"]).values_list("pk", flat=True)
    }
    for kind, (status, queries, _size, parts, _timings, cpu) in writes.items():
        unchanged = [part for part in parts if part.startswith("cell-") and part.split("-")[1] not in card_lanes]
        if unchanged:
            problems.append(f"the card {kind} answers with parts it did not change: {', '.join(unchanged)}")
        if status != 200:
            problems.append(f"the card {kind} answered {status}")
        if queries > TARGET_WRITE_QUERIES:
            problems.append(f"card {kind}: {queries} queries > {TARGET_WRITE_QUERIES}")
        if statistics.median(cpu) > TARGET_WRITE_CPU_MS:
            problems.append(f"card {kind}: CPU median {statistics.median(cpu):.1f} ms > {TARGET_WRITE_CPU_MS:.0f} ms")

    if big_html > TARGET_HTML_KB * 1000:
        problems.append(f"HTML {big_html / 1000:.0f} KB > {TARGET_HTML_KB} KB")
    if big_gzip is None or big_gzip > TARGET_GZIP_KB * 1000:
        problems.append(f"compressed {(big_gzip or big_html) / 1000:.0f} KB > {TARGET_GZIP_KB} KB (or not compressed)")
    if big_elements > TARGET_ELEMENTS:
        problems.append(f"{big_elements} elements > {TARGET_ELEMENTS}")
    if big_median > TARGET_MEDIAN_MS:
        problems.append(f"median {big_median:.1f} ms > {TARGET_MEDIAN_MS:.0f} ms for the big map")
    if big_queries > TARGET_QUERIES:
        problems.append(f"{big_queries} queries > {TARGET_QUERIES} for the big map")
    if big_queries != results["small"][2]:
        problems.append(f"query count depends on the map's size ({results['small'][2]} vs {big_queries})")
    if problems:
        print("Targets missed: " + "; ".join(problems) + ".")
        return 1
    print(
        f"Targets met: median <= {TARGET_MEDIAN_MS:.0f} ms, <= {TARGET_QUERIES} queries (same count for both sizes), "
        f"HTML <= {TARGET_HTML_KB} KB, gzip <= {TARGET_GZIP_KB} KB, <= {TARGET_ELEMENTS} elements; a card edit "
        f"and a move answer with only what they changed in <= {TARGET_WRITE_QUERIES} queries and "
        f"<= {TARGET_WRITE_CPU_MS:.0f} ms CPU."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
