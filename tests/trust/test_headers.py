"""Headers every answer carries (finding 10 of the trust issue), and Markdown images only from the app."""

import pytest

from core.markdown import render_markdown

pytestmark = pytest.mark.django_db


def test_pages_carry_a_policy_without_inline_script(client_for, team):
    response = client_for(team.owner).get("/")
    policy = {
        part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split("; ") if part.strip()
    }
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_no_template_keeps_inline_script():
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        if "<script>" in text or " onchange=" in text or " onclick=" in text or "hx-on" in text:
            offenders.append(str(template))
    assert offenders == []


@pytest.mark.parametrize(
    ("markdown", "kept"),
    [
        ("![pixel](https://tracker.example/p.gif)", False),
        ("![pixel](//tracker.example/p.gif)", False),
        ("![chart](/media/chart.png)", True),
    ],
)
def test_markdown_images_come_only_from_the_app(markdown, kept):
    html = render_markdown(markdown)
    assert "<img" in html
    assert ("src=" in html) == kept
