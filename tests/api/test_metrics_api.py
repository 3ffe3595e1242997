import pytest

from metrics.models import Metric, Reading

ROLES_WRITE = {"owner": 201, "editor": 201, "viewer": 403, "outsider": 400, "anonymous": 401}


def _reading(csat, journey, **extra):
    return {"metric": csat.pk, "journey": journey.pk, "value": "4.2", "period_start": "2026-03-14", **extra}


@pytest.mark.parametrize("role", ROLES_WRITE)
def test_who_records_a_reading(api_for, role, csat, journey, touchpoint):
    response = api_for(role).post("/api/v1/readings/", _reading(csat, journey, touchpoint=touchpoint.pk), format="json")
    assert response.status_code == ROLES_WRITE[role]
    if response.status_code == 201:
        body = response.json()
        assert body["period_start"] == "2026-03-01" and body["status"] == "good" and body["source"] == "api"
        assert body["value"] == 4.2
    assert Reading.objects.exists() == (response.status_code == 201)


@pytest.mark.parametrize(("role", "status"), [("owner", 200), ("viewer", 200), ("outsider", 404), ("anonymous", 401)])
def test_who_reads_a_reading(api_for, role, status, csat, journey, record):
    reading = record(csat, journey, 4)
    assert api_for(role).get(f"/api/v1/readings/{reading.pk}/").status_code == status
    listed = api_for(role).get("/api/v1/readings/", {"journey": journey.pk})
    if status == 200:
        assert [row["id"] for row in listed.json()["results"]] == [reading.pk]
    elif role == "outsider":
        assert listed.json()["results"] == []


def test_a_value_out_of_range_is_a_400_naming_value(owner_api, csat, journey):
    response = owner_api.post("/api/v1/readings/", _reading(csat, journey, value="12"), format="json")
    assert response.status_code == 400
    assert "between 1 and 5" in response.json()["value"][0]
    assert owner_api.post("/api/v1/readings/", _reading(csat, journey, value="1e400"), format="json").status_code == 400
    assert (
        owner_api.post(
            "/api/v1/readings/", _reading(csat, journey, period_start="3000-01-01"), format="json"
        ).status_code
        == 400
    )
    assert not Reading.objects.exists()


def test_two_targets_are_a_400(owner_api, csat, journey, touchpoint, channel):
    response = owner_api.post(
        "/api/v1/readings/", _reading(csat, journey, touchpoint=touchpoint.pk, channel=channel.pk), format="json"
    )
    assert response.status_code == 400


def test_a_stale_reading_version_is_a_409_with_the_current_reading(editor_api, csat, journey, record):
    reading = record(csat, journey, 4)
    assert (
        editor_api.patch(f"/api/v1/readings/{reading.pk}/", {"value": "4.4", "version": 1}, format="json").status_code
        == 200
    )
    stale = editor_api.patch(f"/api/v1/readings/{reading.pk}/", {"value": "2", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["value"] == 4.4 and stale.json()["version"] == 2


def test_metrics_crud_and_permissions(owner_api, viewer_api, outsider_api, team):
    created = owner_api.post(
        "/api/v1/metrics/",
        {
            "workspace": team.workspace.pk,
            "name": "Return rate",
            "kind": "percent",
            "higher_is_better": False,
            "target": 5,
            "warning": 10,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["minimum"], body["maximum"], body["target"]) == (0, 100, 5)
    pk = body["id"]
    bad = owner_api.patch(f"/api/v1/metrics/{pk}/", {"warning": 2}, format="json")
    assert bad.status_code == 400 and "warning" in bad.json()
    duplicate = owner_api.post(
        "/api/v1/metrics/", {"workspace": team.workspace.pk, "name": "CSAT", "kind": "csat"}, format="json"
    )
    assert duplicate.status_code == 400 and "already has a metric of this name" in str(duplicate.json())
    assert viewer_api.patch(f"/api/v1/metrics/{pk}/", {"name": "x"}, format="json").status_code == 403
    assert outsider_api.get(f"/api/v1/metrics/{pk}/").status_code == 404
    assert viewer_api.delete(f"/api/v1/metrics/{pk}/").status_code == 403
    assert owner_api.delete(f"/api/v1/metrics/{pk}/").status_code == 204
    assert not Metric.objects.filter(pk=pk).exists()


def test_the_channel_report(viewer_api, outsider_api, team, journey, record, touchpoint):
    cost = Metric.objects.get(workspace=team.workspace, name="Cost")
    revenue = Metric.objects.get(workspace=team.workspace, name="Revenue")
    record(cost, journey, 200, month="2026-01", channel=touchpoint.channel)
    record(revenue, journey, 500, month="2026-01", channel=touchpoint.channel)
    record(cost, journey, 300, month="2026-02", channel=touchpoint.channel)
    response = viewer_api.get("/api/v1/channel-report/", {"journey": journey.pk, "first": "2026-01", "last": "2026-01"})
    assert response.status_code == 200
    [row] = response.json()["channels"]
    assert (row["name"], row["cost"], row["revenue"], row["roi"]) == ("E-mail", 200, 500, 1.5)
    assert response.json()["currency"] == "USD"
    assert outsider_api.get("/api/v1/channel-report/", {"journey": journey.pk}).status_code == 404
    assert viewer_api.get("/api/v1/channel-report/", {"journey": "x"}).status_code == 400
    assert viewer_api.get("/api/v1/channel-report/", {"journey": journey.pk, "first": "2026-13"}).status_code == 400
