"""/api/v1/strategies/ and /api/v1/strategies/{id}/revisions/: the board's rules, through the API."""

import pytest

from journeys.services import journey_create
from personas.services import persona_create
from strategies.models import Strategy, StrategyRevision, StrategyStatus
from strategies.services import strategy_create, strategy_restore, strategy_update

LIST = "/api/v1/strategies/"
ROLE_READS = [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), ("anonymous", 401)]
ROLE_WRITES = [("owner", 200), ("editor", 200), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]


def detail(strategy, suffix=""):
    return f"{LIST}{strategy.pk}/{suffix}"


@pytest.fixture
def stages(journey):
    return list(journey.stages.order_by("position"))


@pytest.fixture
def strategy(journey, stages, team):
    """A draft of the first stage, by the editor (revision #1)."""
    return strategy_create(
        journey=journey, stage=stages[0], title="Answer every review", body="Within two days.", author=team.editor
    )


@pytest.fixture
def active(journey, team, persona):
    """A map-wide active strategy for the persona."""
    return strategy_create(
        journey=journey,
        title="One voice",
        body="Plain words.",
        status=StrategyStatus.ACTIVE,
        persona=persona,
        author=team.owner,
    )


# --- Reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", ROLE_READS)
def test_who_can_read_a_strategy(team, strategy, stages, api_for, role, status):
    response = api_for(role).get(detail(strategy))
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert {k: body[k] for k in ("id", "journey", "stage", "touchpoint", "persona", "title", "status")} == {
            "id": strategy.pk,
            "journey": strategy.journey_id,
            "stage": stages[0].pk,
            "touchpoint": None,
            "persona": None,
            "title": "Answer every review",
            "status": "draft",
        }
        assert (body["owner"], body["version"], body["body"]) == (team.editor.pk, 1, "Within two days.")
        assert set(body) >= {"last_reviewed_on", "created_at", "updated_at"}


def test_strategies_filter_by_journey_stage_status_and_more(
    team, journey, stages, strategy, active, touchpoint, persona, api_for
):
    on_card = strategy_create(journey=journey, touchpoint=touchpoint, title="Reply by e-mail", author=team.owner)
    other_map = journey_create(workspace=team.workspace, title="Second map")
    elsewhere = strategy_create(journey=other_map, title="Elsewhere", author=team.owner)
    api = api_for("viewer")

    def found(query=""):
        return [row["id"] for row in api.get(LIST + query).json()["results"]]

    assert found() == [strategy.pk, active.pk, on_card.pk, elsewhere.pk]
    assert found(f"?journey={journey.pk}") == [strategy.pk, active.pk, on_card.pk]
    assert found(f"?stage={stages[0].pk}") == [strategy.pk]  # not the strategies of the stage's cards
    assert found(f"?touchpoint={touchpoint.pk}") == [on_card.pk]
    assert found("?status=active") == [active.pk]
    assert found(f"?status=draft&journey={other_map.pk}") == [elsewhere.pk]
    assert found(f"?persona={persona.pk}") == [active.pk]
    assert found(f"?workspace={team.workspace.pk}") == [strategy.pk, active.pk, on_card.pk, elsewhere.pk]
    assert found(f"?workspace={team.other_workspace.pk}") == []


@pytest.mark.parametrize("query", ["?stage=first", "?journey=0", "?status=done", "?journey=19631152989332353024"])
def test_a_bad_strategy_filter_is_a_400(team, strategy, api_for, query):
    response = api_for("owner").get(LIST + query)
    assert response.status_code == 400
    assert query[1:].split("=")[0] in response.json()


def test_strategies_are_paginated(team, journey, api_for):
    for number in range(53):
        strategy_create(journey=journey, title=f"Strategy {number}", author=team.owner)
    first = api_for("viewer").get(LIST).json()
    assert (first["count"], len(first["results"]), first["previous"]) == (53, 50, None)
    second = api_for("viewer").get(first["next"]).json()
    assert [row["title"] for row in second["results"]] == ["Strategy 50", "Strategy 51", "Strategy 52"]
    assert api_for("viewer").get(LIST + "?page=9").status_code == 404


