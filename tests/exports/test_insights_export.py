"""Metrics, readings, evidence, card confidence and opportunities travel in the JSON export (format
version 3) and come back with a JSON import; older files still import."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest

from evidence.models import CardConfidence, Evidence
from evidence.services import card_confidence_set, evidence_create
from exports.formats import FORMATS
from exports.selectors import map_document
from metrics.models import CardMetric, Metric, Reading
from metrics.services import card_metric_set, metric_create, reading_record
from opportunities.models import Opportunity
from opportunities.services import opportunity_create
from workspaces.services import workspace_create

from .test_importers import import_csv, import_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured_map(team, journey, touchpoint, persona):
    csat = Metric.objects.get(workspace=team.workspace, name="CSAT")
    custom = metric_create(
        workspace=team.workspace, name="Basket size", kind="money", unit="pln", target=Decimal("120.5")
    )
    reading_record(
        metric=csat,
        journey=journey,
        value=Decimal("3.75"),
        period_start=datetime.date(2026, 2, 1),
        touchpoint=touchpoint,
    )
    reading_record(
        metric=custom,
        journey=journey,
        value=Decimal("99.9"),
        period_start=datetime.date(2026, 2, 1),
        stage=touchpoint.stage,
    )
    reading_record(
        metric=Metric.objects.get(workspace=team.workspace, name="Cost"),
        journey=journey,
        value=Decimal(1200),
        period_start=datetime.date(2026, 2, 1),
        channel=touchpoint.channel,
    )
    card_metric_set(journey=journey, metric=csat)
    said = evidence_create(
        journey=journey,
        text="Too many e-mails",
        observed_on=datetime.date(2026, 2, 3),
        kind="ticket",
        rating=2,
        rating_scale="five",
        persona=persona,
        touchpoints=[touchpoint],
        stages=[touchpoint.stage],
        pain_point="Too many",
        highlighted=True,
    )
    card_confidence_set(touchpoint=touchpoint, level="validated")
    opportunity_create(
        journey=journey,
        title="Fewer e-mails",
        impact=4,
        effort=2,
        confidence=80,
        status="planned",
        owner=team.editor,
        target_date=datetime.date(2026, 6, 1),
        touchpoints=[touchpoint],
        evidence=[said],
    )
    return journey


def _insights(document: dict) -> dict:
    return {key: document[key] for key in ("metrics", "readings", "evidence", "card_confidence", "opportunities")}


def test_the_json_export_carries_them_and_the_import_brings_them_back(measured_map, team):
    original = map_document(measured_map.pk)
    assert original["format_version"] == 3
    assert original["metrics"]["card_metric"] == "CSAT"
    assert {reading["value"] for reading in original["readings"]} == {"3.75", "99.9", "1200"}
    job = import_map(team.workspace, team.editor, FORMATS["json"].render(original))
    assert job.status == "succeeded", job.problems
    copy = map_document(job.journey_id)
    assert _insights(copy) == _insights(original)
    assert Opportunity.objects.get(journey=job.journey).evidence.get().text == "Too many e-mails"


def test_into_another_workspace_the_metrics_come_along(measured_map, team):
    elsewhere = workspace_create(name="Elsewhere", owner=team.editor)
    job = import_map(elsewhere, team.editor, FORMATS["json"].render(map_document(measured_map.pk)))
    assert job.status == "succeeded", job.problems
    basket = Metric.objects.get(workspace=elsewhere, name="Basket size")
    assert (basket.kind, basket.unit, basket.target) == ("money", "PLN", Decimal("120.5"))
    assert CardMetric.objects.get(journey=job.journey).metric.workspace == elsewhere
    assert Reading.objects.filter(journey=job.journey).count() == 3
    assert CardConfidence.objects.get(touchpoint__stage__journey=job.journey).level == "validated"
    assert Evidence.objects.get(journey=job.journey).persona.workspace == elsewhere


def test_bad_sections_are_listed_and_nothing_is_imported(measured_map, team):
    document = map_document(measured_map.pk)
    csat = next(index for index, reading in enumerate(document["readings"]) if reading["metric"] == "CSAT")
    document["readings"][csat]["value"] = "9"  # CSAT is 1-5
    document["evidence"][0]["touchpoints"] = [[0, 99]]
    document["opportunities"][0]["impact"] = 8
    document["metrics"]["card_metric"] = "Nope"
    before = Opportunity.objects.count()
    job = import_map(team.workspace, team.editor, json.dumps(document).encode())
    assert job.status == "failed"
    fields = {(problem["row"], problem["field"]) for problem in job.problems}
    assert {
        (f"readings[{csat}]", "value"),
        ("evidence[0]", "touchpoints"),
        ("opportunities[0]", "impact"),
        ("metrics", "card_metric"),
    } <= fields
    assert Opportunity.objects.count() == before


def test_a_version_2_file_still_imports(measured_map, team):
    document = map_document(measured_map.pk)
    for key in ("metrics", "readings", "evidence", "card_confidence", "opportunities"):
        del document[key]
    document["format_version"] = 2
    job = import_map(team.workspace, team.editor, json.dumps(document).encode())
    assert job.status == "succeeded", job.problems
    assert not Reading.objects.filter(journey=job.journey).exists()


def test_the_document_is_read_in_the_same_number_of_queries_whatever_their_number(measured_map, touchpoint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        map_document(measured_map.pk)
    for number in range(5):
        item = evidence_create(
            journey=measured_map, text=f"More {number}", observed_on=datetime.date(2026, 2, 4), touchpoints=[touchpoint]
        )
        opportunity_create(journey=measured_map, title=f"More {number}", touchpoints=[touchpoint], evidence=[item])
    with CaptureQueriesContext(connection) as many:
        document = map_document(measured_map.pk)
    assert len(document["evidence"]) == 6 and len(document["opportunities"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_xlsx_export_has_readings_evidence_and_opportunities_sheets(measured_map):
    from .helpers import xlsx_rows

    data = FORMATS["xlsx"].render(map_document(measured_map.pk))
    readings, evidence, opportunities = (xlsx_rows(data, index) for index in (5, 6, 7))
    assert readings[0][:4] == ("Metric", "Period", "Period start", "Value")
    assert ("CSAT", "Month", datetime.datetime(2026, 2, 1), 3.75, "Promotional e-mail") == readings[2][:5]
    assert evidence[1][2:5] == ("Too many e-mails", 2, "Negative")
    assert opportunities[1][:4] == ("Fewer e-mails", 1.6, 4, 2)
    assert "Promotional e-mail" in opportunities[1][9]


def test_the_pdf_handbook_stage_pages_show_metrics_quotes_and_opportunities(measured_map):
    from .helpers import pdf_text

    text = pdf_text(FORMATS["pdf"].render(map_document(measured_map.pk)))
    assert "How this stage performs" in text and "Basket size: 99.9 (2026-02)" in text
    assert "What customers say" in text and "“Too many e-mails”" in text
    assert "1.60 · Fewer e-mails (Planned)" in text


def test_the_csv_export_sums_up_how_each_card_performs_and_imports_back(measured_map, team, touchpoint):
    reading_record(
        metric=Metric.objects.get(workspace=team.workspace, name="CSAT"),
        journey=measured_map,
        value=Decimal("4.5"),
        period_start=datetime.date(2026, 3, 1),
        touchpoint=touchpoint,
    )
    opportunity_create(journey=measured_map, title="Done already", status="done", touchpoints=[touchpoint])
    data = FORMATS["csv"].render(map_document(measured_map.pk))
    row = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert row["title"] == touchpoint.title
    assert (row["card_metric"], row["card_metric_value"], row["card_metric_period"]) == ("CSAT", "4.5", "2026-03-01")
    assert (row["evidence_count"], row["confidence"]) == ("1", "validated")  # set by hand, above what one item gives
    assert row["open_opportunities"] == "Fewer e-mails"  # the done one is not open
    job = import_csv(measured_map, team.editor, data.decode("utf-8-sig"))
    assert job.status == "succeeded", job.problems
    assert touchpoint.stage.touchpoints.filter(title=touchpoint.title).count() == 2
