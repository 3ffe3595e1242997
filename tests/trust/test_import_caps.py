"""A file full of problems is refused with its first problems and their count, not stored whole (finding 5
of the trust issue: a 4 MB CSV of `a,b` lines stored a million problems, 85 MB every member downloaded
when they listed the imports)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exports import services
from exports.importers.common import MAX_PROBLEMS
from exports.models import ImportJob, JobStatus

pytestmark = pytest.mark.django_db


def run_import(team, journey, content: bytes) -> ImportJob:
    job = services.import_job_create_touchpoints(
        journey=journey, upload=SimpleUploadedFile("bad.csv", content, content_type="text/csv"), created_by=team.editor
    )
    services.import_job_run(job_id=job.pk)
    return ImportJob.objects.get(pk=job.pk)


def test_a_file_of_bad_lines_keeps_its_first_problems_and_counts_them_all(team, journey, client_for, api_for):
    job = run_import(team, journey, b"stage,title,channel\n" + b"a,b\n" * 15_000)
    assert job.status == JobStatus.FAILED
    assert len(job.problems) == MAX_PROBLEMS and job.problem_count == 15_000
    assert job.problems[0] == {"row": 2, "field": "", "message": "Expected 3 values, found 2."}
    assert "15000 problems found" in job.error
    page = client_for(team.editor).get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert "(the first 100 of 15000 problems)" in page and page.count("Expected 3 values") == MAX_PROBLEMS
    listed = api_for("viewer").get("/api/v1/imports/").json()
    assert listed["results"][0]["problem_count"] == 15_000 and "problems" not in listed["results"][0]
    one = api_for("viewer").get(f"/api/v1/imports/{job.pk}/").json()
    assert len(one["problems"]) == MAX_PROBLEMS and one["problem_count"] == 15_000


def test_a_file_longer_than_an_import_can_be_stops_there(team, journey):
    job = run_import(team, journey, b"stage,title,channel\n" + b"a,b\n" * 30_000)
    assert job.problem_count == 20_001  # 20,000 bad lines read, then "at most 20000 lines", and no further


def test_a_header_of_100000_columns_is_one_problem(team, journey):
    job = run_import(team, journey, b",".join(b"c%d" % n for n in range(100_000)) + b"\n")
    assert job.problem_count == 1
    assert job.problems == [{"row": 1, "field": "file", "message": "The file has more than 18 columns."}]


def test_a_nul_byte_in_imported_text_is_a_problem_named_by_row(team, journey):
    stage = journey.stages.order_by("position").first()
    job = run_import(team, journey, f"stage,title,channel\n{stage.name},Bad\x00title,E-mail\n".encode())
    assert job.status == JobStatus.FAILED
    assert job.problems[0]["row"] == 2 and "NUL" in job.problems[0]["message"]
    assert not journey.stages.filter(touchpoints__title__startswith="Bad").exists()


def test_a_nul_escape_in_a_json_map_is_a_problem(team):
    from exports.models import ImportJob

    job = services.import_job_create_map(
        workspace=team.workspace,
        upload=SimpleUploadedFile("map.json", b'{\n"title": "Bad\\u0000"\n}', content_type="application/json"),
        created_by=team.editor,
    )
    services.import_job_run(job_id=job.pk)
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == JobStatus.FAILED and job.problems[0]["row"] == 2
