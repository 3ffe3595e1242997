"""In Chromium: an owner invites someone, who signs up through the link, accepts, and
mentions the owner in a comment on a card; the owner finds it in the inbox.

    .venv/bin/python -m pytest -q -m browser tests/browser/test_team_comments_browser.py
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from demo import content as demo
from workspaces.models import Membership, Role, Workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newcomer_page(browser, live_server):
    """A browser context with nobody logged in."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1600, "height": 1000})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_invite_sign_up_accept_comment_and_mention(demo_data, login, newcomer_page, live_server, settings):
    # The board's live stream ends soon, so the test server's threads are free at the end.
    settings.LIVE_STREAM_MAX_SECONDS = 2
    settings.LIVE_HEARTBEAT_SECONDS = 0.5
    get_user_model().objects.filter(username=demo.DEMO_USER).update(email="demo@example.com")
    workspace = Workspace.objects.get(name=demo.WORKSPACE_NAME)

    # The owner goes to the team's members page and invites Nina as an editor.
    owner = login(demo.DEMO_USER)
    owner.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    owner.get_by_role("navigation", name="Main").get_by_role("link", name="Teams").click()
    owner.get_by_role("link", name=demo.WORKSPACE_NAME).click()
    expect(owner.get_by_role("heading", level=1)).to_have_text(f"Members of {demo.WORKSPACE_NAME}")
    invite = owner.get_by_role("form", name="Invite someone")
    invite.get_by_label("E-mail address").fill("nina@example.com")
    invite.get_by_label("Role").select_option(label="Editor")
    invite.get_by_role("button", name="Send invitation").click()
    expect(owner.get_by_role("status").filter(has_text="Invitation for nina@example.com created")).to_be_visible()

    # The link is shown and copied to the clipboard.
    owner.get_by_role("button", name="Copy invitation link for nina@example.com").click()
    expect(owner.locator("#copy-status")).to_have_text("Link copied to the clipboard.")
    link = owner.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(rf"{re.escape(live_server.url)}/join/[\w-]+/", link)
    expect(owner.get_by_role("textbox", name="Invitation link for nina@example.com")).to_have_value(link)
    assert [message.to for message in mail.outbox] == [["nina@example.com"]] and link in mail.outbox[0].body

    # Nina has no account: she opens the link, signs up, and comes back to accept.
    nina = newcomer_page
    nina.goto(link)
    expect(nina.get_by_role("heading", level=1)).to_have_text(f"Join “{demo.WORKSPACE_NAME}”")
    nina.get_by_role("link", name="Sign up").click()
    expect(nina.get_by_label("Email")).to_have_value("nina@example.com")
    nina.get_by_label("Your name").fill("Nina Nowak")
    nina.get_by_label(re.compile(r"^Password\W*$")).fill("kettle-and-teapot-42")
    nina.get_by_label("Password (again)").fill("kettle-and-teapot-42")
    nina.get_by_role("button", name="Sign Up").click()
    # She confirms her address with the link mailed to it (holding the invitation link proves nothing:
    # it may have been forwarded), and is back on the invitation, logged in.
    expect(nina.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    confirmation = next(message for message in mail.outbox if "/accounts/confirm-email/" in message.body)
    assert confirmation.to == ["nina@example.com"]
    nina.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+", confirmation.body).group(0))
    nina.get_by_role("button", name="Confirm").click()
    expect(nina.get_by_text("Editor", exact=True)).to_be_visible()
    nina.get_by_role("button", name="Accept invitation").click()
    expect(nina.get_by_text(f"You joined {demo.WORKSPACE_NAME} as Editor.")).to_be_visible()
    assert Membership.objects.get(workspace=workspace, user__username="nina").role == Role.EDITOR

    # On the board she opens a card beside the map and mentions the owner in its comments.
    nina.get_by_role("link", name=demo.JOURNEY_TITLE).click()
    card = nina.locator("#board li.touchpoint").filter(has=nina.get_by_role("link", name="Search engine results"))
    expect(card.get_by_role("img", name=re.compile("comment"))).to_have_count(0)
    card.get_by_role("link", name="Search engine results").click()
    thread = nina.get_by_role("dialog").get_by_role("region", name="Comments on Search engine results")
    thread.get_by_role("textbox", name="Comment").fill("@demo could we test a <b>shorter</b> ad title?")
    thread.get_by_role("button", name="Post comment").click()
    expect(thread.locator(".comment-body")).to_have_text("@demo could we test a <b>shorter</b> ad title?")
    expect(thread.locator(".mention")).to_have_text("@demo")
    expect(card.get_by_role("img", name="1 comment")).to_be_visible()  # the card behind the panel counts it
    expect(thread.get_by_role("textbox", name="Comment")).to_have_value("")
    expect(nina).to_have_url(re.compile(r"/maps/\d+/$"))  # in place, on the board

    # She edits her comment in place, then resolves the thread.
    thread.get_by_role("link", name=re.compile("^Edit your comment")).click()
    editing = thread.get_by_role("listitem").filter(has=nina.get_by_role("button", name="Save comment"))
    editing.get_by_role("textbox", name="Comment").fill("@demo could we test a shorter ad title? Two ideas inside.")
    editing.get_by_role("button", name="Save comment").click()
    expect(thread.locator(".comment-body")).to_have_text("@demo could we test a shorter ad title? Two ideas inside.")
    expect(thread.get_by_role("listitem")).to_contain_text("edited")
    thread.get_by_role("button", name="Resolve the thread on Search engine results").click()
    expect(thread.get_by_text("Resolved", exact=True)).to_be_visible()
    expect(thread.get_by_role("button", name="Reopen the thread on Search engine results")).to_be_visible()

    # The owner sees one unread mention in the nav, and the comment in the inbox.
    owner.goto("/")
    inbox_link = owner.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox (1 unread)")
    inbox_link.click()
    item = owner.get_by_role("listitem").filter(has_text="mentioned you on “Search engine results”")
    expect(item).to_contain_text("could we test a shorter ad title? Two ideas inside.")
    assert ["demo@example.com"] in [message.to for message in mail.outbox]
    item.get_by_role("button", name=re.compile("^Mark as read")).click()
    expect(owner.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox", exact=True)).to_be_visible()
