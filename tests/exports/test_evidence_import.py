"""Importing customer evidence from a survey or review export, through the mapping step."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activity.models import BoardActivity
from evidence.models import Evidence
from exports import services
from exports.importers.common import ImportInvalid
from exports.importers.evidence_csv import Mapping, guess_mapping, validate
from exports.models import ImportJob, JobStatus

SURVEY = (
    b"Submitted,Score,Comment,Channel,Persona\n"
    b"2026-03-02,2,The e-mail was the same as every week,E-mail,Ji-woo Park\n"
    b"2026-03-03,5,Loved the offer,E-mail,\n"
    b"2026-03-04,,No score given,,\n"
)


def upload(content: bytes):
    return SimpleUploadedFile("survey.csv", content, content_type="text/csv")


def test_columns_are_guessed():
    assert guess_mapping(["Submitted", "Score", "Comment", "Channel", "Persona"]).columns == {
        "date": 0,
        "rating": 1,
        "text": 2,
        "channel": 3,
        "persona": 4,
    }


def test_a_survey_export_is_imported_through_the_mapping_step(team, journey, touchpoint, persona, client_for):
    client = client_for(team.editor)
    response = client.post(reverse("exports:import_evidence", args=[journey.pk]), {"file": upload(SURVEY)})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("exports:import_columns", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "The first 3 rows, as they will be imported" in page and "Promotional e-mail" in page
    data = {
        "date": "0",
        "rating": "1",
        "text": "2",
        "channel": "3",
        "persona": "4",
        "kind_of_every_row": "survey",
        "rating_scale": "five",
        "import": "1",
    }
    assert client.post(reverse("exports:import_columns", args=[job.pk]), data).status_code == 302
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (JobStatus.SUCCEEDED, 3)
    first = Evidence.objects.get(text__startswith="The e-mail")
    assert (first.sentiment, first.rating, first.persona, list(first.touchpoints.all())) == (
        "negative",
        2,
        persona,
        [touchpoint],
    )
    assert Evidence.objects.get(text="No score given").touchpoints.count() == 0  # for the whole map
    assert "3 items of evidence imported." in client.get(reverse("exports:import_job", args=[job.pk])).content.decode()
    entry = BoardActivity.objects.get(journey=journey, action="imported")
    assert (entry.action, entry.target_type, entry.changes, entry.target_label) == (
        "imported",
        "evidence",
        {"count": 3},
        os.path.basename(job.file.name),
    )
    assert (
        "imported 3 items of evidence from" in client.get(reverse("activity:map", args=[journey.pk])).content.decode()
    )


def test_rows_that_match_nothing_are_listed_and_nothing_is_written(team, journey, touchpoint):
    csv = b"text,channel,stage,rating\nok,E-mail,,3\nwho,Carrier pigeon,,3\nwhere,,Nowhere,3\nbad,,,9\n"
    mapping = Mapping(columns={"text": 0, "channel": 1, "stage": 2, "rating": 3}, rating_scale="five")
    with pytest.raises(ImportInvalid) as invalid:
        validate(csv, journey=journey, mapping=mapping)
    problems = {(p["row"], p["field"]) for p in invalid.value.problems}
    assert problems == {(3, "channel"), (4, "stage"), (5, "rating")}
    assert not Evidence.objects.exists()


def test_a_channel_without_cards_on_the_map_is_a_problem_not_a_silent_drop(team, journey, touchpoint):
    with pytest.raises(ImportInvalid) as invalid:
        validate(b"text,channel\nhello,Store\n", journey=journey, mapping=Mapping(columns={"text": 0, "channel": 1}))
    assert "No touchpoint of this map is in" in invalid.value.problems[0]["message"]


def test_ten_thousand_survey_rows(team, journey, touchpoint):
    rows = "\n".join(f"2026-03-{1 + n % 28:02d},{1 + n % 5},Answer number {n},E-mail" for n in range(10_000))
    job = services.import_job_create_mapped(
        journey=journey,
        upload=upload(f"date,rating,text,channel\n{rows}\n".encode()),
        created_by=team.editor,
        kind="csv_evidence",
    )
    services.import_job_map_columns(
        job=job, mapping=Mapping(columns={"date": 0, "rating": 1, "text": 2, "channel": 3}, rating_scale="five")
    )
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (JobStatus.SUCCEEDED, 10_000)
    assert touchpoint.evidence.count() == 10_000
