import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evidence.models import Confidence, Evidence, RatingScale, Sentiment, sentiment_of_rating
from evidence.selectors import parse_card_evidence, touchpoint_evidence
from evidence.services import MAX_HIGHLIGHTED_PER_MAP, card_confidence_set, evidence_create
from journeys.models import LaneKind
from journeys.services import journey_create, lane_create
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create

HTMX = {"HTTP_HX_REQUEST": "true"}
TODAY = datetime.date(2026, 3, 1)


def add(journey, text="Slow delivery", **fields):
    fields.setdefault("observed_on", TODAY)
    return evidence_create(journey=journey, text=text, **fields)


@pytest.mark.parametrize(
    ("rating", "scale", "sentiment"),
    [
        (1, "five", "negative"),
        (3, "five", "neutral"),
        (4, "five", "positive"),
        (6, "ten", "negative"),
        (8, "ten", "neutral"),
        (9, "ten", "positive"),
    ],
)
def test_the_sentiment_follows_the_rating(rating, scale, sentiment):
    assert sentiment_of_rating(rating, scale) == sentiment


def test_a_rating_sets_the_sentiment_and_stays_in_its_scale(journey):
    item = add(journey, rating=2, rating_scale=RatingScale.FIVE, sentiment=Sentiment.POSITIVE)
    assert item.sentiment == Sentiment.NEGATIVE
    for rating, scale in ((6, RatingScale.FIVE), (11, RatingScale.TEN), (3, RatingScale.NONE)):
        with pytest.raises(ValidationError) as error:
            add(journey, rating=rating, rating_scale=scale)
        assert set(error.value.message_dict) & {"rating", "rating_scale"}
    assert Evidence.objects.count() == 1


def test_evidence_cannot_point_at_another_map(team, journey, touchpoint):
    other = journey_create(workspace=team.workspace, title="Other", template="default", created_by=team.owner)
    with pytest.raises(ValidationError) as error:
        add(other, touchpoints=[touchpoint])
    assert "touchpoints" in error.value.message_dict


def test_highlights_are_bounded_per_map(journey):
    Evidence.objects.bulk_create(
        [
            Evidence(journey=journey, text=f"q{n}", observed_on=TODAY, highlighted=True)
            for n in range(MAX_HIGHLIGHTED_PER_MAP)
        ]
    )
    with pytest.raises(ValidationError) as error:
        add(journey, highlighted=True)
    assert "highlighted" in error.value.message_dict


def _badge(touchpoint):
    return parse_card_evidence(Touchpoint.objects.annotate(b=touchpoint_evidence()).get(pk=touchpoint.pk).b)


def test_confidence_grows_with_evidence_unless_set_by_hand(journey, touchpoint):
    assert _badge(touchpoint) == (0, Confidence.ASSUMPTION)
    add(journey, touchpoints=[touchpoint])
    assert _badge(touchpoint) == (1, Confidence.SOME)
    add(journey, "b", touchpoints=[touchpoint])
    add(journey, "c", touchpoints=[touchpoint])
    assert _badge(touchpoint) == (3, Confidence.VALIDATED)
    card_confidence_set(touchpoint=touchpoint, level=Confidence.SOME)
    assert _badge(touchpoint) == (3, Confidence.SOME)
    card_confidence_set(touchpoint=touchpoint, level="")
    assert _badge(touchpoint) == (3, Confidence.VALIDATED)


def test_the_board_shows_counts_confidence_and_the_evidence_lane(team, journey, touchpoint, client_for):
    lane_create(journey=journey, kind=LaneKind.APP, source="evidence")
    add(
        journey,
        "The bot <b>only</b> links to the locator",
        touchpoints=[touchpoint],
        highlighted=True,
        rating=1,
        rating_scale="five",
    )
    add(journey, "Stage-wide remark", stages=[touchpoint.stage], highlighted=True)
    add(journey, "Not quoted", stages=[touchpoint.stage])
    html = client_for(team.viewer).get(reverse("boards:board", args=[journey.pk])).content.decode()
    assert '; Some evidence: 1 item">' in html and '<span class="ev ev-some">◐ 1</span>' in html
    assert re.search(
        r'<li class="quote sentiment-negative"><span class="visually-hidden">Negative: </span>“The bot &lt;b&gt;only&lt;/b&gt; links',
        html,
    )
    assert "“Stage-wide remark”" in html and "Not quoted" not in html
    assert f"3 items of evidence for {touchpoint.stage.name}" in html


@pytest.mark.parametrize("per_stage", [1, 10])
def test_the_board_with_evidence_keeps_its_query_count(
    team, journey, channel, client_for, per_stage, django_assert_num_queries
):
    lane_create(journey=journey, kind=LaneKind.APP, source="evidence")
    for stage in journey.stages.all():
        for index in range(per_stage):
            card = touchpoint_create(stage=stage, channel=channel, title=f"{stage.name} {index}")
            add(journey, f"said {index}", touchpoints=[card], stages=[stage], highlighted=index == 0)
    client = client_for(team.editor)
    with django_assert_num_queries(9):  # the board's own: the lane reads with the stages, badges with the cards
        html = client.get(reverse("boards:board", args=[journey.pk])).content.decode()
    assert html.count('class="ev ev-some"') == 5 * per_stage


