"""OpenJourney (.ojf) import and export (issue 13, item 1): a Ptolemy file becomes a new map and its
report accounts for every node; an export is a valid .ojf (checked against a JSON Schema written from
the specification) holding the whole map; export then import gives the same map; a bad file is refused
with its reason and nothing written.

The sample files under openjourney/ are our own, shaped like the ones Ptolemy writes: one with the
version at the root, one with it in `metadata`."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from channels.models import Channel
from exports import services
from exports.formats import FORMATS
from exports.formats.openjourney_format import EXTENSION, emotion_to_score, score_to_emotion
from exports.importers import openjourney
from exports.models import ExportFormat, ImportJob, JobStatus, NodeOutcome
from exports.selectors import map_document
from journeys.models import Journey, LaneKind, RollupField, Stage
from journeys.services import lane_delete
from personas.models import Persona
from touchpoints.models import Touchpoint

from .helpers import comparable

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "openjourney"
SCHEMA = jsonschema.Draft202012Validator(json.loads((SAMPLES / "ojf.schema.json").read_text()))


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def import_ojf(workspace, user, data: bytes) -> ImportJob:
    job = services.import_job_create_map(
        workspace=workspace, upload=SimpleUploadedFile("map.ojf", data), created_by=user, format="ojf"
    )
    services.import_job_run(job_id=job.pk)
    return ImportJob.objects.select_related("journey").get(pk=job.pk)


def export_ojf(journey) -> dict:
    return json.loads(FORMATS[ExportFormat.OJF].render(map_document(journey.pk)))


def lanes_of(journey) -> list[tuple]:
    return [(lane.kind, lane.title, lane.rollup_field, lane.hidden) for lane in journey.lanes.order_by("position")]


def cells_of(journey) -> dict[str, dict[str, str]]:
    return {
        lane.title: {cell.stage.name: cell.body for cell in lane.cells.select_related("stage")}
        for lane in journey.lanes.filter(kind=LaneKind.TEXT)
    }


def cards_of(journey) -> dict[str, list[Touchpoint]]:
    return {
        stage.name: list(stage.touchpoints.select_related("channel").order_by("position"))
        for stage in journey.stages.order_by("position")
    }


# --- Import -------------------------------------------------------------------------------------


def test_a_ptolemy_file_becomes_a_new_map_of_its_stages_swimlanes_and_nodes(team):
    job = import_ojf(team.workspace, team.editor, sample("bike-repair.ojf"))
    assert job.status == JobStatus.SUCCEEDED, job.problems
    journey = job.journey
    assert journey.title == "Bike repair — naprawa roweru — 자전거 수리"
    assert journey.description == "Getting a slipping chain fixed before Monday"
    assert [persona.name for persona in journey.personas.all()] == ["Marta, daily commuter"]
    assert job.created_count == 9

    # The emotion curve (the nodes have scores), the touchpoints lane named after the swimlane with the
    # most touchpoints, the swimlanes of pain points and of opportunities as roll-ups, the notes' swimlane
    # as a text lane, and a text lane per part of the service blueprint. "Emotional state" held only
    # nodes that became cards: it has no lane of its own.
    assert lanes_of(journey) == [
        (LaneKind.CURVE, "", "", False),
        (LaneKind.CARDS, "Customer actions", "", False),
        (LaneKind.ROLLUP, "Pain points", RollupField.PAIN_POINTS, False),
        (LaneKind.ROLLUP, "Ideas", RollupField.OPPORTUNITIES, False),
        (LaneKind.TEXT, "Team notes", "", False),
        (LaneKind.TEXT, "Physical evidence", "", False),
        (LaneKind.TEXT, "Backstage actions", "", False),
        (LaneKind.TEXT, "Support processes", "", False),
    ]
    assert cells_of(journey) == {
        "Team notes": {
            "Drop off": "**Cassette wear**: Most bikes also need a new cassette.",
            "Pick up": "Riders try the gears in the street first.",
        },
        "Physical evidence": {"Book a repair": "- Booking page (Digital) — Book online"},
        "Backstage actions": {"Book a repair": "- Workshop lead: Plans the week's repairs — Book online"},
        "Support processes": {"Book a repair": "- Calendar: Holds the free slots — Book online"},
    }

    cards = cards_of(journey)
    assert {stage: [card.title for card in stage_cards] for stage, stage_cards in cards.items()} == {
        "Notice the problem": ["Chain slips on a hill"],
        "Book a repair": ["Book online", "No slot this week", "Reads reviews"],
        "Drop off": ["Queue at the counter", "Text when the bike is ready"],
        "Pick up": ["Riding again", "Decides to come back", "Pays at the counter"],
    }
    chain = cards["Notice the problem"][0]
    # A tag naming a channel of the workspace (in any case) is the card's channel; the sentiment is
    # what the customer feels; severity and tags are kept after the description.
    assert (chain.channel.name, chain.emotion, chain.feels) == ("Mobile app", -1, "worried")
    assert chain.does == "Marta feels the chain jump on the way to work.\n\nSeverity: medium · Tags: mobile app"
    booking = cards["Book a repair"][0]
    assert booking.channel.name == "Website" and booking.emotion == 1
    assert booking.does.endswith("Moment of truth · Severity: high · Tags: Website, Booking")
    no_slot = cards["Book a repair"][1]  # a pain point: its description is the card's pain points
    assert (no_slot.does, no_slot.emotion, no_slot.channel.name) == ("", -2, "Not specified")
    assert no_slot.pain_points == "The earliest free slot is in nine days.\n\nSeverity: medium"
    queue = cards["Drop off"][0]  # a pain point without a description: its title is the pain point
    assert (queue.pain_points, queue.emotion) == ("Queue at the counter", 0)
    assert cards["Drop off"][1].opportunities == "A text message saves a phone call."
    assert (cards["Pick up"][0].emotion, cards["Pick up"][0].feels) == (2, "delighted")
    assert cards["Pick up"][2].channel.name == "Store"
    # A card no tag gives a channel goes in one channel, made for them and named in the report.
    assert Channel.objects.filter(workspace=team.workspace, name="Not specified").count() == 1


def test_the_report_accounts_for_every_node_of_the_file(team):
    data = sample("bike-repair.ojf")
    job = import_ojf(team.workspace, team.editor, data)
    ids = [node["id"] for node in json.loads(data)["nodes"]]
    assert [entry["node"] for entry in job.report["nodes"]] == ids
    outcomes = {entry["node"]: entry["outcome"] for entry in job.report["nodes"]}
    assert outcomes == {
        **dict.fromkeys(["n1", "n2", "n3", "n4", "n5", "n8", "n9", "n10", "n12"], NodeOutcome.CARD),
        "n6": NodeOutcome.MERGED,
        "n7": NodeOutcome.MERGED,
        "n11": NodeOutcome.SKIPPED,
    }
    assert sum(outcome == NodeOutcome.CARD for outcome in outcomes.values()) == job.created_count
    details = {entry["node"]: entry["detail"] for entry in job.report["nodes"]}
    assert details["n2"] == (
        "Card in the stage “Book a repair”. Kept in that text: Moment of truth · Severity: high · Tags: Website, "
        "Booking. Its channel, “Website”, is one of its tags. Its blueprint is in the lanes “Physical evidence”, "
        "“Backstage actions”, “Support processes”."
    )
    assert details["n6"] == "Merged into the text of the lane “Team notes” in the stage “Drop off”."
    assert details["n11"] == "Skipped: it has neither a title nor a description."
    assert job.report["notes"] == [
        "An emotion curve was added: it follows the nodes' scores, as the cards' emotion.",
        "The swimlane “Emotional state” has no lane of its own: its nodes are cards, in the touchpoints lane.",
        "The text lane “Physical evidence” was added for the nodes' service blueprints.",
        "The text lane “Backstage actions” was added for the nodes' service blueprints.",
        "The text lane “Support processes” was added for the nodes' service blueprints.",
        "6 cards name no channel of the workspace in their tags: they are in the channel “Not specified”.",
        "Not kept, as Journey board has no place for them: the icon of 1 node; the icon colour of 1 node; "
        "the emotion set by hand on 1 stage.",
    ]


def test_the_report_is_written_in_the_language_of_the_person_who_imported(team):
    job = services.import_job_create_map(
        workspace=team.workspace,
        upload=SimpleUploadedFile("map.ojf", sample("bike-repair.ojf")),
        created_by=team.editor,
        format="ojf",
        language="pl",
    )
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    skipped = next(entry for entry in job.report["nodes"] if entry["node"] == "n11")
    assert skipped["detail"] != "Skipped: it has neither a title nor a description."
    assert "Physical evidence" not in [lane.title for lane in job.journey.lanes.all()]


def test_a_file_with_its_version_in_metadata_imports_too(team):
    job = import_ojf(team.workspace, team.editor, sample("festival-entry.ojf"))
    assert job.status == JobStatus.SUCCEEDED, job.problems
    journey = job.journey
    assert (journey.title, journey.description) == (
        "Festival entry",
        "Getting in through the gates on the first evening",
    )
    assert [persona.name for persona in journey.personas.all()] == ["First-time visitor"]
    [card] = Touchpoint.objects.filter(stage__journey=journey)
    assert (card.title, card.emotion, card.does) == ("Ticket scanned", 2, "The wristband is scanned at the gate.")


@pytest.mark.parametrize(
    ("score", "emotion"),
    [
        (-5, -2),
        (-4, -2),
        (-3, -1),
        (-2, -1),
        (-1, 0),
        (0, 0),
        (1, 0),
        (2, 1),
        (3, 1),
        (4, 2),
        (5, 2),
        (1.25, 1),
        (None, 0),
    ],
)
def test_scores_from_minus_five_to_five_become_emotions_from_minus_two_to_two(score, emotion):
    assert score_to_emotion(score) == emotion


@pytest.mark.parametrize("emotion", [-2, -1, 0, 1, 2])
def test_an_emotion_written_as_a_score_reads_back_the_same(emotion):
    assert -5 <= emotion_to_score(emotion) <= 5
    assert score_to_emotion(emotion_to_score(emotion)) == emotion


def test_an_imported_map_whose_title_is_taken_is_marked(team, rich_map):
    data = json.loads(sample("festival-entry.ojf"))
    data["metadata"]["title"] = rich_map.title
    job = import_ojf(team.workspace, team.editor, json.dumps(data).encode())
    assert job.journey.title == f"{rich_map.title} (imported)"


# --- Export -------------------------------------------------------------------------------------


def test_an_export_is_a_valid_ojf_file_holding_the_whole_map(laned_map):
    ojf = export_ojf(laned_map)
    SCHEMA.validate(ojf)
    stage_ids = [stage["id"] for stage in ojf["stages"]]
    swimlane_ids = [swimlane["id"] for swimlane in ojf["swimlanes"]]
    node_ids = [node["id"] for node in ojf["nodes"]]
    for ids in (stage_ids, swimlane_ids, node_ids):
        assert len(set(ids)) == len(ids)
    assert all(node["stageId"] in stage_ids and node["swimlaneId"] in swimlane_ids for node in ojf["nodes"])

    assert ojf["title"] == laned_map.title and ojf["pointOfView"] == laned_map.description
    assert ojf["persona"] == "Zofia Wójcik, Анна Смирнова, 박지우"
    assert [stage["name"] for stage in ojf["stages"]] == [stage.name for stage in laned_map.stages.all()]
    assert [(swimlane["name"], swimlane[EXTENSION]["kind"]) for swimlane in ojf["swimlanes"]] == [
        ("Zaplecze — 백오피스", "text"),
        ("Customer actions", "text"),
        ("Touchpoints", "cards"),
        ("Pain points", "rollup"),
        ("Strategies", "app"),
        ("Emotion curve", "curve"),
    ]
    assert ojf["swimlanes"][0][EXTENSION]["hidden"] is True

    by_title = {node["title"]: node for node in ojf["nodes"] if node["purpose"] == "touchpoint"}
    assert len(by_title) == Touchpoint.objects.filter(stage__journey=laned_map).count()
    newsletter = by_title["Newsletter z rabatem"]
    assert newsletter["swimlaneId"] == "l3" and newsletter["stageId"] == "s1"
    assert (newsletter["description"], newsletter["score"], newsletter["severity"]) == ("Otwiera wiadomość", 0, "low")
    assert newsletter["tags"] == ["E-mail", "Zofia Wójcik"]
    assert newsletter[EXTENSION]["card"]["feels"] == "Zaciekawiona"
    scores = {title: node["score"] for title, node in by_title.items()}
    assert scores == {
        "카카오톡 광고 메시지": 3,
        "Newsletter z rabatem": 0,
        "Консультация в магазине": 5,
        "=1+2 formula-looking title": -5,
        "Zwrot towaru — 반품": -3,
    }
    assert by_title["=1+2 formula-looking title"]["severity"] == "high"
    # What the pain points lane gathers is there for Ptolemy, as a pain point of the card's stage.
    [pain] = [node for node in ojf["nodes"] if node["purpose"] == "pain-point"]
    assert (pain["title"], pain["description"], pain["stageId"], pain["swimlaneId"]) == (
        "Newsletter z rabatem",
        "Za dużo wiadomości",
        "s1",
        "l4",
    )
    # The texts of the text lanes, one node per stage.
    notes = {(node["swimlaneId"], node["stageId"]): node for node in ojf["nodes"] if node["purpose"] == "note"}
    assert notes[("l2", "s1")]["description"] == "Szuka opinii w sieci\n\n- 블로그 후기 읽기"
    assert notes[("l2", "s1")]["title"] == "Szuka opinii w sieci"
    assert notes[("l1", "s2")]["description"] == "Magazyn sprawdza stany"


def test_an_export_in_polish_names_the_lanes_in_polish(laned_map, team):
    job = services.export_job_create(journey=laned_map, format="ojf", created_by=team.owner, language="pl")
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.filename.endswith(".ojf")
    with job.file.open("rb") as handle:
        ojf = json.loads(handle.read())
    SCHEMA.validate(ojf)
    assert "Touchpoints" not in [swimlane["name"] for swimlane in ojf["swimlanes"]]


def test_an_empty_map_exports_a_valid_file(team):
    from journeys.services import journey_create

    journey = journey_create(workspace=team.workspace, title="Pusta", template="blank", created_by=team.owner)
    ojf = export_ojf(journey)
    SCHEMA.validate(ojf)
    assert ojf["stages"] == [] and ojf["nodes"] == []


# --- Round trip ----------------------------------------------------------------------------------


def same_map(document: dict) -> dict:
    """What an OpenJourney file carries of a map: its stages with their cards, its lanes, its personas."""
    shape = comparable(document)
    return {"stages": shape["stages"], "lanes": shape["lanes"], "personas": [p["name"] for p in shape["personas"]]}


@pytest.mark.parametrize("fixture", ["rich_map", "laned_map"])
def test_export_then_import_gives_the_same_stages_lanes_cards_and_scores(request, team, fixture):
    journey = request.getfixturevalue(fixture)
    original = map_document(journey.pk)
    job = import_ojf(team.workspace, team.editor, FORMATS[ExportFormat.OJF].render(original))
    assert job.status == JobStatus.SUCCEEDED, job.problems
    copy = map_document(job.journey.pk)
    assert same_map(copy) == same_map(original)
    assert copy["journey"]["title"] == f"{journey.title} (imported)"
    assert copy["journey"]["description"] == journey.description
    # Every node is accounted for: the cards, the texts, and the pain points the cards hold already.
    outcomes = [entry["outcome"] for entry in job.report["nodes"]]
    assert outcomes.count(NodeOutcome.CARD) == job.created_count == 5
    assert len(outcomes) == len(json.loads(FORMATS[ExportFormat.OJF].render(original))["nodes"])
    assert job.report["notes"] == []


def test_export_then_import_in_another_workspace_brings_its_channels_and_personas(team, rich_map):
    job = import_ojf(team.other_workspace, team.outsider, FORMATS[ExportFormat.OJF].render(map_document(rich_map.pk)))
    assert job.status == JobStatus.SUCCEEDED, job.problems
    original = same_map(map_document(rich_map.pk))
    for stage in original["stages"]:
        for card in stage["touchpoints"]:
            card["owner"] = None  # (an owner is kept only when a member of the workspace)
    assert same_map(map_document(job.journey.pk)) == original
    assert Channel.objects.filter(workspace=team.other_workspace, name="카카오톡").exists()
    assert Persona.objects.filter(workspace=team.other_workspace, name="박지우").exists()


def test_a_map_without_its_touchpoints_lane_keeps_its_cards_through_a_round_trip(team, rich_map):
    lane_delete(lane=rich_map.lanes.get(kind=LaneKind.CARDS))
    ojf = export_ojf(rich_map)
    SCHEMA.validate(ojf)
    job = import_ojf(team.workspace, team.editor, json.dumps(ojf).encode())
    assert same_map(map_document(job.journey.pk)) == same_map(map_document(rich_map.pk))
    assert not job.journey.lanes.filter(kind=LaneKind.CARDS).exists()


def test_a_node_added_in_ptolemy_to_an_exported_file_comes_in_as_a_card(team, rich_map):
    ojf = export_ojf(rich_map)
    cards_lane = next(s["id"] for s in ojf["swimlanes"] if s[EXTENSION]["kind"] == "cards")
    ojf["nodes"].append(
        {
            "id": "n-new",
            "stageId": "s2",
            "swimlaneId": cards_lane,
            "title": "Nowy punkt",
            "description": "",
            "score": -5,
        }
    )
    job = import_ojf(team.workspace, team.editor, json.dumps(ojf).encode())
    assert job.status == JobStatus.SUCCEEDED, job.problems
    card = Touchpoint.objects.get(stage__journey=job.journey, title="Nowy punkt")
    assert (card.stage.name, card.emotion) == ("Consideration", -2)
    assert job.report["nodes"][-1]["outcome"] == NodeOutcome.CARD


# --- Bad files ------------------------------------------------------------------------------------


def ojf_with(**changes) -> bytes:
    data = json.loads(sample("bike-repair.ojf"))
    for key, value in changes.items():
        data[key] = value
    return json.dumps(data).encode()


def node_with(index: int, **changes) -> bytes:
    data = json.loads(sample("bike-repair.ojf"))
    data["nodes"][index].update(changes)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("data", "row", "field", "message"),
    [
        (b"{not json", "line 1", "file", "This is not valid JSON"),
        (b"[1, 2]", "", "file", "Expected a JSON object (an OpenJourney file)."),
        (b"\xff\xfe", "", "file", "The file is not UTF-8 text."),
        (b"[" * 100_000 + b"]" * 100_000, "", "file", "The file nests its data too deeply to be read."),
        (ojf_with(version=None), "", "version", "The file names no OpenJourney version (“version”)"),
        (ojf_with(version="2.0"), "", "version", "This file is OpenJourney version “2.0”; this app reads version 1"),
        (ojf_with(version=True), "", "version", "This file is OpenJourney version “?”"),
        (ojf_with(stages="s1"), "", "stages", "Expected a list."),
        (
            node_with(2, stageId="s9"),
            "nodes[2] (n3)",
            "stageId",
            "No stage of the file has the id “s9”.",
        ),
        (
            node_with(0, swimlaneId="lost"),
            "nodes[0] (n1)",
            "swimlaneId",
            "No swimlane of the file has the id “lost”.",
        ),
        (node_with(1, score=9), "nodes[1] (n2)", "score", "Enter a number from -5 to 5, or leave the score out."),
        (node_with(1, score="3"), "nodes[1] (n2)", "score", "Enter a number from -5 to 5"),
        (node_with(1, severity="urgent"), "nodes[1] (n2)", "severity", "Expected “low”, “medium” or “high”."),
        (node_with(1, tags="Website"), "nodes[1] (n2)", "tags", "Expected a list of texts."),
        (node_with(1, blueprint={"support": "Calendar"}), "nodes[1] (n2)", "blueprint.support", "Expected a list"),
        (
            ojf_with(stages=[{"id": "s1", "name": "A"}, {"id": "s1", "name": "B"}]),
            "stages[1]",
            "id",
            "Another stage has the id “s1”.",
        ),
        # Rules of every map, found by the JSON import's checks, placed in the .ojf.
        (node_with(1, title="T" * 201), "nodes[1] (n2)", "title", "at most 200 characters"),
        (node_with(1, description="D" * 4001), "nodes[1] (n2)", "does", "at most 4000 characters"),
        (
            ojf_with(swimlanes=[{"id": "sl1", "name": "S" * 81}], nodes=[]),
            "swimlanes[0]",
            "title",
            "at most 80 characters",
        ),
        (ojf_with(stages=[{"id": "s1", "name": "E" * 121}], nodes=[]), "stages[0]", "name", "at most 120 characters"),
        (
            json.dumps({"format": "journeyboard.map", "format_version": 3}).encode(),
            "",
            "format",
            "This is a Journey board JSON export: import it as a JSON export.",
        ),
    ],
)
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_written(team, data, row, field, message):
    before = (Journey.objects.count(), Stage.objects.count(), Touchpoint.objects.count(), Channel.objects.count())
    job = import_ojf(team.workspace, team.editor, data)
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("The file was refused")
    assert any(
        problem["row"] == row and problem["field"] == field and message in problem["message"]
        for problem in job.problems
    ), job.problems
    assert job.journey is None and job.report == {}
    after = (Journey.objects.count(), Stage.objects.count(), Touchpoint.objects.count(), Channel.objects.count())
    assert after == before


def test_a_file_of_too_many_nodes_is_refused_before_reading_them(team, monkeypatch):
    monkeypatch.setattr(openjourney, "MAX_NODES", 5)
    job = import_ojf(team.workspace, team.editor, sample("bike-repair.ojf"))
    assert job.status == JobStatus.FAILED
    assert job.problems == [
        {"row": "", "field": "nodes", "message": "The file has 12 nodes; an import takes at most 5."}
    ]
    assert not Journey.objects.filter(title__startswith="Bike repair").exists()


def test_a_file_of_too_many_stages_is_refused(team):
    stages = [{"id": f"s{index}", "name": f"Etap {index}"} for index in range(41)]
    job = import_ojf(team.workspace, team.editor, ojf_with(stages=stages, nodes=[]))
    assert job.problems == [{"row": "", "field": "stages", "message": "The file has 41 stages; a map has at most 40."}]


def test_a_file_too_large_is_refused_before_a_job_is_made(team, settings):
    from django.core.exceptions import ValidationError

    settings.IMPORT_MAX_UPLOAD_BYTES = 2**20
    with pytest.raises(ValidationError) as refused:
        services.import_job_create_map(
            workspace=team.workspace,
            upload=SimpleUploadedFile("big.ojf", ojf_with(pointOfView="Długo " * 200_000)),
            created_by=team.editor,
            format="ojf",
        )
    assert refused.value.message_dict == {"file": ["The file is larger than 1 MB."]}
    assert not ImportJob.objects.exists()


def test_an_ojf_file_imported_as_a_json_export_is_refused_with_a_hint(team):
    job = services.import_job_create_map(
        workspace=team.workspace,
        upload=SimpleUploadedFile("map.json", sample("bike-repair.ojf")),
        created_by=team.editor,
    )
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.problems == [
        {
            "row": "",
            "field": "format",
            "message": "This is an OpenJourney file: import it as an OpenJourney file (.ojf).",
        }
    ]


def test_an_ojf_export_reads_the_map_in_the_same_few_queries_whatever_its_size(
    laned_map, team, django_assert_num_queries
):
    from touchpoints.services import touchpoint_create

    # The map, its personas, their preferred channels, the stages, their cards (with channel and owner),
    # the cards' personas, the lanes, their texts: not its strategies, metrics, evidence or opportunities,
    # which an .ojf does not carry.
    with django_assert_num_queries(8):
        FORMATS[ExportFormat.OJF].render(map_document(laned_map.pk, full=False))
    channel = Channel.objects.get(workspace=team.workspace, name="Store")
    for stage in laned_map.stages.all():
        for number in range(5):
            touchpoint_create(stage=stage, channel=channel, title=f"Więcej {number}", pain_points="Kolejka")
    with django_assert_num_queries(8):
        ojf = json.loads(FORMATS[ExportFormat.OJF].render(map_document(laned_map.pk, full=False)))
    assert sum(node["purpose"] == "touchpoint" for node in ojf["nodes"]) == 5 + 6 * 5
