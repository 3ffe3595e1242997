import pytest

from opportunities.models import Opportunity
from opportunities.services import opportunity_create

ROLES_WRITE = {"owner": 201, "editor": 201, "viewer": 403, "outsider": 400, "anonymous": 401}


@pytest.mark.parametrize("role", ROLES_WRITE)
def test_who_adds_an_opportunity(api_for, role, journey, touchpoint):
    data = {
        "journey": journey.pk,
        "title": "Fewer e-mails",
        "impact": 4,
        "effort": 2,
        "confidence": 100,
        "touchpoints": [touchpoint.pk],
    }
    response = api_for(role).post("/api/v1/opportunities/", data, format="json")
    assert response.status_code == ROLES_WRITE[role]
    if response.status_code == 201:
        assert response.json()["score"] == 2.0 and response.json()["touchpoints"] == [touchpoint.pk]
    assert Opportunity.objects.exists() == (response.status_code == 201)


def test_bounds_conflicts_and_filters(owner_api, viewer_api, outsider_api, journey, team):
    assert (
        "impact"
        in owner_api.post(
            "/api/v1/opportunities/", {"journey": journey.pk, "title": "x", "impact": 6}, format="json"
        ).json()
    )
    assert (
        "owner"
        in owner_api.post(
            "/api/v1/opportunities/", {"journey": journey.pk, "title": "x", "owner": team.outsider.pk}, format="json"
        ).json()
    )
    item = opportunity_create(journey=journey, title="Fix", impact=5, effort=1)
    opportunity_create(journey=journey, title="Later", status="done")
    listed = viewer_api.get("/api/v1/opportunities/", {"journey": journey.pk, "status": "idea"}).json()["results"]
    assert [row["title"] for row in listed] == ["Fix"]
    assert outsider_api.get(f"/api/v1/opportunities/{item.pk}/").status_code == 404
    assert viewer_api.patch(f"/api/v1/opportunities/{item.pk}/", {"effort": 2}, format="json").status_code == 403
    ok = owner_api.patch(f"/api/v1/opportunities/{item.pk}/", {"effort": 2, "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["score"] == 2.0
    stale = owner_api.patch(f"/api/v1/opportunities/{item.pk}/", {"effort": 5, "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["effort"] == 2
    assert owner_api.delete(f"/api/v1/opportunities/{item.pk}/").status_code == 204
