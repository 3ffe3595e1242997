import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.versioning import VersionConflict
from journeys.services import journey_create
from metrics.models import Metric, MetricKind, PeriodKind, Reading, RoiRole, Status
from metrics.selectors import channel_report, parse_card_metric, touchpoint_card_metric
from metrics.services import (
    card_metric_set,
    metric_create,
    metric_update,
    period_start_of,
    reading_record,
    reading_update,
)
from touchpoints.models import Touchpoint
from workspaces.services import workspace_create


def test_a_new_workspace_gets_the_default_metrics(team):
    metrics = {metric.name: metric for metric in Metric.objects.filter(workspace=team.workspace)}
    assert {"CSAT", "NPS", "CES", "Conversion rate", "Drop-off rate", "Cost", "Revenue", "Conversions"} <= set(metrics)
    assert metrics["CSAT"].bounds == (Decimal(1), Decimal(5))
    assert metrics["NPS"].bounds == (Decimal(-100), Decimal(100))
    assert metrics["Drop-off rate"].higher_is_better is False
    assert {metrics["Cost"].roi_role, metrics["Revenue"].roi_role} == {RoiRole.COST, RoiRole.REVENUE}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": MetricKind.CSAT, "target": Decimal(6)}, "target"),
        ({"kind": MetricKind.NPS, "target": Decimal(50), "warning": Decimal(60)}, "warning"),
        (
            {"kind": MetricKind.PERCENT, "higher_is_better": False, "target": Decimal(30), "warning": Decimal(10)},
            "warning",
        ),
        ({"kind": MetricKind.MONEY, "unit": "euro"}, "unit"),
        ({"kind": MetricKind.COUNT, "roi_role": RoiRole.COST}, "roi_role"),
        ({"kind": MetricKind.COUNT, "warning": Decimal(3)}, "target"),
    ],
)
def test_a_metric_that_makes_no_sense_is_refused_naming_the_field(team, fields, field):
    with pytest.raises(ValidationError) as error:
        metric_create(workspace=team.workspace, name="Odd", **fields)
    assert field in error.value.message_dict
    assert not Metric.objects.filter(name="Odd").exists()


def test_a_second_metric_for_a_report_role_is_refused(team):
    with pytest.raises(ValidationError) as error:
        metric_create(
            workspace=team.workspace, name="Ad spend", kind=MetricKind.MONEY, unit="usd", roi_role=RoiRole.COST
        )
    assert "Another metric of this workspace already counts as this" in str(error.value)


def test_status_against_target_both_directions(csat):
    assert [csat.status_of(Decimal(v)) for v in ("4.5", "4", "3.7", "3.5", "2")] == [
        Status.GOOD,
        Status.GOOD,
        Status.WARN,
        Status.WARN,
        Status.BAD,
    ]
    drop_off = Metric.objects.get(workspace=csat.workspace, name="Drop-off rate")  # target 30, warning 50
    assert [drop_off.status_of(Decimal(v)) for v in ("10", "30", "45", "51")] == [
        Status.GOOD,
        Status.GOOD,
        Status.WARN,
        Status.BAD,
    ]
    assert Metric.objects.get(workspace=csat.workspace, name="Revenue").status_of(Decimal(5)) == Status.NONE


@pytest.mark.parametrize("value", ["0.9", "5.01", "-1"])
def test_a_value_outside_the_metric_range_is_refused_and_nothing_is_written(journey, csat, record, value):
    with pytest.raises(ValidationError) as error:
        record(csat, journey, value)
    assert "between 1 and 5" in " ".join(error.value.message_dict["value"])
    assert not Reading.objects.exists()


def test_the_same_period_records_over_the_earlier_value(journey, csat, record, touchpoint):
    first = record(csat, journey, "3.9", touchpoint=touchpoint)
    second = reading_record(
        metric=csat,
        journey=journey,
        value=Decimal("4.3"),
        period_start=datetime.date(2026, 3, 17),  # a day of the same month
        touchpoint=touchpoint,
    )
    assert second.pk == first.pk and second.version == 2
    assert Reading.objects.get().value == Decimal("4.3")


def test_periods_start_on_their_first_day():
    day = datetime.date(2026, 3, 19)  # a Thursday
    assert period_start_of(day, PeriodKind.DAY) == day
    assert period_start_of(day, PeriodKind.WEEK) == datetime.date(2026, 3, 16)
    assert period_start_of(day, PeriodKind.MONTH) == datetime.date(2026, 3, 1)


