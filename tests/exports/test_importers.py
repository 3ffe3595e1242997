"""Imports: a JSON export makes an identical new map; a CSV adds touchpoints; a bad file is refused
whole with every problem listed, and nothing is written."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from channels.models import Channel
from exports import services
from exports.formats import FORMATS
from exports.models import ImportJob, JobStatus
from exports.selectors import FORMAT_VERSION, map_document
from journeys.models import Journey, Lane, LaneCell
from journeys.stage_templates import BLUEPRINT_LANES, STANDARD_LANES
from personas.models import Persona
from strategies.models import ImmutableRevision, Strategy, StrategyRevision
from strategies.services import strategy_restore, strategy_update
from touchpoints.models import Touchpoint
from workspaces.models import Membership

from .helpers import comparable, without_export_ids

pytestmark = pytest.mark.django_db


def imported(document: dict) -> dict:
    """The document as its import into the workspace it came from writes it: a map of that title is
    there already, so the new one is "… (imported)"."""
    document = json.loads(json.dumps(document, default=str))
    document["journey"]["title"] += " (imported)"
    return document


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
    assert comparable(map_document(job.journey_id)) == comparable(imported(original))
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
    assert Journey.objects.filter(title=rich_map.title).count() == 1  # the original
    assert Journey.objects.filter(title=f"{rich_map.title} (imported)").count() == 1  # and one copy


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
        (json.dumps({"format": "journeyboard.map", "format_version": 4}).encode(), "format_version"),
        (json.dumps({"format": "journeyboard.map", "format_version": 99}).encode(), "format_version"),
    ],
    ids=["not-json", "not-utf8", "not-an-object", "other-format", "next-version", "newer-version"],
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
        "Awareness,Baner na stronie,Nowy kanał,,1,\n"  # a channel the workspace has not (not created)
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
        (2, "channel"),
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


def test_a_strategy_written_by_hand_without_revisions_gets_one_by_the_importer(rich_map, team):
    document = map_document(rich_map.pk)
    document["strategies"] = [{"title": "Odpowiadać w ciągu godziny", "status": "active", "stage": 0}]
    job = import_map(team.workspace, team.editor, json.dumps(document).encode())
    assert job.status == JobStatus.SUCCEEDED, job.problems
    strategy = Strategy.objects.get(journey=job.journey)
    assert (strategy.title, strategy.status, strategy.stage.name, strategy.version) == (
        "Odpowiadać w ciągu godziny",
        "active",
        "Awareness",
        1,
    )
    [revision] = strategy.revisions.all()
    assert (revision.number, revision.kind, revision.author) == (1, "created", team.editor)


# --- Strategies and their history --------------------------------------------------------------


def test_export_import_export_of_a_map_with_strategies_and_lanes_gives_the_same_document(
    strategic_map, laned_map, team
):
    original = map_document(strategic_map.pk)
    assert original["lanes"][0]["cells"]  # the lanes are part of it

    job = import_map(team.workspace, team.editor, FORMATS["json"].render(original))

    assert job.status == JobStatus.SUCCEEDED, job.problems
    assert without_export_ids(map_document(job.journey_id)) == without_export_ids(imported(original))


def test_imported_history_keeps_numbers_kinds_authors_and_times(strategic_map, team):
    job = import_map(team.workspace, team.editor, FORMATS["json"].render(map_document(strategic_map.pk)))
    assert job.status == JobStatus.SUCCEEDED, job.problems

    def history(journey):
        return [
            (
                r.strategy.title,
                r.number,
                r.kind,
                r.title,
                r.body,
                r.status,
                r.change_note,
                r.restored_from,
                r.author_id,
                r.author_name,
                r.created_at,
            )
            for r in StrategyRevision.objects.filter(journey=journey).select_related("strategy").order_by("id")
        ]

    assert history(job.journey) == history(strategic_map)
    copy = Strategy.objects.get(journey=job.journey, title="Odpowiadać w ciągu godziny")
    original = Strategy.objects.get(journey=strategic_map, title="Odpowiadać w ciągu godziny")
    assert (copy.version, copy.stage.name, copy.owner, copy.last_reviewed_on) == (
        4,
        "Awareness",
        team.editor,
        original.last_reviewed_on,
    )
    assert copy.created_at == original.revisions.get(number=1).created_at
    # What the guide shows last changed with the restore: readers of the copy see it as of then.
    assert copy.guide_changed_at == copy.revisions.get(number=4).created_at
    card = Strategy.objects.get(journey=job.journey, title="매장 직원 교육")
    assert card.touchpoint.stage.journey_id == job.journey_id
    assert card.touchpoint.title == "Консультация в магазине"
    assert card.persona.name == "Анна Смирнова"


def test_an_imported_history_goes_on_like_any_other_and_stays_immutable(strategic_map, team):
    job = import_map(team.workspace, team.editor, FORMATS["json"].render(map_document(strategic_map.pk)))
    copy = Strategy.objects.get(journey=job.journey, title="Odpowiadać w ciągu godziny")

    strategy_update(strategy=copy, author=team.owner, change_note="Po imporcie", body="Nowa treść")
    strategy_restore(strategy=copy, number=2, author=team.owner)

    assert list(copy.revisions.order_by("number").values_list("number", "kind")) == [
        (1, "created"),
        (2, "edited"),
        (3, "edited"),
        (4, "restored"),
        (5, "edited"),
        (6, "restored"),
    ]
    first = copy.revisions.get(number=1)
    first.title = "Zmieniona historia"
    with pytest.raises(ImmutableRevision):
        first.save()


def test_authors_who_are_not_members_are_kept_by_name(strategic_map, team):
    Membership.objects.get(user__username="tomasz").delete()  # left the team; his revision stays his
    original = map_document(strategic_map.pk)

    job = import_map(team.workspace, team.editor, FORMATS["json"].render(original))

    assert job.status == JobStatus.SUCCEEDED, job.problems
    revision = StrategyRevision.objects.get(journey=job.journey, author_name="Tomasz Nowak")
    assert (revision.number, revision.author, revision.who) == (2, None, "Tomasz Nowak")
    copy = without_export_ids(map_document(job.journey_id))
    expected = without_export_ids(imported(original))
    expected["strategies"][1]["revisions"][1]["author"] = None
    assert copy == expected


def test_strategies_imported_in_another_workspace_keep_their_history_without_its_people(strategic_map, team):
    original = map_document(strategic_map.pk)

    job = import_map(team.other_workspace, team.outsider, FORMATS["json"].render(original))

    assert job.status == JobStatus.SUCCEEDED, job.problems
    copy = map_document(job.journey_id)
    for stage in original["stages"]:
        for card in stage["touchpoints"]:
            card["owner"] = None
    for strategy in original["strategies"]:
        strategy["owner"] = None
        for revision in strategy["revisions"]:
            revision["author"] = None
    assert comparable(copy) == comparable(original)
    names = set(StrategyRevision.objects.filter(journey=job.journey).values_list("author_name", flat=True))
    assert names == {"Olivia", "Eddie", "Tomasz Nowak"}
    persona = Strategy.objects.get(journey=job.journey, title="매장 직원 교육").persona
    assert persona.workspace == team.other_workspace


def test_invalid_strategies_are_listed_and_nothing_is_imported(strategic_map, team):
    document = map_document(strategic_map.pk)
    voice, answer, card, retired, draft = document["strategies"]
    voice["stage"] = 6  # there are 6 stages: 0..5
    answer["revisions"][3]["restored_from"] = 4  # not an earlier revision
    answer["revisions"][2]["created_at"] = "yesterday"
    card["persona"] = "persona-nobody"
    card["touchpoint"] = 5  # the stage has one card
    retired["revisions"][1]["number"] = 7
    retired["revisions"][0]["kind"] = "deleted"
    draft["status"] = "active"  # its last revision is a draft
    document["strategies"].append({"title": "", "status": "done", "touchpoint": 0})
    counts = (Journey.objects.count(), Strategy.objects.count(), StrategyRevision.objects.count())

    job = import_map(team.workspace, team.owner, json.dumps(document).encode())

    assert job.status == JobStatus.FAILED
    found = {(problem["row"], problem["field"]) for problem in job.problems}
    assert found == {
        ("strategies[0]", "stage"),
        ("strategies[1].revisions[3]", "restored_from"),
        ("strategies[1].revisions[2]", "created_at"),
        ("strategies[2]", "persona"),
        ("strategies[2]", "touchpoint"),
        ("strategies[3].revisions[1]", "number"),
        ("strategies[3].revisions[0]", "kind"),
        ("strategies[4]", "revisions"),
        ("strategies[5]", "title"),
        ("strategies[5]", "status"),
        ("strategies[5]", "touchpoint"),
    }
    assert (Journey.objects.count(), Strategy.objects.count(), StrategyRevision.objects.count()) == counts


# --- Lanes (format version 2) ------------------------------------------------------------------


def lane_rows(journey):
    return list(
        Lane.objects.filter(journey=journey)
        .order_by("position")
        .values_list("position", "kind", "title", "rollup_field", "split_by", "source", "hidden")
    )


def test_imported_map_has_exactly_the_lanes_of_the_file_with_their_texts(laned_map, team):
    job = import_map(team.workspace, team.editor, FORMATS["json"].render(map_document(laned_map.pk)))

    assert job.status == JobStatus.SUCCEEDED, job.problems
    assert lane_rows(job.journey) == lane_rows(laned_map)  # not the template's lanes as well
    assert lane_rows(job.journey)[0] == (0, "text", "Zaplecze — 백오피스", "", "", "", True)
    cells = LaneCell.objects.filter(lane__journey=job.journey).select_related("lane", "stage")
    assert sorted((cell.lane.title, cell.stage.name, cell.body, cell.updated_by) for cell in cells) == [
        ("Customer actions", "Awareness", "Szuka opinii w sieci\n\n- 블로그 후기 읽기", team.editor),
        ("Customer actions", "재구매 단계", "Возвращается за **новой** покупкой", team.editor),
        ("Zaplecze — 백오피스", "Consideration", "Magazyn sprawdza stany", team.editor),
    ]


def test_a_file_with_an_empty_lane_list_makes_a_map_without_lanes(rich_map, team):
    document = map_document(rich_map.pk)
    document["lanes"] = []
    job = import_map(team.workspace, team.editor, json.dumps(document).encode())
    assert job.status == JobStatus.SUCCEEDED, job.problems
    assert lane_rows(job.journey) == []


@pytest.mark.parametrize(
    ("template", "lanes"),
    [("default", STANDARD_LANES), ("blueprint", BLUEPRINT_LANES), ("", STANDARD_LANES), ("retro", STANDARD_LANES)],
    ids=["default", "blueprint", "none", "unknown"],
)
def test_a_version_1_file_still_imports_and_its_map_gets_its_templates_lanes(rich_map, team, template, lanes):
    document = map_document(rich_map.pk)
    document["format_version"] = 1
    del document["lanes"]
    document["journey"]["template"] = template

    job = import_map(team.workspace, team.editor, json.dumps(document).encode())

    assert job.status == JobStatus.SUCCEEDED, job.problems
    expected = [(lane.kind, str(lane.title), lane.rollup_field, lane.split_by, lane.source, False) for lane in lanes]
    assert [row[1:] for row in lane_rows(job.journey)] == expected
    assert not LaneCell.objects.filter(lane__journey=job.journey).exists()
    assert comparable(map_document(job.journey_id))["stages"] == comparable(document)["stages"]


def test_invalid_lanes_are_listed_and_nothing_is_imported(laned_map, team):
    document = map_document(laned_map.pk)  # 6 stages: 0..5
    document["lanes"] = [
        {"kind": "swimlane"},
        {"kind": "text", "title": "  "},
        {"kind": "text", "title": "x" * 81},
        {"kind": "cards", "split_by": "emotion"},
        {"kind": "cards"},
        {"kind": "curve", "split_by": "channel"},
        {"kind": "rollup"},
        {"kind": "rollup", "rollup_field": "emotion"},
        {"kind": "rollup", "rollup_field": "does"},
        {"kind": "rollup", "rollup_field": "does"},
        {"kind": "text", "title": "Działania", "rollup_field": "does"},
        {"kind": "app", "source": "weather"},
        {"kind": "app", "source": "strategies"},
        {"kind": "app", "source": "strategies"},
        {"kind": "rollup", "rollup_field": "feels", "source": "strategies"},
        {"kind": "app"},
        {"kind": "rollup", "rollup_field": "thinks", "cells": [{"stage": 0, "body": "Myśli"}]},
        {
            "kind": "text",
            "title": "Действия — 행동",
            "hidden": "yes",
            "cells": [
                {"stage": 6, "body": "Poza mapą"},
                {"stage": 0, "body": "x" * 4001},
                {"stage": 0, "body": "Drugi raz"},
                {"stage": "1", "body": "Tekst"},
                "tekst",
            ],
        },
    ]
    counts = (Journey.objects.count(), Lane.objects.count(), LaneCell.objects.count())

    job = import_map(team.workspace, team.owner, json.dumps(document).encode())

    assert job.status == JobStatus.FAILED
    problems = {(problem["row"], problem["field"]): problem["message"] for problem in job.problems}
    assert set(problems) == {
        ("lanes[0]", "kind"),
        ("lanes[1]", "title"),
        ("lanes[2]", "title"),
        ("lanes[3]", "split_by"),
        ("lanes[4]", "kind"),
        ("lanes[5]", "split_by"),
        ("lanes[6]", "rollup_field"),
        ("lanes[7]", "rollup_field"),
        ("lanes[9]", "rollup_field"),
        ("lanes[10]", "rollup_field"),
        ("lanes[11]", "source"),
        ("lanes[13]", "source"),
        ("lanes[14]", "source"),
        ("lanes[15]", "source"),
        ("lanes[16]", "cells"),
        ("lanes[17]", "hidden"),
        ("lanes[17].cells[0]", "stage"),
        ("lanes[17].cells[1]", "body"),
        ("lanes[17].cells[2]", "stage"),
        ("lanes[17].cells[3]", "stage"),
        ("lanes[17].cells[4]", ""),
    }
    assert problems[("lanes[0]", "kind")] == (
        "Unknown kind of lane; expected one of “cards”, “text”, “rollup”, “curve”, “app”."
    )
    assert problems[("lanes[1]", "title")] == "Give the lane a name."
    assert problems[("lanes[4]", "kind")] == "A map has one touchpoints lane; the file has another one before this."
    assert problems[("lanes[11]", "source")] == (
        "No part of this app offers a lane called “weather”; expected one of “evidence”, “metrics”, “opportunities”, “strategies”."
    )
    assert problems[("lanes[16]", "cells")] == "Only text lanes have a text per stage."
    assert problems[("lanes[17].cells[0]", "stage")] == "Enter the index of a stage in “stages” (0 to 5)."
    assert problems[("lanes[17].cells[1]", "body")] == "Ensure this value has at most 4000 characters (it has 4001)."
    assert problems[("lanes[17].cells[2]", "stage")] == "This lane already has a text for this stage."
    assert (Journey.objects.count(), Lane.objects.count(), LaneCell.objects.count()) == counts


def test_a_file_with_more_lanes_than_a_map_may_have_is_refused(rich_map, team):
    document = map_document(rich_map.pk)
    document["lanes"] = [{"kind": "text", "title": f"Linia {number}"} for number in range(31)]

    job = import_map(team.workspace, team.owner, json.dumps(document).encode())

    assert job.status == JobStatus.FAILED
    assert [(p["row"], p["field"], p["message"]) for p in job.problems] == [
        ("", "lanes", "A map has at most 30 lanes; this file has 31.")
    ]
    assert Journey.objects.count() == 1


def test_a_file_with_more_stages_than_a_map_may_have_is_refused(rich_map, team):
    document = map_document(rich_map.pk)
    document["stages"] = [{"name": f"Etap {number}", "touchpoints": []} for number in range(41)]
    document.pop("lanes")
    document["strategies"] = []

    job = import_map(team.workspace, team.owner, json.dumps(document).encode())

    assert job.status == JobStatus.FAILED
    assert [(p["row"], p["field"], p["message"]) for p in job.problems] == [
        ("", "stages", "A map has at most 40 stages; this file has 41.")
    ]
    assert Journey.objects.count() == 1


def test_a_text_for_a_map_without_stages_is_refused(team):
    document = {
        "format": "journeyboard.map",
        "format_version": FORMAT_VERSION,
        "journey": {"title": "Пустая карта"},
        "stages": [],
        "lanes": [{"kind": "text", "title": "Działania", "cells": [{"stage": 0, "body": "Tekst"}]}],
    }
    job = import_map(team.workspace, team.owner, json.dumps(document).encode())
    assert job.status == JobStatus.FAILED
    assert [(p["row"], p["field"]) for p in job.problems] == [("lanes[0].cells[0]", "stage")]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("pl", "Mapa może mieć najwyżej 30 linii; ten plik ma 31."),
        ("ru", "На карте может быть не больше 30 дорожек; в этом файле их 31."),
        ("ko", "지도에는 레인을 최대 30개까지 둘 수 있습니다. 이 파일에는 31개가 있습니다."),
    ],
)
def test_lane_problems_are_reported_in_the_importers_language(rich_map, team, language, message):
    document = map_document(rich_map.pk)
    document["lanes"] = [{"kind": "text", "title": f"Linia {number}"} for number in range(31)]
    with translation.override(language):
        job = import_map(team.workspace, team.owner, json.dumps(document).encode())
    assert [p["message"] for p in job.problems] == [message]


def test_the_documented_example_is_a_file_that_imports(team):
    docs = (Path(settings.BASE_DIR) / "docs" / "export-format.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", docs, re.DOTALL).group(1)

    job = import_map(team.workspace, team.editor, example.encode())

    assert job.status == JobStatus.SUCCEEDED, job.problems
    document = map_document(job.journey_id)
    assert document["format_version"] == FORMAT_VERSION == json.loads(example)["format_version"]
    assert document["lanes"] == json.loads(example)["lanes"]
