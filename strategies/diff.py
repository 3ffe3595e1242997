"""A readable diff of two texts: added words in <ins>, removed ones in <del>, all text escaped.

Its cost is bounded whatever the texts (a word diff of two long, different texts is quadratic: two
5,000-word revisions took a minute of CPU). The texts are compared line by line first, past their
common start and end, and only when lines before times lines after is at most LINE_BUDGET; each changed
run of lines is then compared word by word while the words compared (before times after, summed over the
runs) stay within WORD_BUDGET. What is past a budget is shown whole, removed then added, and the diff
says so (`Diff.by_word`). Worst case about a fifth of a second of CPU, whatever the length of the texts
(bench/diff.py prints it).
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words (any script), runs of whitespace, and single punctuation marks.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
LINE_BUDGET = 150_000
WORD_BUDGET = 150_000


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text or "")


@dataclass(frozen=True)
class Diff:
    html: SafeString
    # False when a changed part was too large to compare word by word and is shown whole.
    by_word: bool = True

    def __str__(self) -> str:
        return self.html


def _common_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many items the two lists share at their start, and then at their end."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, end


def _changed(removed: str, added: str) -> list[str]:
    parts = []
    if removed:
        parts.append(f"<del>{escape(removed)}</del>")
    if added:
        parts.append(f"<ins>{escape(added)}</ins>")
    return parts


def _word_parts(old: list[str], new: list[str]) -> list[str]:
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[i1:i2])))
        else:
            parts.extend(_changed("".join(old[i1:i2]), "".join(new[j1:j2])))
    return parts


def _line_opcodes(old: list[str], new: list[str]):
    """The line diff's opcodes: by lines within LINE_BUDGET, else one change between the common ends."""
    start, end = _common_ends(old, new)
    middle_old, middle_new = old[start : len(old) - end], new[start : len(new) - end]
    opcodes = [("equal", 0, start, 0, start)] if start else []
    if len(middle_old) * len(middle_new) <= LINE_BUDGET:
        matcher = difflib.SequenceMatcher(None, middle_old, middle_new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            opcodes.append((op, start + i1, start + i2, start + j1, start + j2))
    elif middle_old or middle_new:
        opcodes.append(("replace", start, len(old) - end, start, len(new) - end))
    if end:
        opcodes.append(("equal", len(old) - end, len(old), len(new) - end, len(new)))
    return opcodes


def text_diff(before: str, after: str) -> Diff:
    old, new = (before or "").splitlines(keepends=True), (after or "").splitlines(keepends=True)
    parts: list[str] = []
    budget = WORD_BUDGET
    by_word = True
    for op, i1, i2, j1, j2 in _line_opcodes(old, new):
        if op == "equal":
            parts.append(escape("".join(old[i1:i2])))
            continue
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        old_words, new_words = tokenize(removed), tokenize(added)
        cost = len(old_words) * len(new_words)
        if op == "replace" and cost <= budget:
            budget -= cost
            parts.extend(_word_parts(old_words, new_words))
        else:
            by_word = by_word and op != "replace"
            parts.extend(_changed(removed, added))
    return Diff(mark_safe("".join(parts)), by_word)  # noqa: S308 - every piece of text is escaped above


def word_diff(before: str, after: str) -> SafeString:
    """The diff's HTML alone (see `text_diff`)."""
    return text_diff(before, after).html
