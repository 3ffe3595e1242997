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


def _links(schema, path, method, status):
    return schema["paths"][path][method]["responses"][status]["links"]


def test_the_schema_links_an_answer_to_the_calls_that_take_its_id_and_version(db):
    """OpenAPI links (core/schema_links.py), which the stateful fuzz test follows."""
    schema = Client().get("/api/schema/?format=json").json()
    created = _links(schema, "/api/v1/stages/", "post", "201")
    assert created["v1_stages_partial_update"] == {
        "operationId": "v1_stages_partial_update",
        "parameters": {"path.id": "$response.body#/id"},
        "requestBody": {"version": "$response.body#/version"},
    }
    assert created["v1_stages_destroy"]["parameters"] == {"path.id": "$response.body#/id"}
    assert created["v1_touchpoints_create"]["requestBody"] == {"stage": "$response.body#/id"}
    assert created["v1_touchpoints_list"]["parameters"] == {"query.stage": "$response.body#/id"}
    assert created["v1_evidence_create"]["requestBody"] == {"stages": ["$response.body#/id"]}
    updated = _links(schema, "/api/v1/stages/{id}/", "patch", "200")
    assert updated["v1_stages_partial_update"]["requestBody"] == {"version": "$response.body#/version"}
    assert "v1_stages_retrieve" not in _links(schema, "/api/v1/stages/{id}/", "get", "200")


def test_a_new_maps_links_reach_what_was_made_with_it(db):
    schema = Client().get("/api/schema/?format=json").json()
    created = _links(schema, "/api/v1/journeys/", "post", "201")
    assert created["v1_stages_create"]["requestBody"] == {"journey": "$response.body#/id"}
    assert created["v1_touchpoints_create"]["requestBody"] == {"stage": "$response.body#/stages/0/id"}
    assert created["v1_lanes_cells_partial_update"]["parameters"] == {
        "path.id": "$response.body#/lanes/0/id",
        "path.stage_id": "$response.body#/stages/0/id",
    }
    assert created["v1_exports_create"]["requestBody"] == {  # a board image of the map, or of its first stage
        "journey": "$response.body#/id",
        "stage": "$response.body#/stages/0/id",
    }
    export = _links(schema, "/api/v1/exports/", "post", "202")
    assert set(export) == {"v1_exports_retrieve", "v1_exports_download_retrieve"}
    assert "v1_imports_retrieve" in _links(schema, "/api/v1/journeys/import/", "post", "202")
    assert set(_links(schema, "/api/v1/strategies/{id}/retire/", "post", "200")) >= {
        "v1_strategies_partial_update",
        "v1_strategies_revisions_list",
    }


def test_a_new_token_links_to_its_revocation(db):
    schema = Client().get("/api/schema/?format=json").json()
    assert _links(schema, "/api/v1/auth/token/", "post", "200")["v1_auth_logout_create"]["parameters"] == {
        "header.Authorization": "Token {$response.body#/token}"
    }


def test_every_link_names_an_operation_and_only_parameters_it_has(db):
    schema = Client().get("/api/schema/?format=json").json()
    operations = {
        operation["operationId"]: (path, operation)
        for path, item in schema["paths"].items()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    count = 0
    for item in schema["paths"].values():
        for operation in item.values():
            for response in operation.get("responses", {}).values():
                for link in response.get("links", {}).values():
                    count += 1
                    path, target = operations[link["operationId"]]
                    for name in link.get("parameters", {}):
                        where, parameter = name.split(".")
                        declared = {p["name"] for p in target.get("parameters", []) if p["in"] == where}
                        assert parameter in declared or (where, parameter) == ("header", "Authorization"), (path, name)
                    body = target.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
                    if "requestBody" in link:
                        component = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
                        assert set(link["requestBody"]) <= set(component["properties"]), (path, link)
    assert count > 150
