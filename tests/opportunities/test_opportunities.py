import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boards.selectors import board_for
from journeys.models import LaneKind
from journeys.services import journey_create, lane_create
from opportunities.models import Opportunity, score_of
from opportunities.selectors import BIG_BETS, FILL_INS, MONEY_PITS, QUICK_WINS, quadrant_of, stage_opportunities
from opportunities.services import opportunity_create
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create


def add(journey, title="Fix it", **fields):
    return opportunity_create(journey=journey, title=title, **fields)


@pytest.mark.parametrize(
    ("impact", "effort", "confidence", "score"),
    [(5, 1, 100, "5.00"), (2, 4, 50, "0.25"), (3, 3, 80, "0.80"), (4, 3, 100, "1.33"), (1, 5, 50, "0.10")],
)
def test_the_score_formula_on_known_numbers(impact, effort, confidence, score):
    assert score_of(impact, effort, confidence) == Decimal(score)


def test_the_score_is_stored_and_follows_changes(journey):
    item = add(journey, impact=5, effort=2, confidence=100)
    assert item.score == Decimal("2.50")
    item.effort = 5
    item.save(update_fields=["effort"])
    assert Opportunity.objects.get().score == Decimal("1.00")


@pytest.mark.parametrize(
    ("field", "value"), [("impact", 0), ("impact", 6), ("effort", 9), ("confidence", 70), ("status", "maybe")]
)
def test_out_of_bounds_is_refused_naming_the_field(journey, field, value):
    with pytest.raises(ValidationError) as error:
        add(journey, **{field: value})
    assert field in error.value.message_dict
    assert not Opportunity.objects.exists()


def test_links_stay_on_the_map(team, journey, touchpoint):
    other = journey_create(workspace=team.workspace, title="Other", template="default", created_by=team.owner)
    with pytest.raises(ValidationError) as error:
        add(other, touchpoints=[touchpoint])
    assert "touchpoints" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add(journey, owner=team.outsider)
    assert "owner" in error.value.message_dict


@pytest.mark.parametrize(
    ("impact", "effort", "quadrant"), [(5, 1, QUICK_WINS), (4, 5, BIG_BETS), (1, 1, FILL_INS), (2, 4, MONEY_PITS)]
)
def test_quadrants(impact, effort, quadrant):
    assert quadrant_of(impact, effort) == quadrant


def test_the_backlog_ranks_by_score_and_writes_the_formula(team, journey, client_for):
    add(journey, "Low", impact=1, effort=5, confidence=50)
    add(journey, "High", impact=5, effort=1, confidence=100)
    add(journey, "Done one", impact=5, effort=1, status="done")
    client = client_for(team.viewer)
    html = client.get(reverse("opportunities:backlog", args=[journey.pk])).content.decode()
    titles = re.findall(r'<th scope="row">([^<]+)', html)
    assert titles == ["Done one", "High", "Low"] or titles == ["High", "Done one", "Low"]
    assert "= impact × confidence ÷ effort" in html
    open_only = client.get(
        reverse("opportunities:backlog", args=[journey.pk]), {"status": "open", "sort": "effort"}
    ).content.decode()
    assert re.findall(r'<th scope="row">([^<]+)', open_only) == ["High", "Low"]
    assert client.get(reverse("opportunities:backlog", args=[journey.pk]), {"sort": "nonsense"}).status_code == 400


def test_the_matrix_lists_each_open_point_as_a_link_and_in_a_table(team, journey, client_for):
    add(journey, "Quick <fix>", impact=5, effort=1)
    add(journey, "Same spot", impact=5, effort=1)
    add(journey, "Dropped", status="dropped")
    html = client_for(team.editor).get(reverse("opportunities:matrix", args=[journey.pk])).content.decode()
    links = re.findall(
        r'<a href="/opportunities/\d+/edit/" class="point quick_wins" id="point-\d+"\s+aria-label="([^"]+)">\s*<circle cx="([\d.]+)"',
        html,
    )
    assert [label for label, _x in links] == [
        "Quick &lt;fix&gt;: impact 5, effort 1, score 4.00",
        "Same spot: impact 5, effort 1, score 4.00",
    ]
    assert links[0][1] != links[1][1]  # spread apart, both visible
    assert "Dropped" not in html
    assert html.count("<td>Quick wins</td>") == 2


