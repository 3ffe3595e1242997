"""@username mentions: members only; they get an inbox item and an e-mail."""

from django.core import mail

from comments.mentions import mentioned_names, render_body
from comments.models import Notification
from comments.services import comment_create, comment_update
from workspaces.services import membership_remove


def test_mentioned_names_drop_trailing_punctuation_and_ignore_e_mail_addresses():
    body = "Thanks @Olivia. Ask @eddie, and @vera-! Not me@example.com nor @"
    assert mentioned_names(body) == {"olivia", "eddie", "vera"}


def test_mentions_of_members_create_notifications(team, touchpoint, django_capture_on_commit_callbacks):
    team.editor.email = ""  # (an account without an address: mentioned, but not mailed)
    team.editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(target=touchpoint, author=team.viewer, body="@olivia @eddie what do you think?")
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"olivia", "eddie"}
    assert set(comment.mentions.values_list("username", flat=True)) == {"olivia", "eddie"}
    # Only Olivia has an address.
    assert [message.to for message in mail.outbox] == [["olivia@example.com"]]
    message = mail.outbox[0]
    assert "Vera mentioned you" in message.subject and "Promotional e-mail" in message.subject
    assert "@olivia @eddie what do you think?" in message.body
    assert f"/touchpoints/{touchpoint.pk}/comments/" in message.body


def test_outsiders_are_not_notified_even_when_named(team, touchpoint):
    comment_create(target=touchpoint, author=team.editor, body="cc @oscar @nobody")
    assert not Notification.objects.exists()


def test_a_former_member_is_no_longer_mentionable(team, touchpoint):
    from workspaces.models import Membership

    membership_remove(membership=Membership.objects.get(workspace=team.workspace, user=team.viewer))
    comment_create(target=touchpoint, author=team.editor, body="@vera")
    assert not Notification.objects.exists()


def test_mentioning_yourself_notifies_nobody(team, touchpoint):
    comment_create(target=touchpoint, author=team.editor, body="note to self @eddie")
    assert not Notification.objects.exists()


def test_mentions_match_usernames_case_insensitively(team, touchpoint):
    comment_create(target=touchpoint, author=team.editor, body="@OLIVIA")
    assert Notification.objects.get().recipient == team.owner


def test_editing_notifies_only_newly_mentioned_members(team, touchpoint, django_capture_on_commit_callbacks):
    comment = comment_create(target=touchpoint, author=team.editor, body="@olivia")
    team.viewer.email = "vera@example.com"
    team.viewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        comment_update(comment=comment, editor=team.editor, body="@olivia and @vera")
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["olivia", "vera"]
    assert [message.to for message in mail.outbox] == [["vera@example.com"]]


def test_mentions_are_highlighted_and_the_rest_escaped():
    html = render_body("<i>hi</i> @olivia, @oscar", ["olivia"])
    assert html == '&lt;i&gt;hi&lt;/i&gt; <strong class="mention">@olivia</strong>, @oscar'


def test_a_mention_cannot_smuggle_markup():
    html = render_body('@a"><script>', ["a"])
    assert "<script>" not in html and html == '<strong class="mention">@a</strong>&quot;&gt;&lt;script&gt;'
