"""Search in the user's workspaces: maps, stages, cards, personas, strategies, comments and evidence,
grouped by kind, the matched words marked.

How each language is found:
- PostgreSQL: a column of each row's words kept by the database, with a full-text index, in the
  'simple' configuration (words split at spaces and
  punctuation, lower-cased, never stemmed: PostgreSQL has no Polish or Korean dictionary, and one per
  language would need to know each text's language), searched by word prefix: "klient" finds
  "klienta" and "klientów", "клиент" finds "клиента", and "배송" finds "배송이" (a Korean word written
  with its particle). Every word given must be found (AND).
- SQLite (the embedded default): each word as the start of a word in any of the columns, by a regular
  expression (Django gives SQLite Python's, which ignores case in every script: "Клиент" finds
  "клиента", "ŁÓDŹ" finds "łódź"); no index, so it reads every row of the workspaces.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from workspaces.models import Membership

from .targets import TARGETS, Target

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
PER_KIND = 10  # results shown of each kind
SNIPPET = 80  # characters of context around the first match
WORD = re.compile(r"\w+")


@dataclass
class Hit:
    kind: str
    pk: int
    title: SafeString  # escaped, the matched words marked
    snippet: SafeString
    url: str


@dataclass
class Group:
    target: Target
    hits: list[Hit]
    more: bool  # more than PER_KIND matched


def query_words(text: str) -> list[str]:
    return [word[:50] for word in WORD.findall((text or "")[:MAX_QUERY_LENGTH])][:MAX_WORDS]


def _matches(target: Target, words: list[str]) -> Q | RawSQL:
    if connection.vendor == "postgresql":
        query = " & ".join(f"{word}:*" for word in words)
        table = connection.ops.quote_name(apps.get_model(target.app_label, target.model)._meta.db_table)
        # The SQL is ours (the column the migration adds); the words are a parameter.
        return RawSQL(  # noqa: S611
            f"{table}.search_words @@ to_tsquery('simple'::regconfig, %s)", [query], output_field=BooleanField()
        )
    # SQLite: LIKE (in C) first, then the word-start regex (a Python function there) on the rows LIKE
    # lets through. SQLite's LIKE ignores the case of ASCII letters only, so other words are looked for
    # as typed, in small letters, capitalised and in capitals.
    condition = Q()
    for word in words:
        any_column = Q()
        for column in target.columns:
            spelled = Q()
            for spelling in dict.fromkeys((word, word.lower(), word.capitalize(), word.upper())):
                spelled |= Q(**{f"{column}__contains": spelling})
            any_column |= spelled & Q(**{f"{column}__iregex": rf"(^|\W){re.escape(word)}"})
        condition &= any_column
    return condition


def _own_query(queryset) -> RawSQL:
    """`queryset` as a subquery compiled on its own, so its table keeps its name (which `_matches` names).

    The newest matches' keys are found first and their rows (with their joins) read after: PostgreSQL
    guesses that few rows match several word prefixes, and with the joins in the same query it planned
    for a few (a hundred times slower when every card matched)."""
    sql, params = queryset.query.sql_with_params()
    return RawSQL(sql, params)  # noqa: S611 (SQL Django compiled; the values stay parameters)


def mark(text: str, words: list[str], *, around: bool = False) -> SafeString:
    """The text escaped, each word (and what follows it in the same word) in <mark>; with `around`, only
    SNIPPET characters either side of the first match."""
    text = text or ""
    starts = "|".join(re.escape(word) for word in words)
    pattern = re.compile(rf"(?<!\w)(?:{starts})\w*", re.IGNORECASE) if words else None
    if around and pattern is not None:
        first = pattern.search(text)
        start = max(0, first.start() - SNIPPET) if first else 0
        end = min(len(text), (first.end() if first else 0) + SNIPPET)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    if pattern is None:
        return mark_safe(html.escape(text))  # noqa: S308 (escaped)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped)


def url_of(kind: str, obj, words: list[str]) -> str:
    if kind == "comment":
        thread = obj.thread
        if thread.touchpoint_id:
            return reverse("comments:touchpoint_thread", args=[thread.touchpoint_id])
        return reverse("comments:strategy_thread", args=[thread.strategy_id])
    if kind == "evidence":
        return reverse("evidence:map", args=[obj.journey_id]) + "?" + urlencode({"search": " ".join(words)})
    name = {
        "map": "boards:board",
        "stage": "boards:stage_detail",
        "card": "boards:touchpoint_detail",
        "persona": "personas:detail",
        "strategy": "strategies:strategy_detail",
    }[kind]
    return reverse(name, args=[obj.pk])


def search(user, text: str) -> list[Group]:
    """The groups of results, in TARGETS order, leaving out kinds with none: one query for the user's
    workspaces and one per kind."""
    words = query_words(text)
    if not words:
        return []
    workspace_ids = list(Membership.objects.filter(user=user).values_list("workspace_id", flat=True))
    groups = []
    for target in TARGETS:
        model = apps.get_model(target.app_label, target.model)
        newest = (
            model.objects.filter(**{f"{target.workspace_path}__in": workspace_ids})
            .filter(_matches(target, words))
            .order_by("-pk")
            .values("pk")[: PER_KIND + 1]
        )
        found = list(model.objects.select_related(*target.related).filter(pk__in=_own_query(newest)).order_by("-pk"))
        if not found:
            continue
        hits = []
        for obj in found[:PER_KIND]:
            texts = [getattr(obj, column) or "" for column in target.columns]
            found_in = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})", re.IGNORECASE)
            matched = next((t for t in texts if found_in.search(t)), texts[0])
            hits.append(
                Hit(
                    kind=target.kind,
                    pk=obj.pk,
                    title=mark(getattr(obj, target.title)[:120], words),
                    snippet=mark(matched, words, around=True)
                    if matched != getattr(obj, target.title)
                    else mark("", []),
                    url=url_of(target.kind, obj, words),
                )
            )
        groups.append(Group(target=target, hits=hits, more=len(found) > PER_KIND))
    return groups
