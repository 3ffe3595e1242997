import re
from decimal import Decimal

import pytest
from django.urls import reverse

from metrics.models import CardMetric, Metric, Reading
from metrics.services import card_metric_set

HTMX = {"HTTP_HX_REQUEST": "true"}
MEMBERS = ("owner", "editor", "viewer")


def _pages(journey, touchpoint, csat, reading):
    stage = touchpoint.stage
    return [
        reverse("metrics:library"),
        reverse("metrics:detail", args=[csat.pk]),
        reverse("metrics:map_metrics", args=[journey.pk]),
        reverse("metrics:map_channels", args=[journey.pk]),
        reverse("metrics:touchpoint_metrics", args=[touchpoint.pk]),
        reverse("metrics:stage_metrics", args=[stage.pk]),
    ]


@pytest.mark.parametrize("role", [*MEMBERS, "outsider", None])
def test_who_sees_the_metric_pages(team, journey, touchpoint, csat, record, client_for, role):
    reading = record(csat, journey, 4, touchpoint=touchpoint)
    client = client_for(team.users.get(role) if role else None)
    for url in _pages(journey, touchpoint, csat, reading):
        status = client.get(url).status_code
        if role is None:
            assert status == 302, url
        elif role == "outsider" and url != reverse("metrics:library"):
            assert status == 404, url
        else:
            assert status == 200, url
    edit = client.get(reverse("metrics:reading_edit", args=[reading.pk])).status_code
    assert edit == {"owner": 200, "editor": 200, "viewer": 403, "outsider": 404, None: 302}[role]


@pytest.mark.parametrize(("role", "status"), [("owner", 302), ("editor", 302), ("viewer", 403), ("outsider", 404)])
def test_who_records_a_reading_on_the_map_page(team, journey, csat, client_for, role, status):
    client = client_for(team.users[role])
    data = {"metric": csat.pk, "target": "map", "value": "4.1", "period_kind": "month", "period_start": "2026-03-05"}
    response = client.post(reverse("metrics:map_metrics", args=[journey.pk]), data)
    assert response.status_code == status
    assert Reading.objects.filter(value=Decimal("4.1")).exists() == (status == 302)