def test_strategies_of_other_workspaces_are_neither_listed_nor_found(team, strategy, api_for):
    outsider = api_for("outsider")
    assert outsider.get(LIST).json()["count"] == 0
    assert outsider.get(f"{LIST}?journey={strategy.journey_id}").json()["count"] == 0
    for path in (detail(strategy), detail(strategy, "revisions/")):
        assert outsider.get(path).status_code == 404
    assert outsider.patch(detail(strategy), {"title": "Mine now"}, format="json").status_code == 404
    assert outsider.post(detail(strategy, "retire/"), {}, format="json").status_code == 404
    strategy.refresh_from_db()
    assert (strategy.title, strategy.status, strategy.version) == ("Answer every review", "draft", 1)


# --- Creating -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status", [("owner", 201), ("editor", 201), ("viewer", 403), ("outsider", 400), ("anonymous", 401)]
)
def test_who_can_document_a_strategy(team, journey, stages, persona, api_for, role, status):
    body = {
        "journey": journey.pk,
        "stage": stages[1].pk,
        "persona": persona.pk,
        "title": "Compare honestly",
        "body": "Show **every** cost.",
        "status": "active",
        "change_note": "Agreed in the workshop",
    }
    response = api_for(role).post(LIST, body, format="json")
    assert response.status_code == status
    assert Strategy.objects.filter(title="Compare honestly").exists() == (status == 201)
    if status == 201:
        created = Strategy.objects.get(title="Compare honestly")
        assert response.json()["id"] == created.pk
        assert (created.stage, created.persona, created.owner) == (stages[1], persona, team.users[role])
        [revision] = created.revisions.all()
        assert (revision.number, revision.author, revision.change_note) == (
            1,
            team.users[role],
            "Agreed in the workshop",
        )


def test_a_strategy_can_be_about_a_touchpoint_or_the_whole_map(team, journey, touchpoint, api_for):
    api = api_for("editor")
    on_card = api.post(LIST, {"journey": journey.pk, "touchpoint": touchpoint.pk, "title": "Card"}, format="json")
    whole = api.post(LIST, {"journey": journey.pk, "title": "Map", "owner": team.owner.pk}, format="json")
    assert (on_card.status_code, whole.status_code) == (201, 201)
    assert (on_card.json()["touchpoint"], on_card.json()["stage"]) == (touchpoint.pk, None)
    assert (whole.json()["stage"], whole.json()["touchpoint"], whole.json()["owner"]) == (None, None, team.owner.pk)


