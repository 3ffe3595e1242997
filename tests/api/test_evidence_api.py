import pytest

from evidence.models import Evidence
from evidence.services import evidence_create

ROLES_WRITE = {"owner": 201, "editor": 201, "viewer": 403, "outsider": 400, "anonymous": 401}


def _item(journey, **extra):
    return {"journey": journey.pk, "kind": "review", "text": "Too loud", "observed_on": "2026-03-01", **extra}


@pytest.mark.parametrize("role", ROLES_WRITE)
def test_who_adds_evidence(api_for, role, journey, touchpoint):
    response = api_for(role).post(
        "/api/v1/evidence/", _item(journey, touchpoints=[touchpoint.pk], rating=2, rating_scale="five"), format="json"
    )
    assert response.status_code == ROLES_WRITE[role]
    if response.status_code == 201:
        body = response.json()
        assert (body["sentiment"], body["touchpoints"]) == ("negative", [touchpoint.pk])
    assert Evidence.objects.exists() == (response.status_code == 201)


def test_bad_evidence_is_a_400_naming_the_field(owner_api, journey):
    assert (
        "rating"
        in owner_api.post("/api/v1/evidence/", _item(journey, rating=9, rating_scale="five"), format="json").json()
    )
    assert "text" in owner_api.post("/api/v1/evidence/", _item(journey, text="x" * 4001), format="json").json()
    assert "kind" in owner_api.post("/api/v1/evidence/", _item(journey, kind="rumour"), format="json").json()
    assert not Evidence.objects.exists()


def test_reads_filters_409_and_delete(owner_api, viewer_api, outsider_api, journey, touchpoint):
    item = evidence_create(
        journey=journey, text="Slow", observed_on="2026-03-01", kind="ticket", touchpoints=[touchpoint]
    )
    evidence_create(journey=journey, text="Fine", observed_on="2026-03-01", kind="review")
    listed = viewer_api.get("/api/v1/evidence/", {"journey": journey.pk, "touchpoint": touchpoint.pk})
    assert [row["id"] for row in listed.json()["results"]] == [item.pk]
    assert [r["text"] for r in viewer_api.get("/api/v1/evidence/", {"kind": "review"}).json()["results"]] == ["Fine"]
    assert outsider_api.get(f"/api/v1/evidence/{item.pk}/").status_code == 404
    assert viewer_api.patch(f"/api/v1/evidence/{item.pk}/", {"text": "x"}, format="json").status_code == 403
    assert (
        owner_api.patch(f"/api/v1/evidence/{item.pk}/", {"text": "Slower", "version": 1}, format="json").status_code
        == 200
    )
    stale = owner_api.patch(f"/api/v1/evidence/{item.pk}/", {"text": "Lost", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["text"] == "Slower"
    assert owner_api.delete(f"/api/v1/evidence/{item.pk}/").status_code == 204


def test_card_confidence(owner_api, viewer_api, outsider_api, touchpoint):
    url = f"/api/v1/touchpoints/{touchpoint.pk}/confidence/"
    assert viewer_api.get(url).json() == {
        "touchpoint": touchpoint.pk,
        "evidence_count": 0,
        "confidence": "assumption",
        "chosen": "",
    }
    assert viewer_api.put(url, {"chosen": "validated"}, format="json").status_code == 403
    assert outsider_api.get(url).status_code == 404
    assert owner_api.put(url, {"chosen": "certain"}, format="json").status_code == 400
    assert owner_api.put(url, {"chosen": "validated"}, format="json").json()["confidence"] == "validated"


def test_evidence_without_a_link_answers_a_blank_one_as_its_schema_allows(owner_api, journey):
    """The stateful fuzz test found `"link": ""` answered where the schema said a URI and nothing else."""
    response = owner_api.post("/api/v1/evidence/", _item(journey), format="json")
    assert (response.status_code, response.json()["link"]) == (201, "")
    schema = owner_api.get("/api/schema/?format=json").json()
    link = schema["components"]["schemas"]["Evidence"]["properties"]["link"]
    assert {"type": "string", "maxLength": 0} in link["oneOf"]
    assert {"type": "string", "format": "uri"} in link["oneOf"]
