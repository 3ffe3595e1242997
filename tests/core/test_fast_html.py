"""core.fast_html gives what Django's format_html and format_html_join give, for every kind of value."""

import pytest
from django.utils import html as django_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from core import fast_html

VALUES = [
    'Tom & "Jerry" <b>\'s</b>',
    mark_safe("<b>safe</b>"),
    gettext_lazy("Channel"),
    42,
    -1.5,
    None,
    "",
]


@pytest.mark.parametrize("value", VALUES)
def test_format_html_escapes_as_djangos_does(value):
    template = '<a title="{}">{}</a>'
    ours = fast_html.format_html(template, value, value)
    assert ours == django_html.format_html(template, value, value)
    assert isinstance(ours, SafeString)
    assert fast_html.format_html("<i>{name}</i>", name=value) == django_html.format_html("<i>{name}</i>", name=value)


def test_format_html_join_joins_as_djangos_does():
    rows = [(value, index) for index, value in enumerate(VALUES)]
    assert fast_html.format_html_join("<br>", "<li>{}: {}</li>", rows) == django_html.format_html_join(
        "<br>", "<li>{}: {}</li>", rows
    )
    mappings = [{"a": value} for value in VALUES]
    assert fast_html.format_html_join(", ", "{a}", mappings) == django_html.format_html_join(", ", "{a}", mappings)
    assert fast_html.format_html_join(mark_safe("<hr>"), "{}", [("x",), ("y",)]) == "x<hr>y"
