import pytest
from rest_framework.test import APIClient

ROLES = ("owner", "editor", "viewer", "outsider", "anonymous")


@pytest.fixture
def api_for(team):
    """An API client acting as one of the team's roles (or "anonymous"), through a real token."""
    from rest_framework.authtoken.models import Token

    def make(role: str | None) -> APIClient:
        client = APIClient()
        user = team.users.get(role) if isinstance(role, str) else role
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


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
