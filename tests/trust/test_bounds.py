"""Every number and date a person gives has bounds in the model, the form and the API: a value past them
is refused naming the field, and nothing already saved can break a page (finding 4 of the trust issue:
`review_interval_days` = 2147483647 was accepted, then the board and the guide answered 500)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journeys.models import Journey
from strategies.models import Strategy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", [0, 3651, 2147483647, 2**70])
def test_the_api_refuses_a_review_interval_out_of_bounds(journey, api_for, days):
    response = api_for("owner").patch(f"/api/v1/journeys/{journey.pk}/", {"review_interval_days": days}, format="json")
    assert response.status_code == 400
    assert "review_interval_days" in response.json()
    assert Journey.objects.get(pk=journey.pk).review_interval_days == 90


@pytest.mark.parametrize("days", ["0", "3651", "2147483647", "99999999999999999999999"])
def test_the_form_refuses_a_review_interval_out_of_bounds_beside_the_field(team, journey, client_for, days):
    data = {"title": journey.title, "description": "", "review_interval_days": days, "version": journey.version}
    response = client_for(team.owner).post(reverse("journeys:journey_edit", args=[journey.pk]), data)
    assert response.status_code == 422
    assert response.context["form"].errors["review_interval_days"]
    assert Journey.objects.get(pk=journey.pk).review_interval_days == 90


def test_the_form_shows_the_bounds(team, journey, client_for):
    html = client_for(team.owner).get(reverse("journeys:journey_edit", args=[journey.pk])).content.decode()
    assert 'name="review_interval_days"' in html and 'min="1"' in html and 'max="3650"' in html


def test_the_database_refuses_what_gets_past_the_checks(journey):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Journey.objects.filter(pk=journey.pk).update(review_interval_days=2147483647)


def test_a_map_at_the_bounds_still_shows_its_board_and_guide(team, journey, client_for):
    from strategies.services import strategy_create

    stage = journey.stages.first()
    strategy = strategy_create(journey=journey, stage=stage, title="Old", body="", author=team.editor)
    Strategy.objects.filter(pk=strategy.pk).update(last_reviewed_on=datetime.date(1900, 1, 1))
    Journey.objects.filter(pk=journey.pk).update(review_interval_days=3650)
    client = client_for(team.viewer)
    assert client.get(reverse("boards:board", args=[journey.pk])).status_code == 200
    assert client.get(reverse("guide:map", args=[journey.pk])).status_code == 200


@pytest.mark.parametrize(
    ("field", "model_path"),
    [
        ("period_start", "metrics.models.Reading"),
        ("observed_on", "evidence.models.Evidence"),
        ("target_date", "opportunities.models.Opportunity"),
        ("last_reviewed_on", "strategies.models.Strategy"),
    ],
)
@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(1899, 12, 31), datetime.date(9999, 12, 31)])
def test_dates_have_bounds_in_the_model(field, model_path, day):
    from django.utils.module_loading import import_string

    model = import_string(model_path)
    with pytest.raises(ValidationError) as error:
        model._meta.get_field(field).run_validators(day)
    assert error.value.messages


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_api_refuses_a_reading_date_out_of_bounds(team, journey, api_for, day):
    from metrics.models import Metric

    csat = Metric.objects.get(workspace=team.workspace, name="CSAT")
    data = {"metric": csat.pk, "journey": journey.pk, "value": "4", "period_start": day}
    response = api_for("editor").post("/api/v1/readings/", data, format="json")
    assert response.status_code == 400
    assert "period_start" in response.json()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_api_refuses_evidence_and_opportunity_dates_out_of_bounds(journey, api_for, day):
    api = api_for("editor")
    evidence = api.post("/api/v1/evidence/", {"journey": journey.pk, "text": "x", "observed_on": day}, format="json")
    assert evidence.status_code == 400 and "observed_on" in evidence.json()
    opportunity = api.post(
        "/api/v1/opportunities/", {"journey": journey.pk, "title": "x", "target_date": day}, format="json"
    )
    assert opportunity.status_code == 400 and "target_date" in opportunity.json()


def test_text_fields_have_a_length_the_api_and_the_form_enforce(team, journey, touchpoint, api_for, client_for):
    """20 cards of 2.3 MB each made a 42 MB board: a card's texts are 4,000 characters at most."""
    response = api_for("editor").patch(f"/api/v1/touchpoints/{touchpoint.pk}/", {"does": "x" * 4001}, format="json")
    assert response.status_code == 400 and "does" in response.json()
    page = client_for(team.editor).post(
        reverse("boards:touchpoint_edit", args=[touchpoint.pk]),
        {
            "title": touchpoint.title,
            "stage": touchpoint.stage_id,
            "channel": touchpoint.channel_id,
            "emotion": 0,
            "does": "x" * 2_300_000,
            "version": touchpoint.version,
        },
    )
    assert page.status_code == 422 and page.context["form"].errors["does"]
    stage = journey.stages.first()
    strategy = api_for("editor").post(
        "/api/v1/strategies/",
        {"journey": journey.pk, "stage": stage.pk, "title": "Long", "body": "x" * 50_001},
        format="json",
    )
    assert strategy.status_code == 400 and "body" in strategy.json()
