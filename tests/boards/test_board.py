import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from channels.models import Channel
from journeys.models import Journey, Stage
from journeys.services import journey_create
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create

HTMX = {"HTTP_HX_REQUEST": "true"}


def board_url(journey):
    return reverse("boards:board", args=[journey.pk])


@pytest.mark.parametrize(
    ("role", "status", "edit_controls"),
    [("owner", 200, True), ("editor", 200, True), ("viewer", 200, False), ("outsider", 404, False)],
)
def test_board_permission_matrix(team, journey, touchpoint, client_for, role, status, edit_controls):
    response = client_for(team.users[role]).get(board_url(journey))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Promotional e-mail" in html
        assert ("Add touchpoint" in html) is edit_controls
        assert ('class="add-card"' in html) is edit_controls
        assert (reverse("boards:lanes", args=[journey.pk]) in html) is edit_controls


def test_anonymous_user_is_sent_to_login(journey, client_for):
    response = client_for(None).get(board_url(journey))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_board_shows_stages_in_order_with_lanes(team, journey, touchpoint, client_for):
    Touchpoint.objects.filter(pk=touchpoint.pk).update(pain_points="Too many e-mails", opportunities="Segment the list")
    html = client_for(team.viewer).get(board_url(journey)).content.decode()
    positions = [
        html.index(f">{name}</h2>") for name in ["Awareness", "Consideration", "Purchase", "Post-purchase", "Loyalty"]
    ]
    assert positions == sorted(positions)
    assert "Too many e-mails" in html and "Segment the list" in html
    assert "<svg" in html and "Emotion curve" in html


