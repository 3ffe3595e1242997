"""The OpenAPI schema says what the API really does.

Schemathesis reads /api/schema/ from the WSGI app and, for every operation,
generates requests (a bounded number of valid and of invalid ones) that an
owner sends with their token to a workspace holding a map, a persona and a
card. Half the requests to `/{id}/` paths aim at an object that exists, so the
success paths are exercised as well as the 404s. Any 5xx, or a response whose
body does not match the schema for its status code, fails the test.

We drive schemathesis through Hypothesis directly (one pytest item per
operation and mode) rather than through its pytest plugin, whose item naming
does not work with pytest 9.
"""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from backups.models import BackupJob, RestoreJob
from config.wsgi import application
from exports.models import ExportJob
from strategies.models import StrategyStatus
from strategies.services import strategy_create, strategy_update

MAX_EXAMPLES = 20
CHECKS = [not_a_server_error, response_schema_conformance]

# Loaded once, at collection: serving the schema reads no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
OPERATIONS = [result.ok() for result in schema.get_all_operations()]

pytestmark = pytest.mark.usefixtures("wsgi_requests_keep_the_test_connection")


@pytest.fixture
def existing_ids(team, journey, touchpoint, persona, channel):
    """The id of one object of each resource, in the owner's workspace."""
    strategy = strategy_create(
        journey=journey,
        touchpoint=touchpoint,
        persona=persona,
        title="Answer within the hour",
        body="**Chat** first.",
        status=StrategyStatus.ACTIVE,
        author=team.owner,
    )
    strategy_update(strategy=strategy, author=team.editor, body="Chat, then e-mail.", change_note="E-mail too")
    export = ExportJob.objects.create(journey=journey, format="json", created_by=team.owner)
    backup = BackupJob.objects.create(workspace=team.workspace, created_by=team.owner)
    restore = RestoreJob.objects.create(created_by=team.owner)
    return {
        "workspaces": team.workspace.pk,
        "personas": persona.pk,
        "channels": channel.pk,
        "journeys": journey.pk,
        "stages": touchpoint.stage_id,
        "touchpoints": touchpoint.pk,
        "strategies": strategy.pk,
        "exports": export.pk,
        "backups": backup.pk,
        "restores": restore.pk,
    }


@pytest.fixture
def owner_token(team):
    return AuthToken.objects.create(user=team.owner)[1]


def strategy_for(operation, mode, existing_ids):
    strategy = operation.as_strategy(generation_mode=mode)
    # A resource's detail and its actions (`strategies/{id}/revisions/`, `strategies/{id}/retire/`).
    match = re.fullmatch(r"/api/v1/(\w+)/\{id\}/(\w+/)?", operation.path)
    if match and match[1] in existing_ids:
        existing = operation.as_strategy(generation_mode=mode, path_parameters={"id": existing_ids[match[1]]})
        strategy = st.one_of(strategy, existing)
    return strategy


def test_the_schema_has_every_resource():
    paths = {operation.path for operation in OPERATIONS}
    for resource in ("workspaces", "personas", "channels", "journeys", "stages", "touchpoints", "strategies"):
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
    assert "/api/v1/strategies/{id}/revisions/" in paths
    assert "/api/v1/strategies/{id}/retire/" in paths
    assert {"/api/v1/exports/", "/api/v1/exports/{id}/", "/api/v1/imports/", "/api/v1/journeys/import/"} <= paths
    assert "/api/v1/auth/token/" in paths


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda mode: mode.value)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_operation_answers_as_its_schema_says(operation, mode, existing_ids, owner_token):
    @given(case=strategy_for(operation, mode, existing_ids))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        # identity: schemathesis's WSGI transport does not undo gzip, which the app applies when asked.
        headers = {"Authorization": f"Token {owner_token}", "Accept-Encoding": "identity"}
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        answers_as_documented()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        pytest.skip("nothing this operation takes can be made invalid")
