import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

ROLES = ("owner", "editor", "viewer", "outsider", "anonymous")


@pytest.fixture
def owner_api(api_for):
    return api_for("owner")


@pytest.fixture
def editor_api(api_for):
    return api_for("editor")


@pytest.fixture
def viewer_api(api_for):
    return api_for("viewer")


@pytest.fixture
def outsider_api(api_for):
    return api_for("outsider")


@pytest.fixture
def wsgi_requests_keep_the_test_connection():
    """For requests that reach the WSGI app directly (schemathesis), not through Django's test client: do
    what the client does, and keep Django from closing the connection (and with it the test's
    transaction) at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
