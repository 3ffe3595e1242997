"""Every URL of the app, walked as each role and with crafted input: a new view is in these sweeps as soon
as it has a URL (tests/trust/urls.py fills in its placeholders, or the sweep fails saying which)."""

import json

import pytest
from django.urls import resolve

from .urls import build_world, routes

pytestmark = pytest.mark.django_db

# The live stream never ends (tests/live covers it, on the ASGI server it needs); the invitation link is anyone's by design and
# accepting it would make the outsider a member (test_invitations covers it).
NOT_SWEPT = {"boards:events", "workspaces:invitation"}
# What a viewer may do: read, mark a guide stage read, comment, resolve and reopen threads, read
# notifications, say where they are, export what they read, and make workspaces of their own (a page
# that, for someone who edits nowhere, says so).
VIEWER_WRITES = {
    "set_language",
    "exports:map_copy",  # (a map they read, into a workspace they edit: none here, a 422 naming the field)
    "guide:stage_read",
    "comments:touchpoint_thread",
    "comments:strategy_thread",
    "comments:thread_resolve",
    "comments:thread_reopen",
    "comments:notification_read",
    "comments:notifications_read_all",
    "boards:presence",
    "exports:create",
    "exports:import_map",
    "workspaces:create",
    "journeys:journey_create",
    "workspaces:tokens",  # (their own API tokens)
    "backups:restore",  # (an archive restored into a workspace of their own)
}
CRAFTED = ["²", "٣", "9" * 5000, str(2**70), "-1", "\x00", "1e9", "' OR '1'='1", "%", "[]"]
PARAMETERS = [
    "persona",
    "channel",
    "stage",
    "touchpoint",
    "metric",
    "journey",
    "workspace",
    "a",
    "b",
    "page",
    "kind",
    "sentiment",
    "status",
    "since",
    "until",
    "from",
    "to",
    "months",
    "period_kind",
    "q",
    "sort",
    "order",
    "editing",
    "after",
    "rows",
    "author",
    "next",
    "format",
    "lane",
    "evidence",
]


@pytest.fixture
def world(team):
    return build_world(team)


def swept(world):
    return [route for route in routes(world.objects) if route.name not in NOT_SWEPT]


def names_an_object(route) -> bool:
    return "<" in route.pattern


def allowed_methods(path: str) -> set[str] | None:
    """The methods a view's require_http_methods decorator allows (None: it has none)."""
    view = resolve(path).func
    while view is not None:
        names = view.__code__.co_freevars if hasattr(view, "__code__") else ()
        if "request_method_list" in names:
            return set(view.__closure__[names.index("request_method_list")].cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


def test_every_route_is_swept(world):
    found = swept(world)
    assert len(found) > 140
    names = {route.name for route in found}
    assert names >= {"boards:board", "boards:touchpoint_edit", "strategies:strategy_compare", "touchpoint-detail"}


def test_an_outsider_gets_404_for_every_object_of_another_workspace(world, client_for, api_for):
    team = world.team
    page, api = client_for(team.outsider), api_for("outsider")
    wrong = []
    for route in filter(names_an_object, swept(world)):
        if route.is_account:
            continue
        client = api if route.is_api else page
        for method in ("get", "post", "patch", "delete") if route.is_api else ("get", "post"):
            status = getattr(client, method)(route.path).status_code
            if status not in (404, 405):
                wrong.append((method, route.path, status))
    assert wrong == []


def test_a_viewer_cannot_write_to_anything(world, client_for, api_for):
    team = world.team
    page, api = client_for(team.viewer), api_for("viewer")
    wrong = []
    for route in swept(world):
        if route.is_api:
            if names_an_object(route):
                for method in ("patch", "put", "delete"):
                    status = getattr(api, method)(route.path, {}, format="json").status_code
                    if status not in (403, 405):
                        wrong.append((method, route.path, status))
            continue
        if route.name in VIEWER_WRITES or route.is_account:  # (their own account)
            continue
        status = page.post(route.path).status_code
        if status not in (403, 404, 405):  # (404: what only its author may see, an upload's draft)
            wrong.append(("post", route.path, status))
    assert wrong == []


def test_every_page_says_which_methods_it_answers(world, client_for):
    """Every page of ours declares its methods, and answers 405 to the others (a read-only page answered
    POST, PATCH and DELETE with 200)."""
    client = client_for(world.team.owner)
    undeclared, wrong = [], []
    for route in swept(world):
        if route.is_api or route.path.startswith(("/accounts/", "/i18n/", "/healthz/")):
            continue
        methods = allowed_methods(route.path)
        if methods is None:
            undeclared.append(route.name)
            continue
        for method in ("post", "patch", "delete"):
            if method.upper() not in methods and getattr(client, method)(route.path).status_code != 405:
                wrong.append((method, route.path))
    assert undeclared == [] and wrong == []


def test_crafted_query_values_never_answer_500(world, client_for, api_for):
    team = world.team
    page, api = client_for(team.owner), api_for("owner")
    page.raise_request_exception = api.raise_request_exception = False  # a 500 is counted, not raised
    failures = []
    for route in swept(world):
        client = api if route.is_api else page
        for value in CRAFTED:
            query = dict.fromkeys(PARAMETERS, value)
            response = client.get(route.path, query)
            if response.status_code >= 500:
                failures.append((route.path, value[:20], response.status_code))
    assert failures == []


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deeply_nested_json_is_a_400_everywhere_in_the_api(world, api_for):
    clients = {"owner": api_for("owner"), "anonymous": api_for(None)}
    for client in clients.values():
        client.raise_request_exception = False
    failures = []
    for route in swept(world):
        if not route.is_api:
            continue
        for who, client in clients.items():
            for method in ("post", "patch"):
                response = getattr(client, method)(route.path, nested(100_000), content_type="application/json")
                if response.status_code >= 500:
                    failures.append((who, method, route.path, response.status_code))
    assert failures == []
    token = clients["anonymous"].post(
        "/api/v1/auth/token/", json.dumps({"username": {"a": [[[[]]]]}}), content_type="application/json"
    )
    assert token.status_code == 400


def test_a_nul_byte_in_an_invitation_link_is_a_404(client_for, team):
    assert client_for(team.outsider).get("/join/abc%00def/").status_code == 404
    assert client_for(None).get("/join/%00/").status_code == 404


def test_errors_are_our_pages_not_djangos(client_for, team, settings):
    settings.DEBUG = False  # what make run serves now
    page = client_for(None).get("/no/such/page/")
    assert page.status_code == 404
    html = page.content.decode()
    assert "Page not found" in html and "URLconf" not in html and 'name="robots" content="noindex"' in html