def test_new_opportunity_from_a_pain_point_prefills_its_links(team, journey, touchpoint, client_for):
    from evidence.services import evidence_create

    item = evidence_create(journey=journey, text="Too many", observed_on="2026-03-01", touchpoints=[touchpoint])
    client = client_for(team.editor)
    url = reverse("opportunities:create", args=[journey.pk])
    html = client.get(url, {"touchpoint": touchpoint.pk, "pain_point": "Too many e-mails"}).content.decode()
    assert f'<option value="{touchpoint.pk}" selected>' in html
    assert f'<option value="{item.pk}" selected>' in html
    assert 'value="Too many e-mails"' in html and ">\nToo many e-mails</textarea>" in html
    data = {
        "title": "Fewer e-mails",
        "pain_points": "Too many e-mails",
        "touchpoints": [touchpoint.pk],
        "evidence": [item.pk],
        "impact": 4,
        "effort": 2,
        "confidence": 80,
        "status": "idea",
    }
    assert client.post(url, data).status_code == 302
    created = Opportunity.objects.get()
    assert (created.score, list(created.touchpoints.all()), list(created.evidence.all())) == (
        Decimal("1.60"),
        [touchpoint],
        [item],
    )
    bad = client.post(url, {**data, "impact": 7})
    assert bad.status_code == 422 and Opportunity.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "read", "write"), [("owner", 200, 302), ("editor", 200, 302), ("viewer", 200, 403), ("outsider", 404, 404)]
)
def test_who_sees_and_changes_opportunities(team, journey, touchpoint, client_for, role, read, write):
    item = add(journey, touchpoints=[touchpoint])
    client = client_for(team.users[role])
    for url in (
        reverse("opportunities:backlog", args=[journey.pk]),
        reverse("opportunities:matrix", args=[journey.pk]),
        reverse("opportunities:touchpoint_opportunities", args=[touchpoint.pk]),
    ):
        assert client.get(url).status_code == read, url
    data = {"title": "T", "impact": 3, "effort": 3, "confidence": 80, "status": "idea", "version": 1}
    assert client.post(reverse("opportunities:edit", args=[item.pk]), data).status_code == write
    assert client.post(reverse("opportunities:delete", args=[item.pk])).status_code == write


@pytest.mark.parametrize("per_stage", [1, 8])
def test_the_board_shows_opportunities_without_more_queries(
    team, journey, channel, client_for, per_stage, django_assert_num_queries
):
    lane_create(journey=journey, kind=LaneKind.APP, source="opportunities")
    for stage in journey.stages.all():
        for index in range(per_stage):
            card = touchpoint_create(stage=stage, channel=channel, title=f"{stage.name} {index}")
            add(journey, f"Improve {stage.name} {index}", touchpoints=[card], impact=1 + index % 5)
    client = client_for(team.editor)
    with django_assert_num_queries(9):
        html = client.get(reverse("boards:board", args=[journey.pk])).content.decode()
    assert html.count('<span class="count">⚑ 1</span>') == 5 * per_stage
    first = journey.stages.first()
    assert f"{per_stage} opportunit" in html and f"in {first.name}" in html
    assert Touchpoint.objects.count() == 5 * per_stage


def test_the_opportunities_lane_counts_an_opportunity_named_for_a_stage_and_its_cards_once(team, journey, channel):
    lane_create(journey=journey, kind=LaneKind.APP, source="opportunities")
    stage, other = journey.stages.order_by("position")[:2]
    cards = [touchpoint_create(stage=stage, channel=channel, title=f"Card {index}") for index in range(2)]
    add(journey, "Fewer e-mails", touchpoints=cards, stages=[stage], impact=4)
    add(journey, "Clearer prices", touchpoints=[cards[0]], impact=2)
    add(journey, "Dropped idea", touchpoints=[cards[1]], status="dropped")
    stages = {s.pk: s for s in board_for(journey).stages}
    assert stage_opportunities(stages[stage.pk].opportunity_titles) == (
        [(str(score_of(4, 3, 80)), "Fewer e-mails"), (str(score_of(2, 3, 80)), "Clearer prices")],
        2,
    )
    assert stage_opportunities(stages[other.pk].opportunity_titles) == ([], 0)


def test_the_activity_feed_tells_who_recorded_added_and_changed_what(team, journey, touchpoint, client_for):
    from evidence.services import evidence_create, evidence_delete
    from metrics.models import Metric
    from metrics.services import reading_record, reading_update
    from opportunities.services import opportunity_update

    csat = Metric.objects.get(workspace=team.workspace, name="CSAT")
    reading = reading_record(
        metric=csat,
        journey=journey,
        value=Decimal("3.2"),
        period_start=datetime.date(2026, 3, 1),
        recorded_by=team.editor,
    )
    reading_update(reading=reading, value=Decimal("3.6"), recorded_by=team.owner)
    item = evidence_create(journey=journey, text="Too slow", observed_on="2026-03-02", created_by=team.editor)
    evidence_delete(evidence=item, actor=team.owner)
    chance = add(journey, "Faster replies", created_by=team.editor)
    opportunity_update(opportunity=chance, status="planned", actor=team.owner)
    html = client_for(team.viewer).get(reverse("activity:map", args=[journey.pk])).content.decode()
    for sentence in (
        "Eddie recorded the reading “CSAT 2026-03-01: 3.2”",
        "Olivia corrected the reading",
        "Eddie added the evidence “Too slow”",
        "Olivia deleted the evidence “Too slow”",
        "Eddie added the opportunity “Faster replies”",
        "Olivia edited the opportunity “Faster replies”",
    ):
        assert sentence in html, sentence
    assert re.search(r"Status</th><td class=\"note\"><del>Idea</del></td><td class=\"note\"><ins>Planned</ins>", html)
