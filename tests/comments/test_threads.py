"""Comment threads on touchpoints: every member reads and writes them (viewers too), outsiders get 404."""

import pytest
from django.urls import reverse

from comments.models import Comment, Thread
from comments.services import comment_create, thread_resolve

MATRIX = [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404), (None, 302)]


def thread_url(touchpoint):
    return reverse("comments:touchpoint_thread", args=[touchpoint.pk])


@pytest.mark.parametrize(("who", "status"), MATRIX)
def test_reading_a_thread(team, touchpoint, comment, client_for, who, status):
    response = client_for(team.users.get(who)).get(thread_url(touchpoint))
    assert response.status_code == status
    if status == 200:
        assert "Shall we shorten the subject line?" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 302), ("editor", 302), ("viewer", 302), ("outsider", 404), (None, 302)]
)
def test_posting_a_comment(team, touchpoint, client_for, who, status):
    response = client_for(team.users.get(who)).post(thread_url(touchpoint), {"body": "Looks good"})
    assert response.status_code == status
    posted = Comment.objects.filter(body="Looks good")
    if who in ("owner", "editor", "viewer"):
        assert response["Location"] == thread_url(touchpoint)
        assert posted.get().author == team.users[who]
    else:
        assert not posted.exists()


def test_the_first_comment_starts_the_thread(team, touchpoint, client_for):
    assert not Thread.objects.exists()
    client_for(team.viewer).post(thread_url(touchpoint), {"body": "First"})
    client_for(team.owner).post(thread_url(touchpoint), {"body": "Second"})
    thread = Thread.objects.get()
    assert thread.touchpoint == touchpoint and thread.workspace == team.workspace
    assert [c.body for c in thread.comments.all()] == ["First", "Second"]


def test_posting_in_place_returns_the_thread_and_the_new_count(team, touchpoint, comment, client_for):
    response = client_for(team.viewer).post(thread_url(touchpoint), {"body": "Agreed"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "Agreed" in page and "Shall we shorten" in page
    assert f'<span id="comment-count-touchpoint-{touchpoint.pk}" hx-swap-oob="true">2</span>' in page


def test_an_empty_comment_is_refused_beside_the_field(team, touchpoint, client_for):
    response = client_for(team.editor).post(thread_url(touchpoint), {"body": "   "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_refused_comment_keeps_what_was_typed(team, touchpoint, client_for):
    long_body = "x" * 5001
    response = client_for(team.editor).post(thread_url(touchpoint), {"body": long_body}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert long_body in response.content.decode()


def test_comment_bodies_are_escaped(team, touchpoint, client_for):
    comment_create(target=touchpoint, author=team.editor, body='<script>alert("x")</script>\n<b>bold</b> & co')
    page = client_for(team.viewer).get(thread_url(touchpoint)).content.decode()
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&lt;b&gt;bold&lt;/b&gt; &amp; co" in page


# Editing and deleting: authors only ------------------------------------------------

EDIT_MATRIX = [("editor", 302), ("owner", 403), ("viewer", 403), ("outsider", 404), (None, 302)]


@pytest.mark.parametrize(("who", "status"), EDIT_MATRIX)
def test_only_the_author_edits_a_comment(team, comment, client_for, who, status):
    response = client_for(team.users.get(who)).post(
        reverse("comments:comment_edit", args=[comment.pk]), {f"edit-{comment.pk}-body": "Changed"}
    )
    assert response.status_code == status
    comment.refresh_from_db()
    assert (comment.body == "Changed") == (who == "editor")
    assert (comment.edited_at is not None) == (who == "editor")


def test_an_edited_comment_says_so(team, touchpoint, comment, client_for):
    client = client_for(team.editor)
    form = client.get(reverse("comments:comment_edit", args=[comment.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Save comment" in form and "Shall we shorten the subject line?</textarea>" in form
    response = client.post(
        reverse("comments:comment_edit", args=[comment.pk]),
        {f"edit-{comment.pk}-body": "Shorter, yes"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "Shorter, yes" in page and "edited" in page


@pytest.mark.parametrize(("who", "status"), EDIT_MATRIX)
def test_only_the_author_deletes_a_comment(team, comment, client_for, who, status):
    response = client_for(team.users.get(who)).post(reverse("comments:comment_delete", args=[comment.pk]))
    assert response.status_code == status
    assert Comment.objects.filter(pk=comment.pk).exists() == (who != "editor")


def test_others_see_no_edit_controls_on_a_comment(team, touchpoint, comment, client_for):
    edit_url = reverse("comments:comment_edit", args=[comment.pk])
    assert edit_url in client_for(team.editor).get(thread_url(touchpoint)).content.decode()
    for who in ("owner", "viewer"):
        assert edit_url not in client_for(team.users[who]).get(thread_url(touchpoint)).content.decode()


# Resolving and reopening -------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 302), ("editor", 302), ("viewer", 302), ("outsider", 404), (None, 302)]
)
def test_resolving_a_thread(team, comment, client_for, who, status):
    thread = comment.thread
    response = client_for(team.users.get(who)).post(reverse("comments:thread_resolve", args=[thread.pk]))
    assert response.status_code == status
    thread.refresh_from_db()
    member = who in ("owner", "editor", "viewer")
    assert thread.is_resolved == member
    assert thread.resolved_by == (team.users[who] if member else None)


def test_resolve_then_reopen_records_who_and_shows_it(team, touchpoint, comment, client_for):
    thread = comment.thread
    response = client_for(team.owner).post(reverse("comments:thread_resolve", args=[thread.pk]), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Resolved" in page and "by olivia" in page and "Reopen thread" in page
    response = client_for(team.viewer).post(reverse("comments:thread_reopen", args=[thread.pk]), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Reopened by vera" in page and "Resolve thread" in page
    thread.refresh_from_db()
    assert not thread.is_resolved and thread.reopened_by == team.viewer and thread.resolved_by is None


def test_resolving_twice_keeps_the_first_resolution(team, comment):
    first = thread_resolve(thread=comment.thread, user=team.owner)
    again = thread_resolve(thread=comment.thread, user=team.editor)
    assert again.resolved_by == team.owner and again.resolved_at == first.resolved_at


@pytest.mark.parametrize(("who", "status"), [("viewer", 302), ("outsider", 404), (None, 302)])
def test_reopening_a_thread(team, comment, client_for, who, status):
    thread = thread_resolve(thread=comment.thread, user=team.owner)
    response = client_for(team.users.get(who)).post(reverse("comments:thread_reopen", args=[thread.pk]))
    assert response.status_code == status
    thread.refresh_from_db()
    assert thread.is_resolved == (who != "viewer")


def test_a_thread_on_a_deleted_touchpoint_goes_with_it(team, touchpoint, comment):
    touchpoint.delete()
    assert not Thread.objects.exists() and not Comment.objects.exists()


@pytest.mark.parametrize("count", [1, 12])
def test_a_thread_reads_in_a_constant_number_of_queries(team, touchpoint, client_for, django_assert_num_queries, count):
    for index in range(count):
        comment_create(
            target=touchpoint, author=team.editor if index % 2 else team.viewer, body=f"@olivia note {index}"
        )
    client = client_for(team.viewer)
    # user (the session comes from the cache), touchpoint with role, thread, its comments with authors,
    # their mentions
    with django_assert_num_queries(5):
        response = client.get(thread_url(touchpoint), HTTP_HX_REQUEST="true")
    assert response.content.decode().count('class="comment"') == count
