"""Importing metric readings from a CSV: the mapping step, the preview, the whole file checked
before anything is written, and readings recorded over the periods they replace."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activity.models import BoardActivity
from exports import services
from exports.importers.common import ImportInvalid
from exports.importers.readings_csv import Mapping, guess_mapping, parse_date, parse_number, validate
from exports.models import ImportJob, JobStatus
from metrics.models import Metric, Reading, ReadingSource
from metrics.selectors import channel_report

ANALYTICS = (
    "Month;Channel;Metric;Value;Comment\n"
    "2026-01;E-mail;Cost;1 200,50 zł;January\n"
    "2026-01;E-mail;Revenue;3 000;\n"
    "2026-02;E-mail;Cost;1 000;\n"
    "2026-02;E-mail;Revenue;2 500;\n"
    "2026-02;Store;Revenue;9 000;\n"
).encode()


def upload(content: bytes, name="analytics.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("31.5", "31.5"),
        ("31,5", "31.5"),
        ("1 234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("45%", "45"),
        ("$1,200", "1200"),
        ("−3", "-3"),
        ("12 000 zł", "12000"),
    ],
)
def test_numbers_as_people_type_them(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "nan", "inf"])
def test_what_is_not_a_number(text):
    assert parse_number(text) is None


def test_dates_in_the_usual_forms():
    assert (
        parse_date("2026-03-31") == parse_date("31.03.2026") == parse_date("2026/03/31") == datetime.date(2026, 3, 31)
    )
    assert parse_date("2026-03") == datetime.date(2026, 3, 1)
    assert parse_date("March") is None


def test_columns_are_guessed_from_their_names_in_our_languages():
    assert guess_mapping(["Month", "Channel", "Metric", "Value", "Comment"]).columns == {
        "date": 0,
        "channel": 1,
        "metric": 2,
        "value": 3,
        "note": 4,
    }
    assert guess_mapping(["날짜", "단계", "값"]).columns == {"date": 0, "stage": 1, "value": 2}
    assert guess_mapping(["Дата", "Канал", "Значение"]).columns == {"date": 0, "channel": 1, "value": 2}


def test_a_file_with_bad_rows_is_refused_whole_naming_each_row_and_column(team, journey, touchpoint):
    csv = (
        b"date,touchpoint,value\n"
        b"2026-01-05,Promotional e-mail,4.5\n"
        b"2026-01-06,No such card,4.0\n"  # matches nothing: listed, not dropped
        b"someday,Promotional e-mail,4.1\n"
        b"2026-01-07,Promotional e-mail,9\n"  # outside CSAT's 1-5
    )
    csat = Metric.objects.get(workspace=team.workspace, name="CSAT")
    with pytest.raises(ImportInvalid) as invalid:
        validate(
            csv, journey=journey, mapping=Mapping(columns={"date": 0, "touchpoint": 1, "value": 2}, metric_id=csat.pk)
        )
    problems = {(p["row"], p["field"]): p["message"] for p in invalid.value.problems}
    assert set(problems) == {(3, "touchpoint"), (4, "date"), (5, "value")}
    assert "No such card" in problems[(3, "touchpoint")]
    assert "between 1 and 5" in problems[(5, "value")]
    assert not Reading.objects.exists()


def test_the_upload_the_mapping_step_and_the_import(team, journey, client_for, django_capture_on_commit_callbacks):
    client = client_for(team.editor)
    response = client.post(reverse("exports:import_readings", args=[journey.pk]), {"file": upload(ANALYTICS)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:import_columns", args=[job.pk])
    assert job.status == JobStatus.DRAFT

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert '<option value="0" selected>Month</option>' in html  # guessed
    assert "The first 5 rows, as they will be imported" in html
    assert "<td>1,200 USD</td>" in html and "<td>Channel: E-mail</td>" in html  # the rows as they will be read

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            reverse("exports:import_columns", args=[job.pk]),
            {
                "date": "0",
                "channel": "1",
                "metric": "2",
                "value": "3",
                "note": "4",
                "period_kind": "month",
                "import": "1",
            },
        )
    assert response.status_code == 302 and len(queued) == 1
    services.import_job_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert (job.status, job.created_count) == (JobStatus.SUCCEEDED, 5)
    report = {f.channel.name: f for f in channel_report(journey).ranked}
    assert report["E-mail"].cost == Decimal("2200.50") and report["E-mail"].revenue == Decimal(5500)
    assert Reading.objects.get(note="January").source == ReadingSource.CSV
    status = client.get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert "5 readings imported." in status
    feed = client.get(reverse("activity:map", args=[journey.pk])).content.decode()
    assert feed.count("imported 5 readings from “") == 1  # one entry for the file, none per row
    assert BoardActivity.objects.filter(journey=journey, target_type="reading").count() == 1


def test_importing_again_replaces_the_same_periods(team, journey, client_for):
    client = client_for(team.editor)
    for value in ("1 000", "1 500"):
        job = services.import_job_create_mapped(
            journey=journey,
            upload=upload(f"Month,Channel,Value\n2026-01,E-mail,{value}\n".encode()),
            created_by=team.editor,
        )
        cost = Metric.objects.get(workspace=team.workspace, name="Cost")
        services.import_job_map_columns(
            job=job, mapping=Mapping(columns={"date": 0, "channel": 1, "value": 2}, metric_id=cost.pk)
        )
        services.import_job_run(job_id=job.pk)
    reading = Reading.objects.get()
    assert (reading.value, reading.version) == (Decimal(1500), 2)
    assert client.get(reverse("metrics:map_channels", args=[journey.pk])).status_code == 200


def test_a_failed_import_lists_its_problems_in_the_page(team, journey, client_for):
    job = services.import_job_create_mapped(
        journey=journey, upload=upload(b"Month,Channel,Value\n2026-01,Nowhere,5\n"), created_by=team.editor
    )
    cost = Metric.objects.get(workspace=team.workspace, name="Cost")
    services.import_job_map_columns(
        job=job, mapping=Mapping(columns={"date": 0, "channel": 1, "value": 2}, metric_id=cost.pk)
    )
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.problems[0]["row"] == 2 and job.problems[0]["field"] == "Channel"
    html = client_for(team.viewer).get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert "nothing was imported" in html and "Nowhere" in html
    assert not Reading.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("outsider", 404)])
def test_only_editors_import_readings(team, journey, client_for, role, status):
    response = client_for(team.users[role]).post(
        reverse("exports:import_readings", args=[journey.pk]), {"file": upload(ANALYTICS)}
    )
    assert response.status_code == status
    assert not ImportJob.objects.exists()


def test_only_the_uploader_chooses_the_columns(team, journey, client_for):
    job = services.import_job_create_mapped(journey=journey, upload=upload(ANALYTICS), created_by=team.editor)
    assert client_for(team.owner).get(reverse("exports:import_columns", args=[job.pk])).status_code == 403
    assert client_for(team.outsider).get(reverse("exports:import_columns", args=[job.pk])).status_code == 404


def test_an_uploader_who_is_now_a_viewer_cannot_start_the_import(team, journey, client_for):
    from workspaces.models import Role
    from workspaces.services import membership_set

    job = services.import_job_create_mapped(journey=journey, upload=upload(ANALYTICS), created_by=team.editor)
    membership_set(workspace=team.workspace, user=team.editor, role=Role.VIEWER)
    data = {"date": "0", "channel": "1", "metric": "2", "value": "3", "period_kind": "month", "import": "1"}
    assert client_for(team.editor).post(reverse("exports:import_columns", args=[job.pk]), data).status_code == 403
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT


def test_an_unreadable_file_is_refused_at_upload(team, journey, client_for):
    client = client_for(team.editor)
    response = client.post(reverse("exports:import_readings", args=[journey.pk]), {"file": upload(b"\xff\xfe\x00bad")})
    assert response.status_code == 422 and "not UTF-8" in response.content.decode()
    wide = ",".join(f"c{i}" for i in range(100)).encode()
    response = client.post(reverse("exports:import_readings", args=[journey.pk]), {"file": upload(wide)})
    assert response.status_code == 422 and "more than 60 columns" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_mapping_form_needs_a_metric_and_distinct_columns(team, journey, client_for):
    job = services.import_job_create_mapped(journey=journey, upload=upload(ANALYTICS), created_by=team.editor)
    client = client_for(team.editor)
    response = client.post(
        reverse("exports:import_columns", args=[job.pk]),
        {"date": "0", "value": "0", "period_kind": "month", "import": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Choose the metric, or the column that names it." in html and "Each column can hold one thing only." in html
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT
