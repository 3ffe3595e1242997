import pytest

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
