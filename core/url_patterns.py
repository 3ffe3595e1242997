"""URLs for many objects of one kind, reversed once: `pk_url_pattern("boards:board").format(pk=7)`,
`url_pattern("boards:cell", "lane", "stage").format(lane=3, stage=7)`.

A page listing hundreds of cards would otherwise call `reverse()` hundreds of times.
"""

from django.urls import reverse

_PLACEHOLDER_PK = 2147483647  # an id that fits every integer converter and appears nowhere else in a path


def pk_url_pattern(name: str) -> str:
    """The URL of `name` for one object, with `{pk}` where its id goes."""
    return reverse(name, args=[_PLACEHOLDER_PK]).replace(str(_PLACEHOLDER_PK), "{pk}")


def url_pattern(name: str, *fields: str) -> str:
    """The URL of `name`, whose arguments are ids, with `{field}` where each goes."""
    placeholders = [_PLACEHOLDER_PK - index for index in range(len(fields))]
    url = reverse(name, args=placeholders)
    for placeholder, field in zip(placeholders, fields, strict=True):
        url = url.replace(str(placeholder), "{" + field + "}")
    return url
