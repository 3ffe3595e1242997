"""Board images (SVG and PNG) of a whole map or of one stage: what they hold read back (the SVG as XML,
the PNG with Pillow), from the export menu and the API, and who may make them."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from exports import services
from exports.formats import FORMATS
from exports.formats.svg_format import FONT_FAMILY
from exports.models import ExportFormat, ExportJob, JobStatus
from exports.selectors import map_document
from journeys.services import journey_create, stage_delete
from touchpoints.models import Touchpoint

from .helpers import SVG, svg_root, svg_texts

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
EXPORTS = "/api/v1/exports/"


def svg_of(journey, stage_index=None):
    return svg_root(FORMATS[ExportFormat.SVG].render(map_document(journey.pk), stage_index=stage_index))


def png_of(journey, stage_index=None) -> Image.Image:
    data = FORMATS[ExportFormat.PNG].render(map_document(journey.pk), stage_index=stage_index)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data))


def colours(image: Image.Image) -> int:
    return len(image.convert("RGB").getcolors(maxcolors=1_000_000) or [])


def download(client, job) -> bytes:
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


# --- What they draw ------------------------------------------------------------------------------


def test_svg_holds_the_stages_lanes_cards_and_personas_in_korean_polish_and_russian(laned_map):
    root = svg_of(laned_map)
    texts = svg_texts(root)
    for stage in laned_map.stages.all():
        assert any(stage.name in text for text in texts), stage.name
    for expected in (
        "Ścieżka klienta — 고객 여정 — Путь клиента",  # the title
        "카카오톡 광고 메시지",
        "Newsletter z rabatem",
        "Консультация в магазине",
        "Customer actions",
        "Szuka opinii w sieci",
        "Pain points",
        "• Za dużo wiadomości",
        "Strategies",
        "Emotion curve",
        "Zofia Wójcik",
        "Анна Смирнова",
        "박지우",
    ):
        assert expected in texts, expected
    assert "Zaplecze — 백오피스" not in texts  # a hidden lane
    assert root.find(f"{SVG}title").text == "Ścieżka klienta — 고객 여정 — Путь клиента"
    assert root.find(f"{SVG}g").get("font-family") == FONT_FAMILY and "Noto Sans CJK KR" in FONT_FAMILY
    assert root.findall(f".//{SVG}polyline")  # the curve


def test_user_text_in_an_svg_stays_text(rich_map):
    title = '<script>alert("x")</script> & <b>co</b> ]]>'
    Touchpoint.objects.filter(title="Newsletter z rabatem").update(title=title)
    data = FORMATS[ExportFormat.SVG].render(map_document(rich_map.pk))
    assert b"<script" not in data and b"<b>" not in data
    assert b"&lt;script&gt;" in data and b"&amp; &lt;b&gt;" in data
    root = svg_root(data)
    assert title in svg_texts(root)  # read back as the text it was
    assert {element.tag.removeprefix(SVG) for element in root.iter()} <= {
        "svg",
        "title",
        "g",
        "rect",
        "text",
        "polyline",
        "circle",
    }


def test_png_is_a_picture_of_the_whole_map(rich_map):
    image = png_of(rich_map)
    width, height = image.size
    assert width > 1500 and height > 600
    assert colours(image) > 50  # text, cards in the emotions' colours, the curve: not blank
    assert image.getpixel((0, 0)) == (255, 255, 255)


def test_an_image_of_one_stage_shows_that_stage_only(rich_map):
    stage = rich_map.stages.get(name="Consideration")
    index = list(rich_map.stages.order_by("position", "id")).index(stage)
    texts = svg_texts(svg_of(rich_map, index))
    assert "2. Consideration" in texts and "Консультация в магазине" in texts
    assert "1. Awareness" not in texts and "카카오톡 광고 메시지" not in texts
    assert "Stage 2 of 6 · 1 touchpoint" in texts
    whole, one = png_of(rich_map), png_of(rich_map, index)
    assert one.size[0] < whole.size[0] / 2
    assert colours(one) > 50


# --- As export jobs ------------------------------------------------------------------------------


def test_an_image_export_of_one_stage_is_named_after_it(rich_map, team):
    stage = rich_map.stages.get(name="재구매 단계")
    job = services.export_job_create(journey=rich_map, format="png", stage=stage, created_by=team.owner)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.filename.endswith(".png") and "재구매-단계" in job.filename
    image = Image.open(io.BytesIO(job.file.read()))
    assert colours(image) > 50


def test_an_image_export_whose_stage_was_deleted_fails_saying_so(rich_map, team):
    stage = rich_map.stages.get(name="Loyalty")
    job = services.export_job_create(journey=rich_map, format="svg", stage=stage, created_by=team.owner)
    stage_delete(stage=stage)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "The stage “Loyalty” was deleted before the export ran."
    assert not job.file


@pytest.mark.parametrize(("role", "status"), [("owner", 201), ("editor", 201), ("viewer", 201), ("outsider", 404)])
def test_starting_an_image_export_of_a_stage_permissions(client_for, team, rich_map, role, status):
    stage = rich_map.stages.first()
    response = client_for(team.users[role]).post(
        reverse("exports:create", args=[rich_map.pk]), {"format": "png", "stage": stage.pk}, **HTMX
    )
    assert response.status_code == status
    if status == 201:
        job = ExportJob.objects.get()
        assert (job.format, job.stage, job.stage_name) == ("png", stage, "Awareness")
        assert "PNG export · Awareness" in response.content.decode()
    else:
        assert not ExportJob.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("owner", 200), ("editor", 200), ("viewer", 200), ("outsider", 404)])
def test_image_download_permissions(client_for, team, rich_map, role, status):
    job = services.export_job_create(journey=rich_map, format="svg", created_by=team.owner)
    services.export_job_run(job_id=job.pk)
    response = client_for(team.users[role]).get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/svg+xml"
        assert response["Content-Disposition"].startswith("attachment;")  # never shown inline, on our origin
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_stage_of_another_map_or_a_stage_of_a_pdf_is_refused_beside_the_menu(client_for, team, rich_map):
    other = journey_create(workspace=team.workspace, title="Inna mapa", template="default", created_by=team.owner)
    url = reverse("exports:create", args=[rich_map.pk])
    client = client_for(team.editor)
    response = client.post(url, {"format": "png", "stage": other.stages.first().pk}, **HTMX)
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    response = client.post(url, {"format": "pdf", "stage": rich_map.stages.first().pk}, **HTMX)
    assert response.status_code == 422
    assert "Only a board image (PNG or SVG) can show one stage." in response.content.decode()
    assert not ExportJob.objects.exists()


def test_the_export_page_offers_images_of_the_map_or_of_each_stage(client_for, team, rich_map):
    content = client_for(team.viewer).get(reverse("exports:map", args=[rich_map.pk])).content.decode()
    assert ">Export PNG</button>" in content and ">Export SVG</button>" in content
    assert f'<label for="export-image-stage-{rich_map.pk}">Image of</label>' in content
    assert '<option value="">The whole map</option>' in content
    for number, stage in enumerate(rich_map.stages.order_by("position", "id"), 1):
        assert f'<option value="{stage.pk}">{number}. {stage.name}</option>' in content


def test_the_boards_export_menu_offers_the_images_too(client_for, team, rich_map):
    content = client_for(team.viewer).get(reverse("boards:board", args=[rich_map.pk])).content.decode()
    assert ">Export PNG</button>" in content
    assert f'<option value="{rich_map.stages.first().pk}">1. Awareness</option>' in content


# --- Through the API -----------------------------------------------------------------------------


def test_api_exports_a_png_of_one_stage(api_for, team, rich_map):
    stage = rich_map.stages.get(name="Consideration")
    api = api_for("viewer")
    response = api.post(EXPORTS, {"journey": rich_map.pk, "format": "png", "stage": stage.pk}, format="json")
    assert response.status_code == 202
    assert (response.json()["format"], response.json()["stage"]) == ("png", stage.pk)
    services.export_job_run(job_id=response.json()["id"])
    data = api.get(f"{EXPORTS}{response.json()['id']}/").json()
    assert data["status"] == "succeeded"
    download = api.get(data["download_url"])
    assert download["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(download.streaming_content)))
    assert image.size[0] > 400 and colours(image) > 50


def test_api_exports_an_svg_of_the_whole_map(api_for, team, rich_map):
    api = api_for("editor")
    response = api.post(EXPORTS, {"journey": rich_map.pk, "format": "svg"}, format="json")
    assert response.status_code == 202 and response.json()["stage"] is None
    services.export_job_run(job_id=response.json()["id"])
    download = api.get(api.get(f"{EXPORTS}{response.json()['id']}/").json()["download_url"])
    texts = svg_texts(svg_root(b"".join(download.streaming_content)))
    assert all(any(stage.name in text for text in texts) for stage in rich_map.stages.all())


def test_api_refuses_a_stage_it_cannot_use_with_a_field_error(api_for, team, rich_map):
    theirs = journey_create(workspace=team.other_workspace, title="Cudza", template="default", created_by=team.outsider)
    other = journey_create(workspace=team.workspace, title="Inna", template="default", created_by=team.owner)
    api = api_for("owner")
    for format, stage in (
        ("png", theirs.stages.first().pk),  # outside the caller's workspaces: does not exist
        ("png", other.stages.first().pk),  # of another map
        ("png", 2**70),
        ("pdf", rich_map.stages.first().pk),  # not an image
    ):
        response = api.post(EXPORTS, {"journey": rich_map.pk, "format": format, "stage": stage}, format="json")
        assert response.status_code == 400, (format, stage)
        assert "stage" in response.json()
    assert not ExportJob.objects.exists()
