"""The inbox: the user's mentions, an unread count in the nav, mark read and mark all read."""

import pytest
from django.urls import reverse

from comments.models import Notification
from comments.selectors import unread_count
from comments.services import comment_create
from workspaces.models import Membership
from workspaces.services import membership_remove

INBOX = reverse("comments:inbox")


@pytest.fixture
def mentions(team, touchpoint):
    """Two comments mentioning Olivia (the owner), one mentioning Vera."""
    first = comment_create(target=touchpoint, author=team.editor, body="@olivia first")
    second = comment_create(target=touchpoint, author=team.viewer, body="@olivia <b>second</b>")
    comment_create(target=touchpoint, author=team.editor, body="@vera third")
    return first, second


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("viewer", 200), ("outsider", 200), (None, 302)])
def test_inbox_permissions(team, mentions, client_for, who, status):
    response = client_for(team.users.get(who)).get(INBOX)
    assert response.status_code == status


def test_the_inbox_shows_only_the_users_own_mentions(team, mentions, client_for):
    page = client_for(team.owner).get(INBOX).content.decode()
    assert "first" in page and "&lt;b&gt;second&lt;/b&gt;" in page and "third" not in page
    assert "mentioned you on “Promotional e-mail”" in page
    assert reverse("comments:touchpoint_thread", args=[mentions[0].thread.touchpoint_id]) in page
    assert "third" not in client_for(team.outsider).get(INBOX).content.decode()


def test_the_nav_shows_the_unread_count(team, mentions, client_for):
    page = client_for(team.owner).get(reverse("journeys:dashboard")).content.decode()
    assert '<span class="badge" aria-hidden="true">2</span><span class="visually-hidden">(2 unread)</span>' in page
    page = client_for(team.editor).get(reverse("journeys:dashboard")).content.decode()
    assert 'id="nav-inbox">Inbox</a>' in page


def test_the_unread_count_is_one_query(team, mentions, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert unread_count(team.owner) == 2


def test_marking_one_read(team, mentions, client_for):
    notification = Notification.objects.filter(recipient=team.owner).first()
    response = client_for(team.owner).post(
        reverse("comments:notification_read", args=[notification.pk]), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200 and "1 unread" in page
    assert 'id="nav-inbox" hx-swap-oob="true"' in page
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert unread_count(team.owner) == 1


def test_nobody_marks_someone_elses_notification(team, mentions, client_for):
    notification = Notification.objects.filter(recipient=team.owner).first()
    for who in ("editor", "outsider"):
        assert (
            client_for(team.users[who]).post(reverse("comments:notification_read", args=[notification.pk])).status_code
            == 404
        )
    assert client_for(None).post(reverse("comments:notification_read", args=[notification.pk])).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_users_notifications(team, mentions, client_for):
    response = client_for(team.owner).post(reverse("comments:notifications_read_all"))
    assert response.status_code == 302
    assert unread_count(team.owner) == 0
    assert unread_count(team.viewer) == 1


def test_mentions_from_a_workspace_you_left_leave_the_inbox(team, mentions):
    membership_remove(membership=Membership.objects.get(workspace=team.workspace, user=team.viewer))
    assert unread_count(team.viewer) == 0


def test_the_inbox_speaks_the_users_language(team, mentions, client_for, settings):
    from django.utils import translation

    client = client_for(team.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get(INBOX).content.decode()
    translation.deactivate()
    assert "Входящие" in page and "2 непрочитанных" in page and "упоминает вас в «Promotional e-mail»" in page


@pytest.mark.parametrize("count", [1, 15])
def test_the_inbox_reads_in_a_constant_number_of_queries(
    team, touchpoint, client_for, django_assert_num_queries, count
):
    for index in range(count):
        comment_create(target=touchpoint, author=team.editor, body=f"@olivia look {index}")
    client = client_for(team.owner)
    # user (the session comes from the cache), notifications with comments, authors, targets; their
    # mentions; the unread count; the nav's unread count
    with django_assert_num_queries(5):
        response = client.get(INBOX)
    assert response.content.decode().count('id="notification-') == count
