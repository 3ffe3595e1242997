"""Time each export format on a 500-touchpoint map, and an import of 5,000 touchpoints.

    .venv/bin/python bench/export.py            # SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/export.py

Runs on a throw-away test database. Each figure is the median of a few runs of
what the job does in the worker: read the map and render the file (exports),
or read, validate and write the file in one transaction (imports).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

TARGETS = {"json": 0.5, "csv": 0.5, "xlsx": 2.0, "pdf": 5.0}
IMPORT_TARGET = 10.0
RUNS = 3


def build_map(stages: int = 5, per_stage: int = 100):
    from django.contrib.auth import get_user_model

    from channels.models import Channel
    from journeys.services import journey_create
    from personas.services import persona_create
    from touchpoints.models import Touchpoint
    from workspaces.services import workspace_create

    user = get_user_model().objects.create_user("bench")
    workspace = workspace_create(name="Bench", owner=user)
    personas = [persona_create(workspace=workspace, name=name) for name in ("박지우", "Zofia Wójcik", "Анна Смирнова")]
    journey = journey_create(
        workspace=workspace,
        title="Ścieżka klienta — 고객 여정 — Путь клиента",
        template="default",
        personas=personas,
        created_by=user,
    )
    channels = list(Channel.objects.filter(workspace=workspace))
    cards = []
    for stage in journey.stages.all()[:stages]:
        for position in range(per_stage):
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
        through(touchpoint_id=card.pk, persona_id=personas[index % 3].pk) for index, card in enumerate(cards)
    )
    return journey, user


def timed(function, runs: int = RUNS) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (the CPU figure shows what a busy machine adds)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def line(label: str, seconds: tuple[float, float], target: float) -> str:
    wall, cpu = seconds
    verdict = "ok" if wall <= target else "OVER TARGET"
    return f"{label:<28} {wall:7.3f} s  (cpu {cpu:6.3f} s; target ≤ {target:g} s, {verdict})"


def main() -> None:
    import tempfile

    from exports import services
    from exports.formats import FORMATS
    from exports.formats.pdf_format import font_files
    from exports.models import ImportJob, JobStatus
    from exports.selectors import map_document

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-media-"))
    old = setup_databases(verbosity=0, interactive=False)
    try:
        journey, user = build_map()
        count = sum(len(stage["touchpoints"]) for stage in map_document(journey.pk)["stages"])
        print(
            f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; map of {count} touchpoints; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        font_files()  # looked up once per worker process
        for key in ("json", "csv", "xlsx", "pdf"):
            seconds = timed(lambda key=key: FORMATS[key].render(map_document(journey.pk), progress=None))
            print(line(f"export {key}", seconds, TARGETS[key]))

        document = map_document(journey.pk)
        stages = document["stages"]
        for stage in stages:  # 5 stages x 1,000 touchpoints
            stage["touchpoints"] = stage["touchpoints"] * 10
        data = FORMATS["json"].render(document)
        total = sum(len(stage["touchpoints"]) for stage in stages)

        def run_import():
            job = services.import_job_create_map(
                workspace=journey.workspace, upload=SimpleUploadedFile("map.json", data), created_by=user
            )
            services.import_job_run(job_id=job.pk)
            job.refresh_from_db()
            assert job.status == JobStatus.SUCCEEDED and job.created_count == total, (job.error, job.problems[:3])

        print(line(f"import {total} (JSON)", timed(run_import, runs=1), IMPORT_TARGET))

        csv_data = FORMATS["csv"].render(document)

        def run_csv_import():
            job = services.import_job_create_touchpoints(
                journey=journey, upload=SimpleUploadedFile("t.csv", csv_data), created_by=user
            )
            services.import_job_run(job_id=job.pk)
            job.refresh_from_db()
            assert job.status == JobStatus.SUCCEEDED and job.created_count == total, (job.error, job.problems[:3])

        print(line(f"import {total} (CSV)", timed(run_csv_import, runs=1), IMPORT_TARGET))
        ImportJob.objects.all().delete()
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
