"""Time the drawn exports of a map of 10 stages x 50 touchpoints: the board image (PNG, SVG) and the PDF
(its poster alone, and the whole file with the handbook), and print their sizes.

    .venv/bin/python bench/export_images.py            # SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/export_images.py

Runs on a throw-away test database. The map is written in Korean, Polish and Russian, with five
personas, its metrics, evidence and opportunities lanes filled as bench/board.py fills them. Each
figure is the median of a few runs of what the job does in the worker: read the map (map_document)
and render the file. Targets: PNG <= 3 s, PDF <= 5 s. Exit status 1 when one is missed.
"""

import os
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

TARGETS = {"png": 3.0, "pdf": 5.0}
RUNS = 3
STAGES, PER_STAGE = 10, 50


def build_map():
    """A map of STAGES x PER_STAGE touchpoints, its cards written in bulk as an import writes them."""
    from django.contrib.auth import get_user_model

    from bench.board import add_evidence, add_metrics, add_opportunities
    from channels.models import Channel
    from journeys.services import journey_create, stage_create
    from personas.services import persona_create
    from touchpoints.models import Touchpoint
    from workspaces.services import workspace_create

    user = get_user_model().objects.create_user("bench")
    workspace = workspace_create(name="Bench", owner=user)
    names = ("박지우", "Zofia Wójcik", "Анна Смирнова", "김민준", "Tomasz Wiśniewski")
    personas = [persona_create(workspace=workspace, name=name, occupation="Klient — 고객") for name in names]
    journey = journey_create(
        workspace=workspace,
        title="Ścieżka klienta — 고객 여정 — Путь клиента",
        template="blank",
        personas=personas,
        created_by=user,
    )
    for number in range(STAGES):
        stage_create(journey=journey, name=f"Etap {number + 1} — 단계 {number + 1} — Этап {number + 1}")
    channels = list(Channel.objects.filter(workspace=workspace))
    cards = []
    for stage in journey.stages.all():
        for position in range(PER_STAGE):
            cards.append(
                Touchpoint(
                    stage=stage,
                    channel=channels[position % len(channels)],
                    position=position,
                    title=f"Punkt styku {position} — 접점 {position} — Точка контакта {position}",
                    does="Klient porównuje oferty w aplikacji i w sklepie. 고객은 앱과 매장에서 제품을 비교한다.",
                    thinks="Czy to się opłaca? Стоит ли оно того?",
                    feels="Ciekawość i lekka niepewność.",
                    pain_points="Długi czas oczekiwania na odpowiedź. 답변이 늦다.",
                    opportunities="Odpowiadać w ciągu godziny. Отвечать в течение часа.",
                    emotion=(position % 5) - 2,
                )
            )
    Touchpoint.objects.bulk_create(cards)
    through = Touchpoint.personas.through
    through.objects.bulk_create(
        through(touchpoint_id=card.pk, persona_id=personas[index % len(personas)].pk)
        for index, card in enumerate(cards)
    )
    add_metrics(journey)
    add_evidence(journey)
    add_opportunities(journey)
    return journey


def timed(function, runs: int = RUNS) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds, and what the last run returned."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def line(label: str, wall: float, cpu: float, size: str, target: float | None) -> str:
    verdict = ""
    if target is not None:
        verdict = f"; target ≤ {target:g} s, " + ("ok" if wall <= target else "OVER TARGET")
    return f"{label:<24} {wall:7.3f} s  (cpu {cpu:6.3f} s{verdict})  {size}"


def main() -> int:
    from PIL import Image

    from exports.formats import FORMATS, pdf_format
    from exports.formats.fonts import font_metrics
    from exports.formats.grid_layout import grid_content
    from exports.selectors import map_document

    old = setup_databases(verbosity=0, interactive=False)
    missed = False
    try:
        journey = build_map()
        document = map_document(journey.pk)
        count = sum(len(stage["touchpoints"]) for stage in document["stages"])
        print(
            f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; map of "
            f"{len(document['stages'])} stages, {count} touchpoints; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        font_metrics()  # the fonts are looked up once per worker process

        wall, cpu, _document = timed(lambda: map_document(journey.pk))
        print(line("read the map", wall, cpu, "", None))

        for key in ("png", "svg"):
            wall, cpu, data = timed(lambda key=key: FORMATS[key].render(map_document(journey.pk)))
            size = f"{len(data) / 1024:,.0f} KB"
            if key == "png":
                size += " ({}x{} px)".format(*Image.open(BytesIO(data)).size)
            missed |= key in TARGETS and wall > TARGETS[key]
            print(line(f"board image {key}", wall, cpu, size, TARGETS.get(key)))

        def poster():
            pdf = pdf_format.MapPDF(document["journey"]["title"])
            page = pdf_format._draw_poster(pdf, document)
            return page, bytes(pdf.output())

        wall, cpu, (page, data) = timed(poster)
        fit = grid_content(document)  # what the poster holds
        print(
            line(
                "poster alone (PDF)",
                wall,
                cpu,
                f"{len(data) / 1024:,.0f} KB, {page.paper} {'landscape' if page.orientation == 'L' else 'portrait'}, "
                f"scale {page.scale:.2f}, {len(fit.rows)} rows",
                None,
            )
        )
        wall, cpu, data = timed(lambda: FORMATS["pdf"].render(map_document(journey.pk)))
        missed |= wall > TARGETS["pdf"]
        print(line("PDF (poster + handbook)", wall, cpu, f"{len(data) / 1024:,.0f} KB", TARGETS["pdf"]))
    finally:
        teardown_databases(old, verbosity=0)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