def test_user_text_is_escaped_on_the_board(team, journey, channel, client_for):
    stage = journey.stages.first()
    touchpoint_create(
        stage=stage, channel=channel, title="<script>alert(1)</script>", pain_points="<img src=x onerror=alert(1)>"
    )
    html = client_for(team.owner).get(board_url(journey)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_a_cards_marks_have_one_name_saying_all_of_them_escaped(team, journey, channel, persona, client_for):
    from comments.services import comment_create
    from personas.services import persona_update

    persona_update(persona=persona, name='Kim "Lee" <b>')
    card = touchpoint_create(
        stage=journey.stages.first(), channel=channel, title="Hours", emotion=-2, personas=[persona]
    )
    comment_create(target=card, author=team.owner, body="Check the hours")
    html = client_for(team.viewer).get(board_url(journey)).content.decode()
    start = html.index(f'id="touchpoint-{card.pk}"')
    assert html[start : html.index("</li>", start)] == (
        f'id="touchpoint-{card.pk}"><a href="/touchpoints/{card.pk}/">Hours</a>E-mail'
        '<b role="img" aria-label="Emotion: Very negative; Kim &quot;Lee&quot; &lt;b&gt;; 1 comment">-2'
        '<i class="indigo">K&quot;</i><span class="count">💬 1</span></b>'
    )


def _fill_map(journey, channel, per_stage):
    stages = list(journey.stages.all())
    persona = journey.personas.first()
    for stage in stages:
        for index in range(per_stage):
            card = touchpoint_create(stage=stage, channel=channel, title=f"{stage.name} {index}", emotion=index % 5 - 2)
            card.personas.add(persona)


@pytest.mark.parametrize("per_stage", [1, 12])
def test_board_query_count_does_not_grow_with_the_board(
    team, journey, channel, client_for, per_stage, django_assert_num_queries
):
    _fill_map(journey, channel, per_stage)
    client = client_for(team.editor)
    # user (the session comes from the cache), journey + role, personas, stages (+ their badges and
    # what lanes read with them), touchpoints (+ channel, personas, badges), channels, lanes, text
    # lanes' cells, the nav's unread inbox count
    with django_assert_num_queries(9):
        response = client.get(board_url(journey))
    assert response.content.decode().count('<li class="touchpoint ') == 5 * per_stage


def test_filter_by_persona_and_channel(team, journey, channel, persona, client_for):
    stage = journey.stages.first()
    other_channel = Channel.objects.get(workspace=team.workspace, name="Store")
    tagged = touchpoint_create(stage=stage, channel=channel, title="Tagged e-mail", personas=[persona])
    touchpoint_create(stage=stage, channel=other_channel, title="Store visit")
    client = client_for(team.viewer)
    by_persona = client.get(board_url(journey), {"persona": persona.pk}).content.decode()
    assert "Tagged e-mail" in by_persona and "Store visit" not in by_persona
    by_channel = client.get(board_url(journey), {"channel": other_channel.pk}).content.decode()
    assert "Store visit" in by_channel and "Tagged e-mail" not in by_channel
    assert tagged.pk


def test_filter_request_from_htmx_returns_only_the_board_body(team, journey, client_for):
    response = client_for(team.viewer).get(board_url(journey), HTTP_HX_TARGET="board-body", **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board-body"')
    assert "<html" not in html


def test_dashboard_lists_only_the_users_maps(team, journey, client_for):
    journey_create(workspace=team.other_workspace, title="Secret map", created_by=team.outsider)
    html = client_for(team.viewer).get(reverse("journeys:dashboard")).content.decode()
    assert "Retail journey" in html and "Secret map" not in html
    assert "New map" not in html  # a viewer cannot create maps


def test_dashboard_dates_a_map_by_its_last_change_in_words_and_in_the_readers_order(team, journey, client_for):
    client = client_for(team.viewer)
    html = client.get(reverse("journeys:dashboard")).content.decode()
    assert "Updated now" in html and "0 minutes" not in html
    Journey.objects.filter(pk=journey.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=3))
    assert "Updated 3\xa0hours ago" in client.get(reverse("journeys:dashboard")).content.decode()
    polish = client.get(reverse("journeys:dashboard"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "Zaktualizowano 3\xa0godziny\xa0temu" in polish


def test_english_dates_read_day_first():
    day = datetime.date(2026, 12, 4)
    assert date_format(day, "SHORT_DATE_FORMAT") == "4 Dec 2026"
    assert date_format(day, "DATE_FORMAT") == "4 December 2026"


def test_the_template_picker_says_what_each_template_suits(team, client_for):
    html = client_for(team.editor).get(reverse("journeys:journey_create")).content.decode()
    assert "Article 00" not in html
    assert "For considered purchases, often business to business" in html


def test_editor_creates_a_map_from_a_template(team, client_for):
    response = client_for(team.editor).post(
        reverse("journeys:journey_create"), {"workspace": team.workspace.pk, "title": "Buyer map", "template": "buyer"}
    )
    journey = Journey.objects.get(title="Buyer map")
    assert response.status_code == 302 and response.url == board_url(journey)
    assert list(journey.stages.values_list("name", flat=True)) == ["Awareness", "Consideration", "Decision", "Customer"]


def test_create_map_with_empty_title_shows_the_error_and_keeps_input(team, client_for):
    response = client_for(team.editor).post(
        reverse("journeys:journey_create"), {"workspace": team.workspace.pk, "title": "", "description": "Kept text"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "This field is required." in html and "Kept text" in html
    assert not Journey.objects.filter(description="Kept text").exists()


def test_viewer_and_outsider_cannot_create_maps_in_the_workspace(team, client_for):
    client_for(team.viewer).post(reverse("journeys:journey_create"), {"workspace": team.workspace.pk, "title": "X"})
    client_for(team.outsider).post(reverse("journeys:journey_create"), {"workspace": team.workspace.pk, "title": "Y"})
    assert not Journey.objects.filter(workspace=team.workspace, title__in=["X", "Y"]).exists()


@pytest.mark.parametrize(("role", "status"), [("owner", 302), ("editor", 302), ("viewer", 403), ("outsider", 404)])
def test_journey_edit_permission_matrix(team, journey, client_for, role, status):
    response = client_for(team.users[role]).post(
        reverse("journeys:journey_edit", args=[journey.pk]),
        {"title": "Renamed", "description": "", "review_interval_days": 90, "version": journey.version},
    )
    assert response.status_code == status
    journey.refresh_from_db()
    assert (journey.title == "Renamed") is (status == 302)


def test_journey_edit_from_a_stale_version_is_refused(team, journey, client_for):
    client = client_for(team.editor)
    url = reverse("journeys:journey_edit", args=[journey.pk])
    data = {"title": "First", "description": "", "review_interval_days": 90, "version": journey.version}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "Second"})
    assert response.status_code == 422
    assert "Someone else changed this" in response.content.decode()
    journey.refresh_from_db()
    assert journey.title == "First"


class TestStages:
    def test_editor_adds_a_stage_in_place(self, team, journey, client_for):
        response = client_for(team.editor).post(
            reverse("boards:stage_create", args=[journey.pk]),
            {"name": "Advocacy", "customer_goal": "Tell friends"},
            **HTMX,
        )
        assert response.status_code == 200
        assert "Advocacy" in response.content.decode()
        assert journey.stages.last().name == "Advocacy"

    def test_stage_without_name_shows_the_error_beside_the_field(self, team, journey, client_for):
        response = client_for(team.editor).post(
            reverse("boards:stage_create", args=[journey.pk]), {"name": "", "description": "Typed"}, **HTMX
        )
        assert response.status_code == 422
        html = response.content.decode()
        assert "This field is required." in html and "Typed" in html
        assert journey.stages.count() == 5

    def test_editor_renames_a_stage(self, team, journey, client_for):
        stage = journey.stages.first()
        response = client_for(team.editor).post(
            reverse("boards:stage_edit", args=[stage.pk]), {"name": "Discovery", "version": stage.version}, **HTMX
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<div class="stage-head" id="stage-{stage.pk}"' in html and 'hx-swap-oob="true"' in html
        assert ">Discovery</h2>" in html
        assert "panel-close" in response["HX-Trigger"]
        stage.refresh_from_db()
        assert stage.name == "Discovery"

    def test_stage_moves_right_and_left(self, team, journey, client_for):
        awareness = journey.stages.get(name="Awareness")
        client = client_for(team.editor)
        client.post(reverse("boards:stage_move", args=[awareness.pk]), {"direction": "right"}, **HTMX)
        assert list(journey.stages.values_list("name", flat=True))[:2] == ["Consideration", "Awareness"]
        client.post(reverse("boards:stage_move", args=[awareness.pk]), {"direction": "left"}, **HTMX)
        assert list(journey.stages.values_list("name", flat=True))[:2] == ["Awareness", "Consideration"]

    def test_deleting_a_stage_deletes_its_touchpoints(self, team, journey, touchpoint, client_for):
        response = client_for(team.owner).post(reverse("boards:stage_delete", args=[touchpoint.stage_id]), **HTMX)
        assert response.status_code == 200
        assert not Touchpoint.objects.filter(pk=touchpoint.pk).exists()
        assert list(journey.stages.values_list("position", flat=True)) == [0, 1, 2, 3]

    @pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("outsider", 404)])
    def test_viewer_and_outsider_cannot_change_stages(self, team, journey, client_for, role, status):
        stage = journey.stages.first()
        client = client_for(team.users[role])
        assert client.post(reverse("boards:stage_create", args=[journey.pk]), {"name": "X"}).status_code == status
        assert client.post(reverse("boards:stage_edit", args=[stage.pk]), {"name": "X"}).status_code == status
        assert client.post(reverse("boards:stage_move", args=[stage.pk]), {"direction": "right"}).status_code == status
        assert client.post(reverse("boards:stage_delete", args=[stage.pk])).status_code == status
        assert next(iter(journey.stages.values_list("name", flat=True))) == "Awareness"
        assert Stage.objects.filter(journey=journey).count() == 5


class TestRenderedCardsAreNeverStale:
    """Cards are cached by what they show; each change below must reach the next board render."""

    def render(self, client, journey):
        return client.get(board_url(journey)).content.decode()

    def test_an_edited_card_shows_its_new_text(self, team, journey, touchpoint, client_for):
        from touchpoints.services import touchpoint_update

        client = client_for(team.editor)
        assert "Promotional e-mail" in self.render(client, journey)
        touchpoint_update(touchpoint=touchpoint, title="Weekly digest")
        html = self.render(client, journey)
        assert "Weekly digest" in html and "Promotional e-mail" not in html

    def test_a_renamed_channel_or_persona_shows_on_cards_and_a_renamed_owner_in_the_card(
        self, team, journey, touchpoint, persona, channel, client_for
    ):
        from channels.services import channel_update
        from touchpoints.services import touchpoint_update

        touchpoint_update(touchpoint=touchpoint, owner=team.editor)
        client = client_for(team.editor)
        self.render(client, journey)
        channel_update(channel=channel, name="Newsletter e-mail")
        persona.name = "Seo-yeon Kim"
        persona.color = "#0f766e"
        persona.save()
        team.editor.first_name = "Edwina"
        team.editor.save()
        html = self.render(client, journey)
        assert '</a>Newsletter e-mail<b role="img"' in html
        assert '; Seo-yeon Kim">' in html and '<i class="teal">SK</i>' in html
        panel = client.get(reverse("boards:touchpoint_detail", args=[touchpoint.pk]), **HTMX).content.decode()
        assert "Owner: Edwina" in panel

    def test_a_viewer_never_gets_an_editors_cells(self, team, journey, touchpoint, client_for):
        assert 'class="add-card"' in self.render(client_for(team.editor), journey)
        assert 'class="add-card"' not in self.render(client_for(team.viewer), journey)


def test_dashboard_shows_the_role_in_the_users_language(team, journey, client_for):
    client = client_for(team.viewer)
    assert '<span class="badge badge-role">Viewer</span>' in client.get(reverse("journeys:dashboard")).content.decode()
    polish = client.get(reverse("journeys:dashboard"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert '<span class="badge badge-role">Przeglądający</span>' in polish


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "-1", "abc"])
def test_a_filter_that_is_no_id_is_ignored(team, journey, client_for, value):
    client = client_for(team.editor)
    assert client.get(board_url(journey), {"persona": value, "channel": value}).status_code == 200
    response = client.get(
        reverse("boards:parts", args=[journey.pk]),
        {"stage": journey.stages.first().pk},
        HTTP_HX_CURRENT_URL=f"http://testserver/maps/{journey.pk}/?persona={value}",
    )
    assert response.status_code == 200


def test_the_old_curve_address_opens_the_map_it_belongs_to(team, journey, client_for):
    response = client_for(team.viewer).get(reverse("boards:curve", args=[journey.pk]))
    assert response.status_code == 302 and response.url == board_url(journey)
    assert client_for(team.outsider).get(reverse("boards:curve", args=[journey.pk])).status_code == 404
