import base64
import datetime
import hashlib
import hmac
import os
import struct
import time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from channels.models import Channel
from journeys.services import journey_create
from metrics.models import Metric
from metrics.services import reading_record
from personas.services import persona_create
from tests.celery_worker import celery_worker, media_dir  # noqa: F401  (fixtures for every folder)
from touchpoints.services import touchpoint_create
from workspaces.models import Role
from workspaces.services import membership_set, workspace_create

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def default_language():
    """LocaleMiddleware activates a request's language in the thread, which the test
    client shares: start and end every test in the default language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def celery_queue_of_this_process():
    """Tests run in several processes (pytest-xdist), each with a test database of its own: each
    sends its background tasks to a queue of its own, so a Celery worker started by one process
    never runs a job that only another process's database holds."""
    from config.celery import app

    app.conf.task_default_queue = f"tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    return app.conf.task_default_queue


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Every test client comes from 127.0.0.1, and the counts of django-ratelimit live in the cache the
    tests of a process share: off, except in the tests of the limits (tests/trust/test_brute_force.py),
    which turn them on for addresses of their own. The same for django-allauth's limits."""
    settings.RATELIMIT_ENABLE = False
    settings.API_TOKEN_RATE = None
    settings.ACCOUNT_RATE_LIMITS = False


# django-allauth's limits as configured, for the tests that turn them back on.
ACCOUNT_RATE_LIMITS = settings.ACCOUNT_RATE_LIMITS


def totp_code(secret: str, at: float | None = None) -> str:
    """An authenticator app's code: RFC 6238 (30 s, 6 digits, SHA-1), written out here rather than taken
    from django-allauth, which checks it."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


@pytest.fixture
def make_user(db, django_user_model):
    """An account as sign-up leaves it: its address (if any) on record, confirmed unless `verified=False`."""

    def make(username: str, *, verified: bool = True, **extra):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD, **extra)
        if user.email:
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
        return user

    return make


@pytest.fixture
def team(make_user):
    """A workspace with an owner, an editor and a viewer, and an outsider with a workspace of their own."""
    owner = make_user("olivia", first_name="Olivia", email="olivia@example.com")
    editor = make_user("eddie", first_name="Eddie", email="eddie@example.com")
    viewer = make_user("vera", first_name="Vera", email="vera@example.com")
    outsider = make_user("oscar", first_name="Oscar", email="oscar@example.com")
    workspace = workspace_create(name="Retail team", owner=owner)
    membership_set(workspace=workspace, user=editor, role=Role.EDITOR)
    membership_set(workspace=workspace, user=viewer, role=Role.VIEWER)
    other_workspace = workspace_create(name="Other team", owner=outsider)
    return SimpleNamespace(
        workspace=workspace,
        owner=owner,
        editor=editor,
        viewer=viewer,
        outsider=outsider,
        other_workspace=other_workspace,
        users={"owner": owner, "editor": editor, "viewer": viewer, "outsider": outsider},
    )


@pytest.fixture
def persona(team):
    return persona_create(workspace=team.workspace, name="Ji-woo Park", occupation="Office worker", age_range="25-34")


@pytest.fixture
def journey(team, persona):
    return journey_create(
        workspace=team.workspace, title="Retail journey", template="default", personas=[persona], created_by=team.owner
    )


@pytest.fixture
def channel(team):
    return Channel.objects.get(workspace=team.workspace, name="E-mail")


@pytest.fixture
def touchpoint(journey, channel, persona):
    stage = journey.stages.get(position=0)
    return touchpoint_create(stage=stage, channel=channel, title="Promotional e-mail", emotion=1, personas=[persona])


@pytest.fixture
def client_for(client):
    """Log the test client in as a user; `client_for(None)` stays anonymous."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def csat(team):
    return Metric.objects.get(workspace=team.workspace, name="CSAT")


@pytest.fixture
def record(team):
    """Record a reading as the editor: record(metric, journey, value, month="2026-03", **target)."""

    def make(metric, journey, value, month="2026-03", **target):
        year, number = (int(part) for part in month.split("-"))
        return reading_record(
            metric=metric,
            journey=journey,
            value=Decimal(str(value)),
            period_start=datetime.date(year, number, 1),
            recorded_by=team.editor,
            **target,
        )

    return make


@pytest.fixture
def api_for(team):
    """An API client acting as one of the team's roles (or "anonymous"), through a real token."""
    from knox.models import AuthToken

    def make(role: str | None) -> APIClient:
        client = APIClient()
        user = team.users.get(role) if isinstance(role, str) else role
        if user is not None:
            _instance, token = AuthToken.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make
