"""Imports: a JSON export makes an identical new map; a CSV adds touchpoints; a bad file is refused
whole with every problem listed, and nothing is written."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from exports import services
from exports.formats import FORMATS
from exports.models import ImportJob, JobStatus
from exports.selectors import map_document
from journeys.models import Journey
from personas.models import Persona
from touchpoints.models import Channel, Touchpoint

from .helpers import comparable

pytestmark = pytest.mark.django_db


def upload(data: bytes, name="map.json"):
    return SimpleUploadedFile(name, data)


def import_map(workspace, user, data: bytes) -> ImportJob:
    job = services.import_job_create_map(workspace=workspace, upload=upload(data), created_by=user)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def import_csv(journey, user, text: str) -> ImportJob:
    job = services.import_job_create_touchpoints(
        journey=journey, upload=upload(text.encode("utf-8"), "touchpoints.csv"), created_by=user
    )
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_json_export_imported_in_the_same_workspace_gives_an_identical_map(rich_map, team):
    original = map_document(rich_map.pk)
    personas_before = Persona.objects.count()

    job = import_map(team.workspace, team.editor, FORMATS["json"].render(original))

    assert job.status == JobStatus.SUCCEEDED, job.problems
    assert job.progress == 100
    assert job.created_count == 5
    assert job.journey_id != rich_map.pk
    assert comparable(map_document(job.journey_id)) == comparable(original)
    assert Persona.objects.count() == personas_before  # matched by name, not duplicated
    assert job.journey.created_by == team.editor


def test_json_export_imported_in_another_workspace_brings_its_personas_and_channels(rich_map, team):
    original = map_document(rich_map.pk)
    job = import_map(team.other_workspace, team.outsider, FORMATS["json"].render(original))
    assert job.status == JobStatus.SUCCEEDED, job.problems
    copy = map_document(job.journey_id)
    # Owners are kept only when they are members of the new workspace.
    for stage in original["stages"]:
        for card in stage["touchpoints"]:
            card["owner"] = None
    assert comparable(copy) == comparable(original)
    assert Channel.objects.filter(workspace=team.other_workspace, name="카카오톡").exists()
    assert Persona.objects.filter(workspace=team.other_workspace, name="박지우").count() == 1


def test_running_an_import_twice_creates_one_map(rich_map, team):
    data = FORMATS["json"].render(map_document(rich_map.pk))
    job = services.import_job_create_map(workspace=team.workspace, upload=upload(data), created_by=team.owner)
    services.import_job_run(job_id=job.pk)
    # The message delivered again (a worker lost before acknowledging it): the map and the job's
    # success were committed together, so the second run finds the job done.
    assert services.import_job_run(job_id=job.pk) is None
    assert Journey.objects.filter(title=rich_map.title).count() == 2  # the original and one copy


def test_invalid_json_import_lists_every_problem_and_imports_nothing(rich_map, team):
    document = map_document(rich_map.pk)
    document["journey"]["title"] = ""
    document["personas"][0]["color"] = "pink"
    document["stages"][1]["name"] = "x" * 121
    document["stages"][0]["touchpoints"][0]["channel"] = ""
    document["stages"][0]["touchpoints"][1]["emotion"] = 7
    document["stages"][1]["touchpoints"][0]["personas"] = ["persona-nobody"]
    document["stages"][2]["touchpoints"].append({"channel": "Nowy kanał"})
    counts = (Journey.objects.count(), Touchpoint.objects.count(), Persona.objects.count(), Channel.objects.count())

    job = import_map(team.workspace, team.owner, json.dumps(document).encode())

    assert job.status == JobStatus.FAILED
    assert "nothing was imported" in job.error
    found = {(problem["row"], problem["field"]) for problem in job.problems}
    assert found == {
        ("journey", "title"),
        ("personas[0]", "color"),
        ("stages[1]", "name"),
        ("stages[0].touchpoints[0]", "channel"),
        ("stages[0].touchpoints[1]", "emotion"),
        ("stages[1].touchpoints[0]", "personas"),
        ("stages[2].touchpoints[1]", "title"),
    }
    assert all(problem["message"] for problem in job.problems)
    assert (
        Journey.objects.count(),
        Touchpoint.objects.count(),
        Persona.objects.count(),
        Channel.objects.count(),
    ) == counts


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"{not json", "file"),
        (b"\xff\xfe\x00", "file"),
        (b"[1, 2]", "file"),
        (json.dumps({"format": "something-else", "format_version": 1}).encode(), "format"),
        (json.dumps({"format": "journeyboard.map", "format_version": 99}).encode(), "format_version"),
    ],
    ids=["not-json", "not-utf8", "not-an-object", "other-format", "newer-version"],
)
def test_files_that_are_not_map_exports_are_refused(team, data, field):
    job = import_map(team.workspace, team.owner, data)
    assert job.status == JobStatus.FAILED
    assert [problem["field"] for problem in job.problems] == [field]
    assert not Journey.objects.exists()


def test_csv_export_imported_into_a_map_appends_its_touchpoints(rich_map, team):
    before = {stage.name: [tp.title for tp in stage.touchpoints.all()] for stage in rich_map.stages.all()}
    data = FORMATS["csv"].render(map_document(rich_map.pk)).decode("utf-8-sig")

    job = import_csv(rich_map, team.editor, data)

    assert job.status == JobStatus.SUCCEEDED, job.problems
    assert job.created_count == 5
    for stage in rich_map.stages.all():
        cards = list(stage.touchpoints.all())
        assert [card.title for card in cards] == before[stage.name] * 2
        assert [card.position for card in cards] == list(range(len(cards)))
    copy = Touchpoint.objects.filter(stage__journey=rich_map, title="Консультация в магазине").order_by("id").last()
    assert set(copy.personas.values_list("name", flat=True)) == {"Анна Смирнова", "Zofia Wójcik"}
    assert copy.emotion == 2
    assert Touchpoint.objects.filter(stage__journey=rich_map, title="=1+2 formula-looking title").count() == 2
    assert (
        Touchpoint.objects.filter(stage__journey=rich_map, title="Newsletter z rabatem", owner=team.editor).count() == 2
    )


def test_invalid_csv_lists_every_problem_by_row_and_field_and_imports_nothing(rich_map, team):
    text = (
        "stage,title,channel,personas,emotion,owner\n"
        "Awareness,Baner na stronie,Nowy kanał,,1,\n"  # valid, but must not be written either
        "Nieznany etap,Tytuł,Store,,0,\n"
        "Purchase,,Store,,0,\n"
        "Purchase,Płatność,Store,Ktoś Obcy,0,\n"
        "Purchase,Оплата,Store,,7,\n"
        "Loyalty,결제,Store,,0,oscar\n"
        "Loyalty,Za mało kolumn\n"
    )
    counts = (Touchpoint.objects.count(), Channel.objects.count())

    job = import_csv(rich_map, team.editor, text)

    assert job.status == JobStatus.FAILED
    assert [(problem["row"], problem["field"]) for problem in job.problems] == [
        (3, "stage"),
        (4, "title"),
        (5, "personas"),
        (6, "emotion"),
        (7, "owner"),
        (8, ""),
    ]
    assert (Touchpoint.objects.count(), Channel.objects.count()) == counts


def test_csv_with_unknown_and_missing_columns_is_refused(rich_map, team):
    job = import_csv(rich_map, team.editor, "stage,name,colour\nAwareness,x,y\n")
    assert job.status == JobStatus.FAILED
    assert {(problem["row"], problem["field"]) for problem in job.problems} == {
        (1, "name"),
        (1, "colour"),
        (1, "title"),
        (1, "channel"),
    }


def test_json_with_a_strategies_section_still_imports(rich_map, team):
    document = map_document(rich_map.pk)
    document["strategies"] = [{"title": "Odpowiadać w ciągu godziny", "status": "active", "stage": 0, "revisions": []}]
    job = import_map(team.workspace, team.owner, json.dumps(document).encode())
    assert job.status == JobStatus.SUCCEEDED, job.problems
    assert comparable(map_document(job.journey_id)) == comparable(map_document(rich_map.pk))