def test_quick_evidence_from_a_card_cites_its_pain_point(team, journey, touchpoint, client_for):
    Touchpoint.objects.filter(pk=touchpoint.pk).update(pain_points="- Too many e-mails\n- No unsubscribe link")
    client = client_for(team.editor)
    url = reverse("evidence:touchpoint_evidence", args=[touchpoint.pk])
    page = client.get(url, **HTMX).content.decode()
    assert '<option value="No unsubscribe link">No unsubscribe link</option>' in page
    response = client.post(
        url,
        {
            "text": "I could not find how to stop them",
            "kind": "ticket",
            "rating": "1",
            "sentiment": "neutral",
            "pain_point": "No unsubscribe link",
            "source": "Ticket 12",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert f'"stages": [{touchpoint.stage_id}]' in response["HX-Trigger"]
    item = Evidence.objects.get()
    assert (item.sentiment, item.rating_scale, list(item.touchpoints.all())) == ("negative", "five", [touchpoint])
    html = response.content.decode()
    assert re.search(r"<dt>No unsubscribe link</dt><dd><q>I could not find how to stop them</q>", html)
    bad = client.post(url, {"text": "", "kind": "ticket", "sentiment": "neutral"}, **HTMX)
    assert bad.status_code == 422 and "This field is required." in bad.content.decode()
    assert client.post(url, {"confidence": "1", "level": "validated"}, **HTMX).status_code == 200
    assert _badge(touchpoint) == (1, Confidence.VALIDATED)


@pytest.mark.parametrize(
    ("role", "read", "write"), [("owner", 200, 302), ("editor", 200, 302), ("viewer", 200, 403), ("outsider", 404, 404)]
)
def test_who_sees_and_adds_evidence(team, journey, touchpoint, client_for, role, read, write):
    item = add(journey, touchpoints=[touchpoint])
    client = client_for(team.users[role])
    for url in (
        reverse("evidence:map", args=[journey.pk]),
        reverse("evidence:touchpoint_evidence", args=[touchpoint.pk]),
        reverse("evidence:stage_evidence", args=[touchpoint.stage_id]),
    ):
        assert client.get(url).status_code == read, url
    data = {"kind": "review", "text": "Nice", "observed_on": "2026-03-02", "sentiment": "positive", "rating_scale": ""}
    assert client.post(reverse("evidence:create", args=[journey.pk]), data).status_code == write
    assert client.post(reverse("evidence:delete", args=[item.pk])).status_code == (302 if write == 302 else write)


def test_the_map_page_filters_and_searches(team, journey, touchpoint, persona, client_for):
    add(
        journey,
        "Delivery was late again",
        kind="ticket",
        touchpoints=[touchpoint],
        persona=persona,
        rating=1,
        rating_scale="five",
    )
    add(journey, "Lovely staff", kind="review", stages=[journey.stages.last()], rating=5, rating_scale="five")
    client = client_for(team.viewer)
    url = reverse("evidence:map", args=[journey.pk])

    def texts(**query):
        html = client.get(url, query).content.decode()
        return set(re.findall(r"<p>“([^”]+)”</p>", html))

    assert texts() == {"Delivery was late again", "Lovely staff"}
    assert texts(search="late delivery") == {"Delivery was late again"}
    assert texts(sentiment="positive") == {"Lovely staff"}
    assert texts(kind="ticket", persona=persona.pk) == {"Delivery was late again"}
    assert texts(stage=touchpoint.stage_id) == {"Delivery was late again"}  # through its card
    assert texts(since="2026-03-02") == set()
    assert client.get(url, {"stage": "²"}).status_code == 400


def test_edit_keeps_what_was_typed_on_a_conflict(team, journey, client_for):
    item = add(journey)
    client = client_for(team.editor)
    url = reverse("evidence:edit", args=[item.pk])
    data = {
        "kind": "survey",
        "text": "Changed",
        "observed_on": "2026-03-01",
        "sentiment": "neutral",
        "rating_scale": "",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    data["text"] = "Changed again"
    response = client.post(url, data)
    assert response.status_code == 422 and "Changed again" in response.content.decode()
    assert Evidence.objects.get().text == "Changed"


def test_the_guide_shows_new_staff_what_customers_say_about_a_stage(team, journey, touchpoint, client_for):
    add(journey, "Plain remark", touchpoints=[touchpoint])
    add(journey, "Telling quote", stages=[touchpoint.stage], highlighted=True)
    html = client_for(team.viewer).get(reverse("guide:stage", args=[touchpoint.stage_id])).content.decode()
    section = html[html.index('id="guide-evidence"') :]
    assert section.index("Telling quote") < section.index("Plain remark")  # the highlighted first
    assert "All 2 items of evidence for this stage" in section
