import re

from django.test import Client


def test_the_openapi_schema_is_served(db):
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Journey board API"
    assert "/api/v1/journeys/{id}/" in schema["paths"]
    assert {"knoxApiToken", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_schema_documents_conflicts_and_bad_input(db):
    schema = Client().get("/api/schema/?format=json").json()
    for resource in ("personas", "journeys", "stages", "touchpoints"):
        patch = schema["paths"][f"/api/v1/{resource}/{{id}}/"]["patch"]
        assert {"200", "400", "403", "404", "409"} <= set(patch["responses"])
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert {"200", "400"} <= set(token["responses"])
    journeys = schema["paths"]["/api/v1/journeys/"]["get"]
    assert {p["name"] for p in journeys["parameters"]} >= {"page", "workspace", "persona"}
    touchpoints = schema["paths"]["/api/v1/touchpoints/"]["get"]
    assert {p["name"] for p in touchpoints["parameters"]} >= {"journey", "stage", "channel", "persona", "workspace"}


def test_the_docs_page_loads_its_assets_from_this_server(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html  # (the CSP allows no inline script: Swagger UI's set-up is a script of its own)
    set_up = Client().get("/api/docs/?script=")
    assert set_up.status_code == 200 and "/api/schema/" in set_up.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in asset for asset in assets)
    assert all(asset.startswith("/") for asset in assets), assets
    assert "cdn" not in html.lower()
    for asset in assets:
        if asset.endswith((".js", ".css")):
            assert Client().get(asset).status_code == 200, asset
