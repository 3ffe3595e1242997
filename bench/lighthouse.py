#!/usr/bin/env python
"""Lighthouse on the board page, as a browser loads it from a production server.

Builds, in a throwaway database (bench/board.py's: a SQLite file under /tmp, or
test_<name> when DATABASE_URL points at PostgreSQL), the demo data
(`seed_demo`) and bench/board.py's big map of 10 stages x 50 touchpoints with 5
personas, which the demo user (`demo`) may edit. Then it collects the static
files into a temporary STATIC_ROOT and serves the app under uvicorn with
`DJANGO_ENV=production` and `DEBUG` off (whitenoise, hashed and compressed
static files; plain HTTP on 127.0.0.1), and runs Lighthouse (npm's
`lighthouse`, whose accessibility audits are axe-core's) on both boards in
headless Chromium (--headless=new --no-sandbox --disable-gpu), started for each
run with a session of `demo` in its cookie jar (set through Playwright), so
that the page and its live stream are both logged in.

Each board is measured 3 times with the desktop preset (Lighthouse varies from
run to run) and reported with the run of median performance score; the big
board once more with the default (mobile) preset, for information. Printed per
page: the performance, accessibility and best-practices scores, FCP, LCP, TBT,
CLS, Speed Index, the bytes transferred, the DOM size, and the failing
accessibility audits. When a target is missed, what costs the most.

Targets (desktop preset, median performance score): >= 90 on the big board, >= 98 on the demo board.

    make bench-lighthouse
    .venv/bin/python bench/lighthouse.py --runs 5 --details
    LIGHTHOUSE=/path/to/lighthouse CHROME_PATH=/usr/bin/chromium .venv/bin/python bench/lighthouse.py

Lighthouse is looked up in $LIGHTHOUSE, on PATH, then in the npm cache folder
(--npm-cache, default /tmp/journeyboard-lighthouse), where it is installed with
npm when missing. Reports are kept in a folder under /tmp, named at the end.

Exit status: 0 when the targets are met, 1 when not, 2 when it cannot run (no
Lighthouse, no Chromium, a page that does not answer or a run that fails).
"""

import argparse
import contextlib
import importlib.util
import io
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[0] = str(BASE_DIR)  # this file is in bench/, whose live.py would hide the `live` app
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

_spec = importlib.util.spec_from_file_location("bench_board", Path(__file__).with_name("board.py"))
bench_board = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_board)

TARGETS = {"big": 90, "demo": 98}  # desktop performance score, median of the runs
LIGHTHOUSE_VERSION = "12.8.2"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu"]
# chrome-launcher's defaults: the flags `lighthouse` starts Chrome with when it launches it itself.
LAUNCHER_FLAGS = [
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,CalculateNativeWinOcclusion,"
    "InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater,AutofillServerCommunication,"
    "PrivacySandboxSettings4,RenderDocument",
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-client-side-phishing-detection",
    "--disable-sync",
    "--metrics-recording-only",
    "--disable-default-apps",
    "--mute-audio",
    "--no-default-browser-check",
    "--no-first-run",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-ipc-flooding-protection",
    "--password-store=basic",
    "--use-mock-keychain",
    "--force-fieldtrials=*BackgroundTracing/default/",
    "--disable-hang-monitor",
    "--disable-prompt-on-repost",
    "--disable-domain-reliability",
    "--propagate-iph-for-testing",
]
CATEGORIES = ("performance", "accessibility", "best-practices")
# Audits of the performance category that are not costs (the metrics themselves, and lists).
NOT_COSTS = {
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
    "interactive",
    "max-potential-fid",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per board, desktop preset (default 3)")
    parser.add_argument("--no-mobile", action="store_true", help="skip the run of the big board with the mobile preset")
    parser.add_argument("--details", action="store_true", help="print what costs the most even when targets are met")
    parser.add_argument("--stages", type=int, default=10)
    parser.add_argument("--per-stage", type=int, default=50, help="touchpoints per stage on the big map")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    parser.add_argument("--lighthouse", default=os.environ.get("LIGHTHOUSE", ""), help="the lighthouse executable")
    parser.add_argument(
        "--npm-cache",
        default=str(Path(tempfile.gettempdir()) / "journeyboard-lighthouse"),
        help="folder npm installs Lighthouse into when it is not found",
    )
    return parser.parse_args()


def find_lighthouse(args) -> str | None:
    """The lighthouse executable: given, on PATH, in the npm cache folder, or installed there now."""
    if args.lighthouse:
        return args.lighthouse if shutil.which(args.lighthouse) else None
    on_path = shutil.which("lighthouse")
    if on_path:
        return on_path
    cached = Path(args.npm_cache) / "node_modules" / ".bin" / "lighthouse"
    if not cached.exists() and shutil.which("npm"):
        print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {args.npm_cache} ...")
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                args.npm_cache,
                "--no-audit",
                "--no-fund",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=False,
            stdout=subprocess.DEVNULL,
        )
    return str(cached) if cached.exists() else None


