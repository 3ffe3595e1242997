"""Import fixes (issue 13, item 6): a CSV naming a channel the workspace does not have is an error
naming the row and the known channels, unless the user ticks "Create missing channels" (then the
report lists them); an imported map or a copy whose title is taken gets a mark and a number."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from channels.models import Channel
from exports import services
from exports.formats import FORMATS
from exports.models import ImportJob, JobStatus
from exports.selectors import map_document
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db
CSV = "stage,title,channel\nAwareness,Baner,Nowy kanał\nAwareness,Plakat,Store\n"


def run(job) -> ImportJob:
    services.import_job_run(job_id=job.pk)
    return ImportJob.objects.select_related("journey").get(pk=job.pk)


def test_an_unknown_channel_is_an_error_naming_the_row_and_the_known_channels(rich_map, team, client_for):
    client = client_for(team.editor)
    url = reverse("exports:import_touchpoints", args=[rich_map.pk])
    client.post(url, {"file": SimpleUploadedFile("cards.csv", CSV.encode())})
    job = run(ImportJob.objects.get())
    assert job.status == JobStatus.FAILED
    [problem] = job.problems
    known = ", ".join(
        sorted(Channel.objects.filter(workspace=team.workspace).values_list("name", flat=True), key=str.casefold)
    )
    assert problem == {
        "row": 2,
        "field": "channel",
        "message": f"The workspace has no channel “Nowy kanał”. Its channels: {known}.",
    }
    assert not Channel.objects.filter(name="Nowy kanał").exists()
    assert not Touchpoint.objects.filter(title="Plakat").exists()  # the whole file is refused


def test_ticking_create_missing_channels_creates_and_lists_them(rich_map, team, client_for):
    client = client_for(team.editor)
    url = reverse("exports:import_touchpoints", args=[rich_map.pk])
    form = client.get(reverse("exports:map", args=[rich_map.pk])).content.decode()
    assert 'name="create_channels"' in form and "Create missing channels" in form
    client.post(url, {"file": SimpleUploadedFile("cards.csv", CSV.encode()), "create_channels": "on"})
    job = run(ImportJob.objects.get())
    assert job.status == JobStatus.SUCCEEDED and job.created_count == 2, job.problems
    assert Channel.objects.filter(workspace=team.workspace, name="Nowy kanał").exists()
    page = client.get(reverse("exports:import_job", args=[job.pk])).content.decode()
    assert "Channels created: Nowy kanał." in page


def test_an_imported_map_whose_title_is_taken_is_marked_and_numbered(rich_map, team):
    data = FORMATS["json"].render(map_document(rich_map.pk))
    titles = []
    for _ in range(3):
        job = run(
            services.import_job_create_map(
                workspace=team.workspace, upload=SimpleUploadedFile("m.json", data), created_by=team.editor
            )
        )
        titles.append(job.journey.title)
    assert titles == [
        f"{rich_map.title} (imported)",
        f"{rich_map.title} (imported 2)",
        f"{rich_map.title} (imported 3)",
    ]
    elsewhere = run(
        services.import_job_create_map(
            workspace=team.other_workspace, upload=SimpleUploadedFile("m.json", data), created_by=team.outsider
        )
    )
    assert elsewhere.journey.title == rich_map.title  # a workspace without that title keeps it


def test_copies_are_numbered_too(rich_map, team):
    first = run(services.map_copy_create(journey=rich_map, workspace=team.workspace, created_by=team.editor))
    second = run(services.map_copy_create(journey=rich_map, workspace=team.workspace, created_by=team.editor))
    assert (first.journey.title, second.journey.title) == (f"{rich_map.title} (copy)", f"{rich_map.title} (copy 2)")


def test_a_long_title_is_shortened_to_make_room_for_its_mark(rich_map, team):
    from journeys.services import journey_update

    journey_update(journey=rich_map, title="Ś" * 200)
    copy = run(services.map_copy_create(journey=rich_map, workspace=team.workspace, created_by=team.editor)).journey
    assert len(copy.title) == 200 and copy.title.endswith(" (copy)")
