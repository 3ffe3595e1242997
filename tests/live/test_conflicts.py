"""An edit saved from a stale version: both versions, and the choice of keep / mine / merge."""

import re
from html import unescape

from django.urls import reverse

from touchpoints.models import Touchpoint

HTMX = {"HTTP_HX_REQUEST": "true"}


def edit_url(touchpoint):
    return reverse("boards:touchpoint_edit", args=[touchpoint.pk])


def open_form(client, touchpoint) -> dict:
    """The edit form's fields as a browser would post them."""
    return form_data(client.get(edit_url(touchpoint), **HTMX).content.decode())


def form_data(html) -> dict:
    data = {}
    for name, value in re.findall(r'<input type="(?:text|hidden)" name="(\w+)" value="([^"]*)"', html):
        data[name] = unescape(value)
    for name, body in re.findall(r'<textarea name="(\w+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = unescape(body).strip()
    for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.findall(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = selected[0] if selected else ""
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_the_edit_form_remembers_what_it_started_from(team, touchpoint, client_for):
    data = open_form(client_for(team.editor), touchpoint)
    assert data["version"] == "1"
    assert '"title":["Promotional e-mail"]' in data["base"]


def test_a_stale_save_shows_both_versions_and_three_choices(team, touchpoint, client_for):
    mine = open_form(client_for(team.owner), touchpoint)
    bob = client_for(team.editor)
    theirs = open_form(bob, touchpoint)
    assert bob.post(edit_url(touchpoint), {**theirs, "title": "Their title"}, **HTMX).status_code == 200

    alice = client_for(team.owner)
    response = alice.post(edit_url(touchpoint), {**mine, "title": "My title", "does": "Reads it"}, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    table = html[html.index('<table class="conflict-table">') : html.index("</table>")]
    rows = re.findall(
        r'<tr( class="conflict-both")?>\s*<th scope="row">(.*?)</th>\s*<td>(.*?)</td>\s*<td>(.*?)</td>', table, re.S
    )
    assert [
        (bool(both), re.sub(r"<.*", "", label).strip(), current, yours) for both, label, current, yours in rows
    ] == [
        (True, "Title", "Their title", "My title"),
        (False, "What the customer does", "—", "Reads it"),
    ]
    assert "Keep the current version" in html and "Apply mine anyway" in html and "Edit a merge" in html
    assert 'value="My title"' in html  # what I typed is still in the form
    assert 'name="version" value="2"' in html  # saving again applies mine over the current version
    assert Touchpoint.objects.get(pk=touchpoint.pk).title == "Their title"


def test_apply_mine_anyway_writes_only_what_i_changed(team, touchpoint, client_for):
    """Finding 16 of the trust issue: "Apply mine anyway" also wrote back the fields I never touched,
    reverting a colleague's change to them."""
    client = client_for(team.editor)
    mine = open_form(client, touchpoint)
    client.post(edit_url(touchpoint), {**mine, "feels": "Annoyed", "title": "Their title"}, **HTMX)
    response = client.post(edit_url(touchpoint), {**mine, "title": "Mine"}, **HTMX)
    assert response.status_code == 422
    again = dict(mine, title="Mine", version=re.search(r'name="version" value="(\d+)"', response.content.decode())[1])
    assert client.post(edit_url(touchpoint), {**again, "resolve": "mine"}, **HTMX).status_code == 200
    touchpoint.refresh_from_db()
    # Mine where I changed it (even where they did too); theirs where only they did.
    assert (touchpoint.title, touchpoint.feels, touchpoint.version) == ("Mine", "Annoyed", 3)


def test_a_card_deleted_while_i_edit_it_keeps_my_text_as_a_new_card(team, touchpoint, client_for):
    """Finding 16: the save of a card deleted meanwhile answered a bare 404 and the text was lost."""
    from touchpoints.services import touchpoint_delete

    client = client_for(team.editor)
    mine = open_form(client, touchpoint)
    url, stage_id, title = edit_url(touchpoint), touchpoint.stage_id, touchpoint.title
    touchpoint_delete(touchpoint=touchpoint)
    response = client.post(url, {**mine, "does": "My careful notes"}, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone deleted this touchpoint while you were editing it." in html
    assert re.search(r'<textarea name="does"[^>]*>\s*My careful notes</textarea>', html)
    create_url = reverse("boards:touchpoint_create", args=[stage_id])
    assert f'hx-post="{create_url}"' in html
    assert client.post(create_url, form_data(html), **HTMX).status_code == 200
    assert Touchpoint.objects.get(does="My careful notes").title == title
    outsider = client_for(team.viewer).post(url, {**mine, "does": "x"}, **HTMX)
    assert outsider.status_code == 403  # a viewer cannot add it


def test_edit_a_merge_combines_both_sides_and_lists_what_both_changed(team, touchpoint, client_for):
    client = client_for(team.editor)
    mine = open_form(client, touchpoint)
    theirs = {**mine, "feels": "Annoyed by the subject line", "title": "Their title"}
    assert client.post(edit_url(touchpoint), theirs, **HTMX).status_code == 200

    stale = {**mine, "does": "Opens it on the bus", "title": "My title"}
    conflict = client.post(edit_url(touchpoint), stale, **HTMX)
    assert conflict.status_code == 422
    # The browser posts the conflict form as it was drawn, with the button pressed.
    response = client.post(edit_url(touchpoint), {**form_data(conflict.content.decode()), "resolve": "merge"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your merge" in html
    assert re.search(r'<textarea name="feels"[^>]*>\s*Annoyed by the subject line</textarea>', html)  # theirs only
    assert re.search(r'<textarea name="does"[^>]*>\s*Opens it on the bus</textarea>', html)  # mine only
    assert 'name="title" value="My title"' in html  # both changed: mine, with theirs beside it
    assert "<td>Their title</td>" in html
    assert 'name="version" value="2"' in html
    # Nothing was saved by asking for the merge; saving it applies it.
    touchpoint.refresh_from_db()
    assert (touchpoint.title, touchpoint.does, touchpoint.version) == ("Their title", "", 2)
    merged = form_data(html)
    assert client.post(edit_url(touchpoint), merged, **HTMX).status_code == 200
    touchpoint.refresh_from_db()
    assert (touchpoint.title, touchpoint.does, touchpoint.feels) == (
        "My title",
        "Opens it on the bus",
        "Annoyed by the subject line",
    )


def test_keep_the_current_version_closes_the_form_on_the_current_card(team, touchpoint, client_for):
    client = client_for(team.editor)
    mine = open_form(client, touchpoint)
    client.post(edit_url(touchpoint), {**mine, "title": "Theirs"}, **HTMX)
    html = client.post(edit_url(touchpoint), {**mine, "title": "Mine"}, **HTMX).content.decode()
    keep = re.search(r'hx-get="([^"]+)" hx-target="#panel-body">Keep the current version', html)[1]
    panel = client.get(keep, **HTMX).content.decode()
    assert 'value="Theirs"' in panel and "Mine" not in panel
    assert Touchpoint.objects.get(pk=touchpoint.pk).title == "Theirs"


def test_a_viewer_cannot_ask_for_a_merge(team, touchpoint, client_for):
    response = client_for(team.viewer).post(edit_url(touchpoint), {"resolve": "merge"}, **HTMX)
    assert response.status_code == 403


def test_a_stale_stage_edit_offers_the_same_choice_and_merges(team, journey, client_for):
    stage = journey.stages.get(position=0)
    url = reverse("boards:stage_edit", args=[stage.pk])
    client = client_for(team.editor)
    mine = form_data(client.get(url, **HTMX).content.decode())
    assert client.post(url, {**mine, "customer_goal": "Hear about the sale"}, **HTMX).status_code == 200

    conflict = client.post(url, {**mine, "name": "Discovery"}, **HTMX)
    assert conflict.status_code == 422
    html = conflict.content.decode()
    assert "Their version and yours" in html and "Edit a merge" in html
    assert f'hx-get="{reverse("boards:stage_edit", args=[stage.pk])}" hx-target="#panel-body"' in html

    merged = client.post(url, {**form_data(html), "resolve": "merge"}, **HTMX)
    assert merged.status_code == 200 and "Your merge" in merged.content.decode()
    assert client.post(url, form_data(merged.content.decode()), **HTMX).status_code == 200
    stage.refresh_from_db()
    assert (stage.name, stage.customer_goal) == ("Discovery", "Hear about the sale")
