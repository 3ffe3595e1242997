"""Time a workspace backup and its restore: 20 maps of 10 stages x 50 cards (10,000 cards), with
strategies and their histories, comment threads, readings and evidence on each map.

    .venv/bin/python bench/backup.py            # SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/backup.py

Runs on a throw-away test database. Each figure is what the job does in the worker, once: the backup
writes the archive and stores it (backups.services.backup_job_run); the restore reads the stored
archive, checks all of it and writes the new workspace in one transaction (restore_job_run). Prints
both times, the archive's size and what it holds; exits 1 when a target is missed (issue 13:
backup ≤ 30 s, restore ≤ 60 s).
"""

import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

MAPS, STAGES, CARDS_PER_STAGE = 20, 10, 50
BACKUP_TARGET, RESTORE_TARGET = 30.0, 60.0


def build_workspace():
    from django.contrib.auth import get_user_model

    from channels.models import Channel
    from comments.services import comment_create, thread_resolve
    from evidence.models import Evidence
    from journeys.models import Stage
    from journeys.services import journey_create
    from metrics.models import Metric, Reading
    from personas.services import persona_create
    from strategies.services import strategy_create, strategy_update
    from touchpoints.models import Touchpoint
    from workspaces.models import Role
    from workspaces.services import membership_set, workspace_create

    users = get_user_model().objects
    owner = users.create_user("bench", first_name="Olivia")
    editor = users.create_user("editor", first_name="Eddie")
    workspace = workspace_create(name="Bench workspace", owner=owner)
    membership_set(workspace=workspace, user=editor, role=Role.EDITOR)
    personas = [persona_create(workspace=workspace, name=name) for name in ("박지우", "Zofia Wójcik", "Анна Смирнова")]
    channels = list(Channel.objects.filter(workspace=workspace))
    csat = Metric.objects.get(workspace=workspace, name="CSAT")
    for number in range(MAPS):
        journey = journey_create(
            workspace=workspace,
            title=f"Ścieżka {number} — 고객 여정 — Путь клиента",
            template="blank",
            personas=personas,
            created_by=owner,
        )
        stages = Stage.objects.bulk_create(
            Stage(journey=journey, name=f"Etap {index} — 단계 — Этап", position=index) for index in range(STAGES)
        )
        cards = Touchpoint.objects.bulk_create(
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
                owner=editor if position % 7 == 0 else None,
            )
            for stage in stages
            for position in range(CARDS_PER_STAGE)
        )
        Touchpoint.personas.through.objects.bulk_create(
            Touchpoint.personas.through(touchpoint_id=card.pk, persona_id=personas[index % 3].pk)
            for index, card in enumerate(cards)
        )
        for index in range(5):
            strategy = strategy_create(
                journey=journey, stage=stages[index], title=f"Strategia {index}", body="Pierwsza wersja.", author=owner
            )
            strategy_update(strategy=strategy, author=editor, body="Druga wersja. 두 번째.", change_note="Poprawki")
            strategy_update(strategy=strategy, author=owner, status="active")
        for card in cards[:10]:
            first = comment_create(target=card, author=editor, body="Czy to wciąż aktualne? Это актуально?")
            comment_create(target=card, author=owner, body="Tak, 네.")
            thread_resolve(thread=first.thread, user=owner)
        Reading.objects.bulk_create(
            Reading(
                metric=csat,
                journey=journey,
                touchpoint=card,
                period_start=datetime.date(2026, 1 + index % 12, 1),
                value=Decimal(1 + index % 5),
                recorded_by=editor,
            )
            for index, card in enumerate(cards[:50])
        )
        Evidence.objects.bulk_create(
            Evidence(journey=journey, text=f"Opinia klienta {index}", observed_on=datetime.date(2026, 3, 1))
            for index in range(20)
        )
    return workspace, owner


def main() -> int:
    import tempfile

    from backups import services
    from backups.models import BackupJob, RestoreJob
    from exports.models import JobStatus

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-media-"))
    old = setup_databases(verbosity=0, interactive=False)
    try:
        workspace, owner = build_workspace()
        print(
            f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        job = BackupJob.objects.create(workspace=workspace, created_by=owner)
        start, cpu = time.perf_counter(), time.process_time()
        services.backup_job_run(job_id=job.pk)
        backup_seconds, backup_cpu = time.perf_counter() - start, time.process_time() - cpu
        job.refresh_from_db()
        assert job.status == JobStatus.SUCCEEDED, job.error
        counts = ", ".join(f"{number:,} {name.replace('_', ' ')}" for name, number in job.counts.items())
        print(f"archive: {job.size / 2**20:.2f} MB ({job.size:,} bytes): {counts}")

        with job.file.open("rb") as handle:
            upload = SimpleUploadedFile("backup.zip", handle.read())
        restore_job = RestoreJob(created_by=owner)
        restore_job.file.save("bench-restore.zip", upload, save=False)
        restore_job.save()
        start, cpu = time.perf_counter(), time.process_time()
        services.restore_job_run(job_id=restore_job.pk)
        restore_seconds, restore_cpu = time.perf_counter() - start, time.process_time() - cpu
        restore_job.refresh_from_db()
        assert restore_job.status == JobStatus.SUCCEEDED, (restore_job.error, restore_job.problems[:3])
        assert restore_job.report["counts"] == job.counts

        verdicts = []
        for label, seconds, cpu_seconds, target in (
            (f"backup of {MAPS} maps", backup_seconds, backup_cpu, BACKUP_TARGET),
            (f"restore of {MAPS} maps", restore_seconds, restore_cpu, RESTORE_TARGET),
        ):
            ok = seconds <= target
            verdicts.append(ok)
            print(
                f"{label:<22} {seconds:7.2f} s  (cpu {cpu_seconds:6.2f} s; target ≤ {target:g} s, "
                f"{'ok' if ok else 'OVER TARGET'})"
            )
        return 0 if all(verdicts) else 1
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