@pytest.mark.parametrize(
    "field, change",
    [
        ("title", lambda ctx: {"title": ""}),
        ("status", lambda ctx: {"status": "done"}),
        ("stage", lambda ctx: {"stage": ctx["other_map"].stages.first().pk}),
        ("non_field_errors", lambda ctx: {"stage": ctx["stages"][0].pk, "touchpoint": ctx["touchpoint"].pk}),
        ("persona", lambda ctx: {"persona": persona_create(workspace=ctx["team"].workspace, name="Off the map").pk}),
        ("owner", lambda ctx: {"owner": ctx["team"].outsider.pk}),
        ("journey", lambda ctx: {"journey": journey_create(workspace=ctx["team"].other_workspace, title="x").pk}),
    ],
    ids=[
        "no-title",
        "unknown-status",
        "stage-of-another-map",
        "stage-and-touchpoint",
        "persona-off-map",
        "owner-not-a-member",
        "map-of-another-workspace",
    ],
)
def test_bad_strategies_are_refused_with_the_field_named(team, journey, stages, touchpoint, api_for, field, change):
    other_map = journey_create(workspace=team.workspace, title="Second map")
    context = {"team": team, "stages": stages, "touchpoint": touchpoint, "other_map": other_map}
    body = {"journey": journey.pk, "title": "Fine", **change(context)}
    response = api_for("owner").post(LIST, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Strategy.objects.exists()


# --- Editing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", ROLE_WRITES)
def test_who_can_edit_a_strategy(team, strategy, api_for, role, status):
    response = api_for(role).patch(detail(strategy), {"body": "Within a day."}, format="json")
    assert response.status_code == status
    strategy.refresh_from_db()
    assert (strategy.body == "Within a day.") == (status == 200)
    if status == 200:
        assert response.json()["version"] == 2
        assert strategy.revisions.get(number=2).author == team.users[role]


def test_an_edit_from_an_old_version_is_a_conflict_answered_with_the_current_strategy(team, strategy, api_for):
    api = api_for("editor")
    assert api.patch(detail(strategy), {"title": "Answer reviews", "version": 1}, format="json").status_code == 200
    response = api.patch(detail(strategy), {"title": "Ignore reviews", "version": 1}, format="json")
    assert response.status_code == 409
    assert (response.json()["title"], response.json()["version"]) == ("Answer reviews", 2)
    strategy.refresh_from_db()
    assert (strategy.title, strategy.revisions.count()) == ("Answer reviews", 2)


def test_an_active_strategy_changes_only_with_a_change_note(team, active, api_for):
    api = api_for("editor")
    response = api.patch(detail(active), {"body": "Short words."}, format="json")
    assert response.status_code == 400
    assert "change_note" in response.json()
    active.refresh_from_db()
    assert (active.body, active.version) == ("Plain words.", 1)

    response = api.patch(detail(active), {"body": "Short words.", "change_note": "Clearer"}, format="json")
    assert response.status_code == 200
    assert active.revisions.get(number=2).change_note == "Clearer"


def test_an_edit_links_only_what_the_map_allows(team, strategy, api_for):
    off_map = persona_create(workspace=team.workspace, name="Not on the map")
    api = api_for("editor")
    assert "persona" in api.patch(detail(strategy), {"persona": off_map.pk}, format="json").json()
    assert "owner" in api.patch(detail(strategy), {"owner": team.outsider.pk}, format="json").json()
    strategy.refresh_from_db()
    assert strategy.version == 1


# --- Retiring, never deleting -------------------------------------------------------------------


@pytest.mark.parametrize("role, status", ROLE_WRITES)
def test_who_can_retire_a_strategy(team, strategy, api_for, role, status):
    response = api_for(role).post(detail(strategy, "retire/"), {}, format="json")
    assert response.status_code == status
    strategy.refresh_from_db()
    assert (strategy.status == StrategyStatus.RETIRED) == (status == 200)


def test_retiring_an_active_strategy_needs_a_change_note_and_a_current_version(team, active, api_for):
    api = api_for("editor")
    assert "change_note" in api.post(detail(active, "retire/"), {}, format="json").json()
    stale = api.post(detail(active, "retire/"), {"change_note": "Old", "version": 0}, format="json")
    assert (stale.status_code, stale.json()["status"]) == (409, "active")
    response = api.post(detail(active, "retire/"), {"change_note": "Replaced", "version": 1}, format="json")
    assert (response.status_code, response.json()["status"], response.json()["version"]) == (200, "retired", 2)


def test_strategies_are_never_deleted(team, strategy, api_for):
    assert api_for("owner").delete(detail(strategy)).status_code == 405
    assert Strategy.objects.filter(pk=strategy.pk).exists()


# --- Revisions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", ROLE_READS)
def test_who_can_read_the_revisions(team, strategy, api_for, role, status):
    assert api_for(role).get(detail(strategy, "revisions/")).status_code == status


def test_revisions_are_listed_oldest_first_with_who_and_why(team, strategy, api_for):
    strategy_update(strategy=strategy, author=team.owner, status=StrategyStatus.ACTIVE, change_note="Ready")
    strategy_update(strategy=strategy, author=team.editor, body="Within a day.", change_note="Faster")
    strategy_restore(strategy=strategy, number=2, author=team.owner, change_note="Too ambitious")

    response = api_for("viewer").get(detail(strategy, "revisions/"))

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["number"], r["kind"], r["status"], r["author"], r["change_note"]) for r in rows] == [
        (1, "created", "draft", team.editor.pk, ""),
        (2, "edited", "active", team.owner.pk, "Ready"),
        (3, "edited", "active", team.editor.pk, "Faster"),
        (4, "restored", "active", team.owner.pk, "Too ambitious"),
    ]
    assert rows[3]["restored_from"] == 2
    assert (rows[2]["body"], rows[2]["author_name"], rows[2]["strategy"]) == ("Within a day.", "Eddie", strategy.pk)


def test_revisions_are_paginated_and_read_only(team, strategy, api_for):
    for number in range(55):
        strategy_update(strategy=strategy, author=team.owner, title=f"Answer every review ({number})")
    api = api_for("owner")
    first = api.get(detail(strategy, "revisions/")).json()
    assert (first["count"], len(first["results"]), first["results"][0]["number"]) == (56, 50, 1)
    assert [r["number"] for r in api.get(first["next"]).json()["results"]] == [51, 52, 53, 54, 55, 56]
    path = detail(strategy, "revisions/")
    assert api.post(path, {"title": "Rewritten"}, format="json").status_code == 405
    assert api.delete(path).status_code == 405
    assert StrategyRevision.objects.filter(strategy=strategy).count() == 56