def test_a_reading_cannot_point_at_another_map_or_two_targets(team, journey, csat, record, touchpoint, channel):
    other = journey_create(workspace=team.workspace, title="Other", template="default", created_by=team.owner)
    with pytest.raises(ValidationError) as error:
        record(csat, other, 4, touchpoint=touchpoint)
    assert "touchpoint" in error.value.message_dict
    with pytest.raises(ValidationError):
        record(csat, journey, 4, touchpoint=touchpoint, channel=channel)
    outsiders = workspace_create(name="Elsewhere", owner=team.outsider)
    foreign = Metric.objects.get(workspace=outsiders, name="CSAT")
    with pytest.raises(ValidationError) as error:
        record(foreign, journey, 4)
    assert "metric" in error.value.message_dict


def test_a_stale_version_conflicts(journey, csat, record):
    reading = record(csat, journey, 4)
    reading_update(reading=reading, expected_version=1, value=Decimal("4.4"))
    with pytest.raises(VersionConflict):
        reading_update(reading=reading, expected_version=1, value=Decimal("3"))
    assert Reading.objects.get().value == Decimal("4.4")


def test_the_kind_of_a_metric_with_readings_changes_only_if_they_fit(team, journey, record):
    nps = Metric.objects.get(workspace=team.workspace, name="NPS")
    record(nps, journey, 40)
    with pytest.raises(ValidationError) as error:
        metric_update(metric=nps, kind=MetricKind.CSAT, target=None, warning=None)
    assert "kind" in error.value.message_dict
    metric_update(metric=nps, kind=MetricKind.PERCENT, target=None, warning=None)
    assert Metric.objects.get(pk=nps.pk).kind == MetricKind.PERCENT


@pytest.mark.parametrize(("value", "status"), [("4.2", "good"), ("3.6", "warn"), ("2.5", "bad")])
def test_the_card_chip_status_in_sql_matches_python(journey, csat, record, touchpoint, value, status):
    card_metric_set(journey=journey, metric=csat)
    record(csat, journey, "1.5", month="2026-01", touchpoint=touchpoint)  # older: not shown
    record(csat, journey, value, month="2026-02", touchpoint=touchpoint)
    chip = parse_card_metric(
        Touchpoint.objects.annotate(chip=touchpoint_card_metric(journey.pk)).get(pk=touchpoint.pk).chip
    )
    assert chip["status"] == status == csat.status_of(Decimal(value))
    assert Decimal(chip["value"]) == Decimal(value)
    assert chip["name"] == "CSAT"


def test_no_chip_when_the_map_has_no_card_metric(journey, csat, record, touchpoint):
    record(csat, journey, "4.2", touchpoint=touchpoint)
    assert Touchpoint.objects.annotate(chip=touchpoint_card_metric(journey.pk)).get(pk=touchpoint.pk).chip is None


def test_channel_roi_and_cost_per_conversion_on_known_numbers(team, journey, record, touchpoint):
    from channels.models import Channel

    email = touchpoint.channel
    store = Channel.objects.get(workspace=team.workspace, name="Store")
    ads = Channel.objects.get(workspace=team.workspace, name="Advertising")
    cost, revenue, conversions = (
        Metric.objects.get(workspace=team.workspace, roi_role=role)
        for role in (RoiRole.COST, RoiRole.REVENUE, RoiRole.CONVERSIONS)
    )
    for month in ("2026-01", "2026-02"):
        record(cost, journey, 500, month=month, channel=email)  # 1,000 in all
        record(revenue, journey, 1250, month=month, channel=email)  # 2,500
        record(conversions, journey, 25, month=month, channel=email)  # 50
    record(cost, journey, 4000, month="2026-01", channel=ads)
    record(revenue, journey, 3000, month="2026-01", channel=ads)
    record(revenue, journey, 900, month="2026-01", channel=store)  # no cost: no ROI
    report = channel_report(journey)
    by_name = {figures.channel.name: figures for figures in report.ranked}
    assert by_name["E-mail"].roi == Decimal("1.5") and by_name["E-mail"].roi_percent == Decimal("150.0")
    assert by_name["E-mail"].cost_per_conversion == Decimal("20.00")
    assert by_name["Advertising"].roi == Decimal("-0.25")
    assert by_name["Store"].roi is None
    assert [figures.channel.name for figures in report.ranked] == ["E-mail", "Advertising", "Store"]
    assert by_name["E-mail"].touchpoints == ["Promotional e-mail"]
    february = channel_report(journey, first=datetime.date(2026, 2, 1), last=datetime.date(2026, 2, 1))
    assert {f.channel.name: f.cost for f in february.ranked} == {"E-mail": Decimal(500)}
