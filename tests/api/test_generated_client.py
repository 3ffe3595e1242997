"""An API client generated from our schema by openapi-python-client works (finding 12 of the trust issue:
0.29's client failed to import, and, patched, sent the token endpoint an empty body). The schema is
written, the client generated into a temporary folder and imported, and with it: log in, create a
map, add and edit a card, get the 409 with the current card on a stale version, and download an
export — against the live test server."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from exports import services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def jbclient(tmp_path_factory, django_db_blocker):
    folder = tmp_path_factory.mktemp("client")
    schema = folder / "schema.yml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--file", str(schema), "--validate", "--fail-on-warn")
    generator = VENV_BIN / "openapi-python-client"
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # it runs ruff on its output
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(schema),
            "--output-path",
            str(folder / "jbclient"),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("jbclient")
    finally:
        sys.path.remove(str(folder))


def test_a_generated_client_logs_in_edits_gets_the_conflict_and_downloads(
    jbclient, live_server, team, channel, settings, media_dir
):
    # The folder a session's Celery worker writes to, should it take the job before the call below does.
    settings.MEDIA_ROOT = media_dir
    from jbclient import AuthenticatedClient, Client
    from jbclient.api.auth import v1_auth_token_create
    from jbclient.api.exports import v1_exports_create, v1_exports_download_retrieve, v1_exports_retrieve
    from jbclient.api.journeys import v1_journeys_create
    from jbclient.api.touchpoints import v1_touchpoints_create, v1_touchpoints_partial_update
    from jbclient.models import (
        CredentialsRequest,
        ExportJobRequest,
        FormatEnum,
        JourneyCreateRequest,
        PatchedTouchpointUpdateRequest,
        TokenResponse,
        Touchpoint,
        TouchpointCreateRequest,
    )

    anonymous = Client(base_url=live_server.url, raise_on_unexpected_status=True)
    token = v1_auth_token_create.sync(client=anonymous, body=CredentialsRequest(username="eddie", password=PASSWORD))
    assert isinstance(token, TokenResponse) and token.expiry is not None
    api = AuthenticatedClient(
        base_url=live_server.url, token=token.token, prefix="Token", raise_on_unexpected_status=True
    )

    journey = v1_journeys_create.sync(
        client=api, body=JourneyCreateRequest(workspace=team.workspace.pk, title="Made by a client")
    )
    stage = journey.stages[0]
    card = v1_touchpoints_create.sync(
        client=api, body=TouchpointCreateRequest(stage=stage.id, channel=channel.pk, title="Newsletter")
    )
    assert isinstance(card, Touchpoint) and card.version == 1
    edited = v1_touchpoints_partial_update.sync_detailed(
        card.id, client=api, body=PatchedTouchpointUpdateRequest(title="Weekly newsletter", version=1)
    )
    assert edited.status_code == 200 and edited.parsed.version == 2
    stale = v1_touchpoints_partial_update.sync_detailed(
        card.id, client=api, body=PatchedTouchpointUpdateRequest(title="Monthly newsletter", version=1)
    )
    assert stale.status_code == 409
    assert isinstance(stale.parsed, Touchpoint) and (stale.parsed.title, stale.parsed.version) == (
        "Weekly newsletter",
        2,
    )

    job = v1_exports_create.sync_detailed(
        client=api, body=ExportJobRequest(journey=journey.id, format_=FormatEnum.JSON)
    )
    assert job.status_code == 202
    services.export_job_run(job_id=job.parsed.id)  # what the worker does
    finished = v1_exports_retrieve.sync(job.parsed.id, client=api)
    assert finished.download_url.endswith(f"/api/v1/exports/{job.parsed.id}/download/")
    download = v1_exports_download_retrieve.sync_detailed(job.parsed.id, client=api)
    assert download.status_code == 200 and b"Weekly newsletter" in download.content
