"""An API client gets JSON for the 404s and 400s that no view answers, as the schema documents them (the
stateful fuzz test found the HTML page answering `/api/v1/stages/abc/`: a non-numeric id matches no route)."""

import pytest

JSON = "application/json"


@pytest.mark.parametrize("path", ["/api/v1/stages/abc/", "/api/v1/strategies/-1/retire/", "/api/v1/no-such-thing/"])
def test_an_api_address_that_matches_no_route_is_a_json_404(owner_api, path):
    response = owner_api.get(path)
    assert (response.status_code, response["Content-Type"]) == (404, JSON)
    assert response.json() == {"detail": "Not found."}


def test_a_nul_byte_in_an_api_address_or_query_is_answered_in_json(owner_api):
    response = owner_api.get("/api/v1/stages/%00/")
    assert (response.status_code, response["Content-Type"]) == (404, JSON)
    response = owner_api.get("/api/v1/stages/", {"journey": "1\x00"})
    assert (response.status_code, response["Content-Type"]) == (400, JSON)
    assert response.json() == {"detail": "A NUL byte is not allowed in a query."}


def test_people_still_get_the_page(client_for, team):
    response = client_for(team.owner).get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Page not found" in response.content.decode()
    assert client_for(team.owner).get("/journeys/?q=%00")["Content-Type"].startswith("text/plain")
