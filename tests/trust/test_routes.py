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
    "sharing:unlock",  # (anyone who holds a share link may give its password)
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


def opens_with_a_token(route) -> bool:
    """A page of a share link, which anyone who holds its token may open (the share link's visitor is a
    role of its own: see the tests at the end)."""
    return "<str:token>" in route.pattern and route.name.startswith("sharing:")


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
        if route.is_account or opens_with_a_token(route):
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


# ---- A share link's visitor: one more role. It reads what its link shows, and nothing else; it never writes. ----

# What anyone may open without an account, link or not.
PUBLIC_PAGES = {"healthz", "api-schema", "api-docs", "api-root", "set_language"}


@pytest.fixture
def visitor(world):
    """A browser with no account that opened the world's share link (board, guide and strategies)."""
    from django.test import Client

    client = Client()
    client.raise_request_exception = False
    assert client.get(f"/shared/{world.share_token}/board/").status_code == 200
    return client


def member_only(world):
    return [route for route in swept(world) if not route.is_account and not opens_with_a_token(route)]


def refused(response) -> bool:
    """Not let in: sent to log in, not authenticated, forbidden, not found or not allowed."""
    if response.status_code == 302:
        return response["Location"].startswith("/accounts/login/")
    return response.status_code in (401, 403, 404, 405)


def test_a_share_link_visitor_reads_its_links_pages(world, visitor):
    pages = [route for route in swept(world) if opens_with_a_token(route)]
    assert {route.name for route in pages} >= {"sharing:board", "sharing:guide", "sharing:strategies", "sharing:card"}
    answers = {route.name: visitor.get(route.path).status_code for route in pages if route.name != "sharing:unlock"}
    # (the home redirects to the board; the stream, under WSGI, answers 204; parts need ?stage=)
    expected = {"sharing:home": 302, "sharing:events": 204, "sharing:parts": 400}
    assert answers == {name: expected.get(name, 200) for name in answers}


def test_a_share_link_visitor_gets_nothing_from_any_member_url(world, visitor):
    opened = []
    for route in member_only(world):
        if route.name in PUBLIC_PAGES:
            continue
        response = visitor.get(route.path)
        if not refused(response):
            opened.append((route.path, response.status_code))
    assert opened == []


def test_a_share_link_visitor_cannot_write_anything(world, visitor):
    from sharing.models import ShareLink
    from touchpoints.models import Touchpoint

    cards = Touchpoint.objects.count()
    written = []
    for route in swept(world):
        if route.is_account or route.name in {"set_language", "sharing:unlock", "api-token"}:
            continue  # (their own language, the link's password, a log-in)
        for method in ("post", "patch", "delete") if route.is_api else ("post",):
            response = getattr(visitor, method)(route.path, {})
            if not refused(response):
                written.append((method, route.path, response.status_code))
    assert written == []
    assert Touchpoint.objects.count() == cards
    assert ShareLink.objects.get(pk=world.share_link.pk).revoked_at is None


def test_a_share_link_for_one_map_reads_no_other(world, visitor):
    from journeys.services import journey_create
    from touchpoints.services import touchpoint_create

    team, token = world.team, world.share_token
    other = journey_create(workspace=team.workspace, title="Map B", template="default", created_by=team.owner)
    stage = other.stages.order_by("position").first()
    card = touchpoint_create(stage=stage, channel=world.journey.stages.first().touchpoints.first().channel, title="B's")
    assert visitor.get(f"/shared/{token}/touchpoints/{card.pk}/").status_code == 404
    assert visitor.get(f"/shared/{token}/guide/stages/{stage.pk}/").status_code == 404
    parts = visitor.get(f"/shared/{token}/board/parts/", {"stage": stage.pk})
    assert (
        parts.status_code == 200
        and "B&#x27;s" not in parts.content.decode()
        and f"stage-{stage.pk}" not in parts.content.decode()
    )
    for path in ("board/", "guide/", "strategies/", "present/?stage=1"):
        html = visitor.get(f"/shared/{token}/{path}").content.decode()
        assert "Map B" not in html and "B&#x27;s" not in html
    # Nor does the map's id, anywhere else.
    for route in member_only(world):
        if f"/{world.journey.pk}/" in route.path and not route.is_api:
            assert refused(visitor.get(route.path.replace(f"/{world.journey.pk}/", f"/{other.pk}/")))


def test_a_share_links_token_is_no_credential_for_the_api_or_the_members_pages(world, visitor, api_for):
    api = api_for(None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {world.share_token}")
    let_in = []
    for route in swept(world):
        if route.is_api and route.name not in PUBLIC_PAGES | {"api-token"}:  # (the log-in takes no GET)
            status = api.get(route.path).status_code
            if status != 401:
                let_in.append((route.path, status))
    assert let_in == []
    board = visitor.get(f"/maps/{world.journey.pk}/", {"token": world.share_token})
    assert refused(board)
