import pytest

from comments.services import comment_create


@pytest.fixture
def comment(team, touchpoint):
    """A comment by the editor on the touchpoint."""
    return comment_create(target=touchpoint, author=team.editor, body="Shall we shorten the subject line?")
