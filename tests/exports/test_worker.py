"""Exports and imports through a real Celery worker on PostgreSQL and Redis (skipped on SQLite).

The jobs are created and committed by the test, picked up by `celery -A config
worker --pool=solo` running in its own process, and read back from the database.
"""

import csv
import io
import json

import pytest
from django.db import transaction
from django.urls import reverse
from PIL import Image

from exports import services
from exports.models import ExportJob, ImportJob, JobStatus
from exports.selectors import map_document

from .conftest import needs_worker, wait_for_job
from .helpers import (
    comparable,
    pdf_page_sizes,
    pdf_page_text,
    pdf_text,
    svg_root,
    svg_texts,
    without_export_ids,
    xlsx_rows,
)

pytestmark = [needs_worker, pytest.mark.django_db(transaction=True)]


def download(client, job) -> bytes:
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_json_export_runs_in_the_worker(celery_worker, client_for, team, rich_map):
    job = services.export_job_create(journey=rich_map, format="json", created_by=team.owner)
    wait_for_job(job)
    assert job.status == JobStatus.SUCCEEDED, job.error
    document = json.loads(download(client_for(team.viewer), job))
    assert comparable(document) == comparable(map_document(rich_map.pk))


def test_csv_export_runs_in_the_worker(celery_worker, client_for, team, rich_map):
    job = services.export_job_create(journey=rich_map, format="csv", created_by=team.owner)
    wait_for_job(job)
    assert job.status == JobStatus.SUCCEEDED, job.error
    rows = list(csv.DictReader(io.StringIO(download(client_for(team.editor), job).decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == [
        "카카오톡 광고 메시지",
        "Newsletter z rabatem",
        "Консультация в магазине",
        "'=1+2 formula-looking title",
        "Zwrot towaru — 반품",
    ]


def test_xlsx_export_runs_in_the_worker(celery_worker, client_for, team, rich_map):
    job = services.export_job_create(journey=rich_map, format="xlsx", created_by=team.owner)
    wait_for_job(job)
    assert job.status == JobStatus.SUCCEEDED, job.error
    data = download(client_for(team.owner), job)
    board = xlsx_rows(data, 0)
    assert [row[0] for row in board[1:]] == ["Awareness", "Awareness", "Consideration", "Purchase", "재구매 단계"]
    assert board[3][2] == "Консультация в магазине"
    assert len(xlsx_rows(data, 1)) == 1  # strategies: the header only


def test_pdf_export_runs_in_the_worker_with_korean_polish_and_russian_text(celery_worker, client_for, team, rich_map):
    job = services.export_job_create(journey=rich_map, format="pdf", created_by=team.owner)
    wait_for_job(job)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.progress == 100
    text = pdf_text(download(client_for(team.owner), job))
    for stage in rich_map.stages.all():
        assert stage.name in text
    for expected in ("카카오톡 광고 메시지", "Za dużo wiadomości", "Консультация в магазине", "Zofia Wójcik"):
        assert expected in text


def test_pdf_poster_made_in_the_worker_draws_the_grid_on_a3(celery_worker, client_for, team, laned_map):
    job = services.export_job_create(journey=laned_map, format="pdf", created_by=team.owner)
    wait_for_job(job)
    assert job.status == JobStatus.SUCCEEDED, job.error
    data = download(client_for(team.owner), job)
    assert pdf_page_sizes(data)[0] == "A3 landscape"
    poster = " ".join(pdf_page_text(data, 1).split())
    for expected in ("Customer actions", "Emotion curve", "Pain points", "Анна Смирнова", "카카오톡 광고 메시지"):
        assert expected in poster, expected


def test_board_image_of_one_stage_runs_in_the_worker(celery_worker, client_for, team, rich_map):
    stage = rich_map.stages.get(name="Consideration")
    job = services.export_job_create(journey=rich_map, format="png", stage=stage, created_by=team.owner)
    wait_for_job(job)
    assert (job.status, job.progress) == (JobStatus.SUCCEEDED, 100), job.error
    image = Image.open(io.BytesIO(download(client_for(team.viewer), job)))
    assert image.format == "PNG" and image.size[0] > 400
    assert len(image.convert("RGB").getcolors(maxcolors=1_000_000)) > 50  # not blank


def test_board_svg_through_the_api_runs_in_the_worker(celery_worker, client_for, team, rich_map):
    client = client_for(team.viewer)
    response = client.post(
        "/api/v1/exports/", {"journey": rich_map.pk, "format": "svg"}, content_type="application/json"
    )
    assert response.status_code == 202
    job = wait_for_job(ExportJob.objects.get(pk=response.json()["id"]))
    assert job.status == JobStatus.SUCCEEDED, job.error
    data = client.get(client.get(f"/api/v1/exports/{job.pk}/").json()["download_url"])
    texts = svg_texts(svg_root(b"".join(data.streaming_content)))
    assert "Консультация в магазине" in texts and "재구매 단계" in " ".join(texts)


def test_export_download_by_an_outsider_is_404(celery_worker, client_for, team, rich_map):
    job = services.export_job_create(journey=rich_map, format="csv", created_by=team.owner)
    wait_for_job(job)
    assert job.status == JobStatus.SUCCEEDED
    assert client_for(team.outsider).get(reverse("exports:download", args=[job.pk])).status_code == 404
    assert client_for(None).get(reverse("exports:download", args=[job.pk])).status_code == 302


def test_failing_export_is_reported_failed_with_its_error(celery_worker, team, rich_map, shared_media_root):
    with transaction.atomic():  # the task is queued when this block commits
        job = services.export_job_create(journey=rich_map, format="xlsx", created_by=team.owner)
        # A file where the job's folder should be: the worker cannot save the export.
        (shared_media_root / "exports").mkdir(exist_ok=True)
        (shared_media_root / "exports" / str(job.pk)).write_text("in the way")
    wait_for_job(job)
    assert job.status == JobStatus.FAILED
    assert job.error == "The file could not be saved: the export folder cannot be written."
    assert not job.file


def test_export_api_reports_progress_then_a_download_url(celery_worker, client_for, team, rich_map):
    client = client_for(team.editor)
    response = client.post(
        "/api/v1/exports/", {"journey": rich_map.pk, "format": "pdf"}, content_type="application/json"
    )
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    job = wait_for_job(ExportJob.objects.get(pk=response.json()["id"]))
    data = client.get(f"/api/v1/exports/{job.pk}/").json()
    assert (data["status"], data["progress"], data["error"]) == ("succeeded", 100, "")
    assert client.get(data["download_url"]).status_code == 200


def test_export_then_import_through_the_worker_gives_an_identical_map(celery_worker, client_for, team, strategic_map):
    rich_map = strategic_map  # with strategies and their histories
    export = services.export_job_create(journey=rich_map, format="json", created_by=team.owner)
    wait_for_job(export)
    data = download(client_for(team.owner), export)

    response = client_for(team.editor).post(
        "/api/v1/journeys/import/", {"workspace": team.workspace.pk, "file": io.BytesIO(data)}, format="multipart"
    )
    assert response.status_code == 202
    job = wait_for_job(ImportJob.objects.get(pk=response.json()["id"]))
    assert job.status == JobStatus.SUCCEEDED, job.problems
    assert job.journey_id not in (None, rich_map.pk)
    expected = without_export_ids(json.loads(data))
    expected["journey"]["title"] += " (imported)"  # (the workspace has a map of that title: the original)
    assert without_export_ids(map_document(job.journey_id)) == expected


def test_invalid_import_through_the_worker_lists_every_problem_and_imports_nothing(celery_worker, team, rich_map):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from touchpoints.models import Touchpoint

    before = Touchpoint.objects.count()
    text = "stage,title,channel\nNope,A,Store\nAwareness,,Store\nAwareness,Dobry wiersz,Store\n"
    job = services.import_job_create_touchpoints(
        journey=rich_map, upload=SimpleUploadedFile("t.csv", text.encode()), created_by=team.editor
    )
    wait_for_job(job)
    assert job.status == JobStatus.FAILED
    assert [(p["row"], p["field"]) for p in job.problems] == [(2, "stage"), (3, "title")]
    assert Touchpoint.objects.count() == before


def test_openjourney_export_then_import_through_the_worker_gives_the_same_map(
    celery_worker, client_for, team, laned_map
):
    from .test_openjourney import SCHEMA, same_map

    export = services.export_job_create(journey=laned_map, format="ojf", created_by=team.viewer)
    wait_for_job(export)
    assert export.status == JobStatus.SUCCEEDED, export.error
    data = download(client_for(team.viewer), export)
    SCHEMA.validate(json.loads(data))

    response = client_for(team.editor).post(
        "/api/v1/journeys/import/",
        {"workspace": team.workspace.pk, "format": "ojf", "file": io.BytesIO(data)},
        format="multipart",
    )
    assert response.status_code == 202
    job = wait_for_job(ImportJob.objects.get(pk=response.json()["id"]))
    assert job.status == JobStatus.SUCCEEDED, job.problems
    assert job.progress == 100 and job.created_count == 5
    assert same_map(map_document(job.journey_id)) == same_map(map_document(laned_map.pk))
    report = client_for(team.viewer).get(f"/api/v1/imports/{job.pk}/").json()["report"]
    assert len(report["nodes"]) == len(json.loads(data)["nodes"])
