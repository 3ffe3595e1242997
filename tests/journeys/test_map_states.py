"""A map's state (current, future, or a name of its own) and the dashboard that shows, filters and
orders maps, with a picture of each emotion curve (issue 12: current and future state, dashboard)."""

import json

import pytest
from django.urls import reverse

from exports import services as exports
from exports.formats import FORMATS
from exports.models import JobStatus
from exports.selectors import map_document
from journeys.models import Journey, MapState
from journeys.services import journey_create, journey_update
from touchpoints.services import touchpoint_update

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("journeys:dashboard")


def edit(client, journey, **changes):
    data = {
        "title": journey.title,
        "description": journey.description,
        "state": journey.state,
        "state_name": journey.state_name,
        "review_interval_days": journey.review_interval_days,
        "version": journey.version,
        **changes,
    }
    return client.post(reverse("journeys:journey_edit", args=[journey.pk]), data)


def test_a_new_map_describes_the_current_state(journey):
    assert journey.state == MapState.CURRENT and journey.state_label == "Current state"


def test_the_map_form_sets_the_state_and_a_named_state_needs_its_name(team, journey, client_for):
    client = client_for(team.editor)
    response = edit(client, journey, state="named", state_name="  ")
    assert response.status_code == 422
    assert "Name the state, or choose current or future." in response.content.decode()
    assert Journey.objects.get(pk=journey.pk).state == MapState.CURRENT

    assert edit(client, journey, state="named", state_name=" Pilot in three stores ").status_code == 302
    journey.refresh_from_db()
    assert (journey.state, journey.state_label) == (MapState.NAMED, "Pilot in three stores")

    assert edit(client, journey, state="future", state_name="left over").status_code == 302
    journey.refresh_from_db()
    assert (journey.state, journey.state_name, journey.state_label) == ("future", "", "Future state")
    board = client.get(reverse("boards:board", args=[journey.pk])).content.decode()
    assert '<span class="badge badge-state badge-state-future">Future state</span>' in board


def test_the_api_reads_and_writes_the_state_with_field_errors(team, journey, api_for):
    api = api_for("editor")
    url = f"/api/v1/journeys/{journey.pk}/"
    assert api.get(url).json()["state"] == "current"
    missing = api.patch(url, {"state": "named", "version": journey.version}, format="json")
    assert missing.status_code == 400 and "state_name" in missing.json()
    unknown = api.patch(url, {"state": "someday", "version": journey.version}, format="json")
    assert unknown.status_code == 400 and "state" in unknown.json()
    named = api.patch(url, {"state": "named", "state_name": "Pilot", "version": journey.version}, format="json")
    assert named.status_code == 200 and (named.json()["state"], named.json()["state_name"]) == ("named", "Pilot")
    assert api_for("viewer").patch(url, {"state": "future", "version": 2}, format="json").status_code == 403


def test_the_state_travels_in_the_json_export_and_back(team, journey):
    journey_update(journey=journey, state=MapState.NAMED, state_name="After the relaunch")
    document = map_document(journey.pk)
    assert (document["journey"]["state"], document["journey"]["state_name"]) == ("named", "After the relaunch")
    job = exports.import_job_create_map(
        workspace=team.workspace, upload=_upload(FORMATS["json"].render(document)), created_by=team.editor
    )
    exports.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.problems
    assert job.journey.state_label == "After the relaunch"


def test_a_file_naming_a_state_without_its_name_is_refused_whole(team, journey):
    document = map_document(journey.pk)
    document["journey"].update(state="named", state_name="")
    job = exports.import_job_create_map(
        workspace=team.workspace, upload=_upload(json.dumps(document).encode()), created_by=team.editor
    )
    exports.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert any(problem.get("field") == "state_name" for problem in job.problems)


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("map.json", data)


def _maps(team, count):
    return [
        journey_create(workspace=team.workspace, title=f"Map {n}", template="default", created_by=team.owner)
        for n in range(count)
    ]


def test_the_dashboard_filters_by_state_and_orders_by_name_or_latest_change(team, client_for, touchpoint):
    zeta = journey_create(workspace=team.workspace, title="zeta", template="default", created_by=team.owner)
    alpha = journey_create(workspace=team.workspace, title="Alpha", template="default", created_by=team.owner)
    journey_update(journey=alpha, state=MapState.FUTURE)
    client = client_for(team.viewer)

    def order_of(query=""):
        page = client.get(DASHBOARD + query).content.decode()
        shown = [title for title in ("Retail journey", "zeta", "Alpha") if f">{title}</a>" in page]
        return sorted(shown, key=lambda title: page.index(f">{title}</a>"))

    assert order_of("?order=name") == ["Alpha", "Retail journey", "zeta"]  # (whatever the case)
    assert order_of() == ["Alpha", "zeta", "Retail journey"]  # the latest change first
    # A card's change counts as a change of its map.
    touchpoint_update(touchpoint=touchpoint, title="Newsletter", expected_version=touchpoint.version)
    assert order_of() == ["Retail journey", "Alpha", "zeta"]

    assert order_of("?state=future") == ["Alpha"]
    assert order_of("?state=current&order=name") == ["Retail journey", "zeta"]
    assert "No maps in this state." in client.get(DASHBOARD + "?state=named").content.decode()
    assert order_of("?state=bogus&order=%C2%B2") == ["Retail journey", "Alpha", "zeta"]  # unknown: all, latest
    assert zeta.state == MapState.CURRENT


def test_each_map_shows_its_emotion_curve_readable_without_the_picture(team, client_for, touchpoint):
    page = client_for(team.viewer).get(DASHBOARD).content.decode()
    assert 'role="img" aria-label="Emotion by stage: Awareness 1.0, Consideration no cards,' in page
    assert "<polyline" in page and "5 stages · 1 touchpoint" in page


def test_the_dashboard_makes_the_same_queries_for_one_map_or_many(team, client_for, django_assert_num_queries):
    client = client_for(team.viewer)
    _maps(team, 1)
    client.get(DASHBOARD)  # (the session, the user)
    with django_assert_num_queries(_count_queries(client)) as one:
        client.get(DASHBOARD)
    _maps(team, 6)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(DASHBOARD)


def _count_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(DASHBOARD)
    return len(captured.captured_queries)