def test_a_value_out_of_range_is_shown_beside_the_field_and_nothing_is_saved(
    team, journey, touchpoint, csat, client_for
):
    client = client_for(team.editor)
    data = {"metric": csat.pk, "value": "7", "period_kind": "month", "period_start": "2026-03-05", "note": "typo"}
    response = client.post(reverse("metrics:touchpoint_metrics", args=[touchpoint.pk]), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert re.search(
        r'id="touchpoint-\d+-reading-value_errors" role="alert"><p>A value of “CSAT” is between 1 and 5', html
    )
    assert 'value="typo"' in html  # what was typed stays
    assert not Reading.objects.exists()


def test_recording_from_a_card_redraws_its_column(team, journey, touchpoint, csat, client_for):
    client = client_for(team.editor)
    data = {"metric": csat.pk, "value": "4.6", "period_kind": "week", "period_start": "2026-03-05"}
    response = client.post(reverse("metrics:touchpoint_metrics", args=[touchpoint.pk]), data, **HTMX)
    assert response.status_code == 200
    assert f'"stages": [{touchpoint.stage_id}]' in response["HX-Trigger"]
    reading = Reading.objects.get()
    assert (reading.touchpoint, str(reading.period_start), reading.recorded_by) == (
        touchpoint,
        "2026-03-02",
        team.editor,
    )
    assert "4.6" in response.content.decode()


def test_a_viewer_cannot_record_from_a_card(team, touchpoint, csat, client_for):
    client = client_for(team.viewer)
    data = {"metric": csat.pk, "value": "4", "period_kind": "month", "period_start": "2026-03-05"}
    assert client.post(reverse("metrics:touchpoint_metrics", args=[touchpoint.pk]), data).status_code == 403
    assert (
        "Record a reading"
        not in client.get(reverse("metrics:touchpoint_metrics", args=[touchpoint.pk])).content.decode()
    )


def test_the_map_page_sets_the_card_metric(team, journey, csat, client_for):
    client = client_for(team.editor)
    response = client.post(reverse("metrics:map_metrics", args=[journey.pk]), {"card_metric": "1", "metric": csat.pk})
    assert response.status_code == 302
    assert CardMetric.objects.get(journey=journey).metric == csat
    client.post(reverse("metrics:map_metrics", args=[journey.pk]), {"card_metric": "1", "metric": ""})
    assert not CardMetric.objects.exists()


def test_a_metric_from_another_workspace_cannot_be_chosen(team, journey, client_for):
    foreign = Metric.objects.get(workspace=team.other_workspace, name="CSAT")
    client = client_for(team.editor)
    response = client.post(
        reverse("metrics:map_metrics", args=[journey.pk]), {"card_metric": "1", "metric": foreign.pk}
    )
    assert response.status_code == 422
    assert not CardMetric.objects.exists()


def test_the_metric_page_charts_the_filtered_series_with_a_table(team, journey, touchpoint, csat, record, client_for):
    for month, value in (("2026-01", "3.2"), ("2026-02", "3.8"), ("2026-03", "4.4")):
        record(csat, journey, value, month=month, touchpoint=touchpoint)
    record(csat, journey, "1.0", month="2026-03", stage=touchpoint.stage)
    client = client_for(team.viewer)
    url = reverse("metrics:detail", args=[csat.pk])
    html = client.get(url, {"journey": journey.pk, "touchpoint": touchpoint.pk}).content.decode()
    assert html.count('<circle class="point') == 3
    assert re.search(r'<circle class="point status-good"[^>]*><title>March 2026: 4.4</title>', html)
    assert "<caption>CSAT per period</caption>" in html
    assert "Edit the reading" not in html  # viewers do not edit
    unfiltered = client.get(url, {"journey": journey.pk}).content.decode()
    assert "2.7" in unfiltered  # March: the mean of 4.4 and 1.0
    assert client.get(url, {"journey": "²"}).status_code == 200  # a bad filter is ignored, not a 500


def test_metric_edit_keeps_what_was_typed_on_a_conflict(team, csat, client_for):
    client = client_for(team.editor)
    url = reverse("metrics:edit", args=[csat.pk])
    data = {
        "name": "CSAT",
        "kind": "csat",
        "unit": "",
        "higher_is_better": "True",
        "target": "4.5",
        "warning": "4",
        "roi_role": "",
        "description": "",
        "version": csat.version,
    }
    assert client.post(url, data).status_code == 302
    data["target"] = "3"
    data["warning"] = "2"
    response = client.post(url, data)  # the version sent is the old one
    assert response.status_code == 422
    assert "Someone else changed this" in response.content.decode()
    assert Metric.objects.get(pk=csat.pk).target == Decimal("4.5")


def test_metric_create_errors_stay_beside_the_field(team, client_for):
    client = client_for(team.editor)
    data = {
        "name": "Order value",
        "kind": "money",
        "unit": "",
        "higher_is_better": "True",
        "target": "",
        "warning": "",
        "roi_role": "",
    }
    response = client.post(reverse("metrics:create", args=[team.workspace.pk]), data)
    assert response.status_code == 422
    assert "three-letter code" in response.content.decode()
    data["unit"] = "krw"
    response = client.post(reverse("metrics:create", args=[team.workspace.pk]), data)
    metric = Metric.objects.get(name="Order value")
    assert response.status_code == 302 and metric.unit == "KRW"
    assert client_for(team.viewer).post(reverse("metrics:create", args=[team.workspace.pk]), data).status_code == 403
    assert client_for(team.outsider).post(reverse("metrics:create", args=[team.workspace.pk]), data).status_code == 404


def test_the_channel_report_ranks_channels_and_refuses_bad_months(team, journey, record, touchpoint, client_for):
    cost = Metric.objects.get(workspace=team.workspace, name="Cost")
    revenue = Metric.objects.get(workspace=team.workspace, name="Revenue")
    record(cost, journey, 1000, channel=touchpoint.channel)
    record(revenue, journey, 2500, channel=touchpoint.channel)
    client = client_for(team.viewer)
    html = client.get(reverse("metrics:map_channels", args=[journey.pk])).content.decode()
    assert re.search(
        r'<th scope="row">E-mail</th>\s*<td>1,000 USD</td>\s*<td>2,500 USD</td>\s*<td>—</td>\s*<td>150 %</td>', html
    )
    assert "Promotional e-mail" in html
    bad = client.get(reverse("metrics:map_channels", args=[journey.pk]), {"first": "2026-05", "last": "2026-01"})
    assert bad.status_code == 400 and "comes after the first" in bad.content.decode()


def test_the_reading_edit_page_saves_and_deletes(team, journey, csat, record, client_for):
    reading = record(csat, journey, 4)
    client = client_for(team.editor)
    url = reverse("metrics:reading_edit", args=[reading.pk])
    data = {"value": "9", "period_kind": "month", "period_start": "2026-03-01", "note": "", "version": reading.version}
    assert client.post(url, data).status_code == 422
    data["value"] = "4.5"
    assert client.post(url, data).status_code == 302
    assert Reading.objects.get().value == Decimal("4.5")
    assert client.post(reverse("metrics:reading_delete", args=[reading.pk])).status_code == 302
    assert not Reading.objects.exists()


def test_card_metric_set_tells_open_boards(journey, csat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        card_metric_set(journey=journey, metric=csat)
    assert len(callbacks) == 1