def version(executable: str) -> str:
    completed = subprocess.run([executable, "--version"], capture_output=True, text=True, check=False)
    return completed.stdout.strip() or "?"


def build(args):
    """The demo data, and the big map in a workspace of its own where `demo` is an editor."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from demo import content as demo
    from journeys.models import Journey
    from workspaces.models import Role
    from workspaces.services import membership_set

    call_command("seed_demo", stdout=io.StringIO())
    user = get_user_model().objects.get(username=demo.DEMO_USER)
    demo_map = Journey.objects.get(title=demo.JOURNEY_TITLE, workspace__name=demo.WORKSPACE_NAME)
    workspace, editor, personas = bench_board.build()
    membership_set(workspace=workspace, user=user, role=Role.EDITOR)
    big_map = bench_board.build_map(
        workspace=workspace,
        editor=editor,
        personas=personas,
        title="Big map",
        stages=args.stages,
        per_stage=args.per_stage,
    )
    return user, demo_map, big_map


def production_env(static_root: str) -> dict:
    """What the server runs with: production settings, on plain HTTP at 127.0.0.1."""
    return {
        "DJANGO_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": os.environ["SECRET_KEY"],  # the sessions written here must be readable there
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",  # no TLS proxy in front: answer over HTTP
        "STATIC_ROOT": static_root,
    }


def collect_static(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        check=True,
    )


def fetch(url: str, cookie: str) -> tuple[int, str]:
    """GET as a browser would (gzip accepted): the status and the URL it ends at (after redirects)."""
    # Our own server on 127.0.0.1, over http:
    request = urllib.request.Request(url, headers={"Cookie": cookie, "Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        response.read()
        return response.status, response.url


def cookie_pairs(cookie: str) -> list[tuple[str, str]]:
    return [tuple(part.strip().split("=", 1)) for part in cookie.split(";") if "=" in part]


@contextlib.contextmanager
def chromium_logged_in(chrome: str, base_url: str, cookie: str):
    """Chromium started as `lighthouse` would start it, with the session cookie in its cookie jar; yields its
    debugging port. Lighthouse clears the cache and the origin's storage before a run, not the cookies.

    (`--extra-headers` would send the cookie with the page's requests but not with the board's EventSource,
    whose live stream would then answer 401 and log errors in the console.)"""
    from playwright.sync_api import sync_playwright

    from tests.live.http_client import free_port

    port = free_port()
    profile = tempfile.mkdtemp(prefix="journeyboard-lighthouse-chromium-")
    command = [chrome, *CHROME_FLAGS, *LAUNCHER_FLAGS, f"--remote-debugging-port={port}", f"--user-data-dir={profile}"]
    process = subprocess.Popen(
        [*command, "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{endpoint}/json/version", timeout=2):  # noqa: S310 - our Chromium
                    break
            except (urllib.error.URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Chromium did not open its debugging port ({chrome})") from None
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.connect_over_cdp(endpoint)
            browser.contexts[0].add_cookies(
                [{"name": name, "value": value, "url": base_url} for name, value in cookie_pairs(cookie)]
            )
            browser.close()  # disconnects; the browser and its default context's cookies stay
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # Chromium and its helpers: the group it leads
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def lighthouse(executable: str, url: str, output: Path, browser: list[str], *, desktop: bool) -> dict:
    """One Lighthouse run; `browser`: the flags that name the browser (--port, or --chrome-path and its flags)."""
    command = [
        executable,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        *browser,
    ]
    if desktop:
        command.append("--preset=desktop")
    completed = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if completed.returncode != 0 or not output.exists():
        raise RuntimeError(f"lighthouse exited with {completed.returncode}: {completed.stderr.strip()[-2000:]}")
    report = json.loads(output.read_text())
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {report['runtimeError'].get('message')}")
    return report


def playwright_installed() -> bool:
    return importlib.util.find_spec("playwright") is not None


def measure(executable: str, chrome: str, url: str, cookie: str, output: Path, *, desktop: bool) -> dict:
    """A run in a fresh Chromium holding the session (without Playwright: the cookie in --extra-headers).
    A run that fails is run once more, as Lighthouse advises (e.g. NO_NAVSTART, a trace it could not record)."""

    def once():
        if not playwright_installed():
            browser = [
                f"--chrome-path={chrome}",
                f"--chrome-flags={' '.join(CHROME_FLAGS)}",
                f"--extra-headers={json.dumps({'Cookie': cookie})}",
            ]
            return lighthouse(executable, url, output, browser, desktop=desktop)
        with chromium_logged_in(chrome, url.split("/maps/")[0], cookie) as port:
            return lighthouse(executable, url, output, [f"--port={port}"], desktop=desktop)

    try:
        return once()
    except RuntimeError as error:
        print(f"    (running again: {str(error)[:160]})")
        return once()


def score(report: dict, category: str) -> int | None:
    value = report["categories"].get(category, {}).get("score")
    return None if value is None else round(value * 100)


def numeric(report: dict, audit: str) -> float | None:
    return report["audits"].get(audit, {}).get("numericValue")


def failing_audits(report: dict, category: str) -> list[dict]:
    """The category's audits that count and do not pass."""
    audits = report["audits"]
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings") and (audit["score"] or 0) < 1:
            failing.append(audit)
    return failing


