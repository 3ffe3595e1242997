import pytest
from django.test import Client
from django.urls import reverse

from sharing.services import share_link_create


@pytest.fixture
def share(team, journey):
    """Make a link to `journey` (or another map) as the editor: share(**what) -> (link, token)."""

    def make(target=None, **fields):
        return share_link_create(journey=target or journey, created_by=team.editor, **fields)

    return make


@pytest.fixture
def guest():
    """A browser with no account and no session: anyone the link was given to."""
    return Client()


def shared(name: str, token: str, *args) -> str:
    return reverse(f"sharing:{name}", args=[token, *args])
