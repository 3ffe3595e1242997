"""`@username` in a comment: which workspace members it names, and the body as safe HTML."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Django usernames are letters, digits and @.+-_; a mention stops at "@" and
# drops trailing punctuation ("thanks @olivia." mentions olivia).
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]+)")
_TRAILING = ".-+"


def mentioned_names(body: str) -> set[str]:
    """The lower-cased usernames written as @mentions in the body."""
    return {match.rstrip(_TRAILING).lower() for match in MENTION.findall(body)} - {""}


def mentioned_members(body: str, members) -> list:
    """The members (users) the body mentions; @names of people outside the workspace are ignored."""
    names = mentioned_names(body)
    if not names:
        return []
    return [user for user in members if user.get_username().lower() in names]


def render_body(body: str, mentioned_usernames) -> SafeString:
    """The comment as HTML: everything escaped, line breaks kept, real mentions highlighted."""
    known = {name.lower() for name in mentioned_usernames}

    def mention(match: re.Match) -> str:
        name = match.group(1)
        bare = name.rstrip(_TRAILING)
        if bare.lower() not in known:
            return escape(match.group(0))
        return format_html('<strong class="mention">@{}</strong>{}', bare, name[len(bare) :])

    pieces = []
    for line in body.splitlines():
        position, parts = 0, []
        for match in MENTION.finditer(line):
            parts.append(escape(line[position : match.start()]))
            parts.append(mention(match))
            position = match.end()
        parts.append(escape(line[position:]))
        pieces.append("".join(str(part) for part in parts))
    return mark_safe("<br>".join(pieces))  # noqa: S308 - every piece is escaped or built by format_html above