def describe(label: str, reports: list[dict]) -> str:
    """The report of the median run (by performance score), with every run's score."""
    median = sorted(reports, key=lambda report: score(report, "performance") or 0)[(len(reports) - 1) // 2]
    runs = ", ".join(str(score(report, "performance")) for report in reports)

    def ms(audit):
        value = numeric(median, audit)
        return "-" if value is None else f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"

    cls = numeric(median, "cumulative-layout-shift")
    weight = numeric(median, "total-byte-weight") or 0
    elements = numeric(median, "dom-size")
    lines = [
        f"{label}: performance {score(median, 'performance')}"
        + (f" (median of {runs})" if len(reports) > 1 else "")
        + f", accessibility {score(median, 'accessibility')}, best practices {score(median, 'best-practices')}",
        f"    FCP {ms('first-contentful-paint')}, LCP {ms('largest-contentful-paint')}, "
        f"TBT {ms('total-blocking-time')}, CLS {'-' if cls is None else f'{cls:.3f}'}, "
        f"Speed Index {ms('speed-index')}; transferred {weight / 1000:.0f} KB; "
        f"DOM {'-' if elements is None else f'{elements:,.0f}'} elements",
    ]
    for audit in failing_audits(median, "accessibility"):
        items = (audit.get("details") or {}).get("items", [])
        lines.append(f"    accessibility fails: {audit['id']}: {audit['title']} ({len(items)} elements)")
        for item in items[:3]:
            node = item.get("node") or {}
            explanation = (node.get("explanation") or "").splitlines()[-1:] or [""]
            lines.append(f"        {node.get('snippet', '')[:120]}  {explanation[0].strip()[:220]}")
    for audit in failing_audits(median, "best-practices"):
        lines.append(f"    best practice fails: {audit['id']}: {audit['title']}")
    for warning in median.get("runWarnings", []):
        lines.append(f"    Lighthouse warns: {warning}")
    return "\n".join(lines)


def item_text(item: dict, origin: str) -> str:
    """One row of an audit's table, briefly: what, and how much."""
    what = item.get("url") or item.get("groupLabel") or item.get("group") or ""
    node = item.get("node")
    if not what and isinstance(node, dict):
        what = node.get("selector") or node.get("snippet") or ""
    what = str(what).replace(origin, "")[:90]
    for key, unit, scale in (
        ("wastedMs", "ms", 1),
        ("wastedBytes", "KB", 1000),
        ("duration", "ms", 1),
        ("total", "ms", 1),
        ("scripting", "ms", 1),
        ("transferSize", "KB", 1000),
        ("totalBytes", "KB", 1000),
        ("value", "", 1),
    ):
        value = item.get(key)
        if isinstance(value, int | float):
            return f"{what} ({key} {value / scale:,.0f}{' ' + unit if unit else ''})"
        if isinstance(value, dict) and value.get("type") == "numeric":
            return f"{what} ({key} {value['value']:,})"
    return what


def costs(report: dict, limit: int = 8) -> list[str]:
    """The performance audits that do not pass, those with the largest estimated savings first."""
    origin = report["finalDisplayedUrl"].split("/maps/")[0]
    audits = report["audits"]
    found = []
    for ref in report["categories"]["performance"]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["id"] in NOT_COSTS or audit.get("score") is None or audit["score"] >= 0.9:
            continue
        savings = audit.get("metricSavings") or {}
        saved_ms = sum(value for metric, value in savings.items() if metric != "CLS" and value)
        found.append((saved_ms, audit["score"], audit, savings))
    found.sort(key=lambda entry: (-entry[0], entry[1]))
    lines = []
    for _saved_ms, _score, audit, savings in found[:limit]:
        saving = ", ".join(f"{metric} -{value:.0f}" for metric, value in savings.items() if value)
        lines.append(
            f"    {audit['id']}: {audit.get('displayValue') or audit['title']}"
            + (f"  [saves {saving}]" if saving else "")
        )
        details = audit.get("details") or {}
        for item in (details.get("items") or [])[:3]:
            if isinstance(item, dict) and item_text(item, origin):
                lines.append(f"        {item_text(item, origin)}")
    return lines


def main():
    args = parse_args()
    executable = find_lighthouse(args)
    if executable is None:
        print("No lighthouse: install Node.js and npm (or set LIGHTHOUSE=/path/to/lighthouse).", file=sys.stderr)
        return 2
    if not shutil.which(args.chrome):
        print(f"No Chromium at {args.chrome}: set CHROME_PATH or --chrome.", file=sys.stderr)
        return 2
    # One secret for this process and the server: the sessions written here are signed with it.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
    old_name = bench_board.setup_database()
    try:
        return run(args, executable)
    finally:
        bench_board.teardown_database(old_name)


def run(args, executable: str):
    from django.db import connection
    from django.urls import reverse

    from tests.live.http_client import WebProcess, session_cookie

    user, demo_map, big_map = build(args)
    print(
        f"Demo map “{demo_map.title}” and a map of {args.stages} x {args.per_stage} touchpoints, "
        f"on {connection.vendor}; Lighthouse {version(executable)} ({executable})."
    )
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    if load > 0.7:
        print(f"Note: the machine is busy (load {load:.1f} per CPU); Lighthouse's times will be high.")
    if not playwright_installed():
        print(
            "Note: no Playwright (make install): the session goes in --extra-headers, which the board's live "
            "stream does not get; it answers 401 and best practices count the console errors."
        )

    cookie = session_cookie(user)
    connection.close()
    static_root = tempfile.mkdtemp(prefix="journeyboard-lighthouse-static-")
    reports_dir = Path(tempfile.mkdtemp(prefix="journeyboard-lighthouse-reports-"))
    env = production_env(static_root)
    log = (reports_dir / "server.log").open("w")
    web = None
    try:
        collect_static(env)
        web = WebProcess(redis_url=os.environ.get("REDIS_URL", ""), env=env, log=log).wait_ready()
        pages = [
            ("demo", f"{web.url}{reverse('boards:board', args=[demo_map.pk])}"),
            ("big", f"{web.url}{reverse('boards:board', args=[big_map.pk])}"),
        ]
        for _label, url in pages:
            for _ in range(3):  # warm up: the server's first requests fill its caches, as in production
                status, final_url = fetch(url, cookie)
                if status != 200 or final_url != url:
                    print(f"GET {url} answered {status} at {final_url}: not the board.", file=sys.stderr)
                    return 2
        results = {}
        runs = [(label, url, True, number) for label, url in pages for number in range(args.runs)]
        if not args.no_mobile:
            runs.append(("big", pages[1][1], False, 0))
        for label, url, desktop, number in runs:
            preset = "desktop" if desktop else "mobile"
            output = reports_dir / f"{label}-{preset}-{number + 1}.json"
            try:
                report = measure(executable, args.chrome, url, cookie, output, desktop=desktop)
            except Exception as error:  # Chromium, Playwright or Lighthouse: the run cannot be measured
                print(f"Lighthouse failed on {url} ({preset}): {error}", file=sys.stderr)
                return 2
            results.setdefault((label, preset), []).append(report)
    finally:
        if web is not None:
            web.stop()
        log.close()
        shutil.rmtree(static_root, ignore_errors=True)

    names = {"demo": "demo board", "big": f"big board ({args.stages * args.per_stage} touchpoints)"}
    missed = []
    for (label, preset), reports in results.items():
        print(describe(f"{names[label]}, {preset}", reports))
        performance = statistics.median(score(report, "performance") or 0 for report in reports)
        target = TARGETS[label] if preset == "desktop" else None
        if target is not None and performance < target:
            missed.append(f"{names[label]}: performance {performance:.0f} < {target}")
        if args.details or (target is not None and performance < target):
            median = sorted(reports, key=lambda report: score(report, "performance") or 0)[(len(reports) - 1) // 2]
            print("    What costs the most (Lighthouse's estimated savings, ms):")
            print("\n".join(costs(median)) or "    nothing below 90")
    print(f"Reports and server log: {reports_dir}")
    if missed:
        print("Targets missed: " + "; ".join(missed) + ".")
        return 1
    print(
        f"Targets met: desktop performance >= {TARGETS['big']} on the big board, >= {TARGETS['demo']} on the demo board."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
