from tests.api.conftest import api_for  # noqa: F401 - the API clients of the team's roles
