"""Search in the header (issue 12): maps, stages, cards, personas, strategies, comments and evidence of
the user's workspaces only, grouped by kind, the matched words marked; Korean, Polish and Russian
words found by their start whatever their ending or case, on SQLite and on PostgreSQL (with its index)."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from comments.services import comment_create
from evidence.services import evidence_create
from journeys.services import journey_create
from personas.services import persona_create
from search.selectors import search
from strategies.services import strategy_create
from touchpoints.services import touchpoint_create

pytestmark = pytest.mark.django_db
URL = reverse("search:results")


def kinds(user, text):
    return {group.target.kind: [str(hit.title) for hit in group.hits] for group in search(user, text)}


@pytest.fixture
def words(team, journey, touchpoint, persona):
    stage = touchpoint.stage
    touchpoint_create(stage=stage, channel=touchpoint.channel, title="배송이 빨라요 — 카카오톡 알림")
    touchpoint_create(stage=stage, channel=touchpoint.channel, title="Odbiór w Łodzi", pain_points="Kolejka w sklepie")
    touchpoint_create(stage=stage, channel=touchpoint.channel, title="Звонок Клиента", does="Клиент звонит в магазин")
    strategy_create(
        journey=journey, stage=stage, title="Kettle guarantee", body="Two years, no questions", author=team.editor
    )
    comment_create(target=touchpoint, author=team.editor, body="Shall we test the kettle <b>banner</b>?")
    evidence_create(journey=journey, text="The kettle arrived broken", observed_on=datetime.date(2026, 1, 2))
    persona_create(workspace=team.workspace, name="Kettle collector")
    elsewhere = journey_create(
        workspace=team.other_workspace, title="Kettle map of another team", created_by=team.outsider
    )
    return elsewhere


def test_each_kind_is_found_in_the_users_workspaces_only(team, words):
    found = kinds(team.viewer, "kettle")
    assert set(found) == {"strategy", "comment", "evidence", "persona"}
    assert all("another team" not in title for titles in found.values() for title in titles)
    assert kinds(team.outsider, "kettle") == {"map": ["<mark>Kettle</mark> map of another team"]}
    assert kinds(team.viewer, "retail") == {"map": ["<mark>Retail</mark> journey"]}
    assert "stage" in kinds(team.viewer, "awareness")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("배송", "<mark>배송이</mark> 빨라요 — 카카오톡 알림"),  # Korean: a word with its particle, by its start
        ("카카오톡", "배송이 빨라요 — <mark>카카오톡</mark> 알림"),
        ("łodzi", "Odbiór w <mark>Łodzi</mark>"),  # Polish: whatever the case of Ł
        ("ODBIÓR", "<mark>Odbiór</mark> w Łodzi"),
        ("клиент", "Звонок <mark>Клиента</mark>"),  # Russian: the word's start, another case and ending
        ("звонок клиент", "<mark>Звонок</mark> <mark>Клиента</mark>"),  # every word must be there
    ],
)
def test_korean_polish_and_russian_words_are_found(team, words, query, expected):
    assert kinds(team.viewer, query)["card"] == [expected]


def test_words_in_capitals_are_found_by_a_word_in_small_letters(team, words, touchpoint):
    # (SQLite's LIKE, which narrows the rows first, ignores the case of ASCII letters only.)
    touchpoint_create(stage=touchpoint.stage, channel=touchpoint.channel, title="ПРОМО ДЛЯ ŁÓDŹ")
    assert kinds(team.viewer, "промо")["card"] == ["<mark>ПРОМО</mark> ДЛЯ ŁÓDŹ"]
    assert kinds(team.viewer, "łódź")["card"] == ["ПРОМО ДЛЯ <mark>ŁÓDŹ</mark>"]


def test_every_word_must_be_found_and_words_inside_others_are_not(team, words):
    assert kinds(team.viewer, "kettle questions") == {"strategy": ["<mark>Kettle</mark> guarantee"]}
    assert kinds(team.viewer, "ettle") == {}  # the start of a word, not any part of it


def test_the_page_groups_marks_and_escapes(team, words, touchpoint, client_for):
    page = client_for(team.viewer).get(URL, {"q": "banner kettle"}).content.decode()
    assert '<h2 id="search-comment">Comments</h2>' in page
    assert "Shall we test the <mark>kettle</mark> &lt;b&gt;<mark>banner</mark>&lt;/b&gt;?" in page
    assert (
        f'href="{reverse("comments:touchpoint_thread", args=[words and team.workspace.journeys.first().stages.first().touchpoints.first().pk])}"'
        in page
    )
    assert 'role="search"' in page and 'id="header-search"' in page


@pytest.mark.parametrize("query", ["", "   ", "!!!", "x" * 5000, "²", "\u200b", "a" * 50 + " b" * 100])
def test_any_query_gets_a_page(team, words, client_for, query):
    response = client_for(team.viewer).get(URL, {"q": query})
    assert response.status_code == 200


def test_nothing_found_says_so(team, words, client_for):
    assert "Nothing found for “zebra”." in client_for(team.viewer).get(URL, {"q": "zebra"}).content.decode()


def test_the_same_queries_for_few_or_many_results(team, words, touchpoint, client_for, django_assert_max_num_queries):
    client = client_for(team.viewer)
    client.get(URL, {"q": "kettle"})
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "kettle"})
    for number in range(30):
        touchpoint_create(stage=touchpoint.stage, channel=touchpoint.channel, title=f"Kettle {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(URL, {"q": "kettle"}).content.decode()
    assert "Only the newest 10 are shown" in page


def test_the_api_searches_too(team, words, api_for):
    response = api_for("viewer").get("/api/v1/search/", {"q": "клиент"})
    assert response.status_code == 200
    [group] = response.json()["groups"]
    assert group["kind"] == "card" and group["results"][0]["title"] == "Звонок Клиента"
    assert api_for(None).get("/api/v1/search/", {"q": "kettle"}).status_code in (401, 403)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text index")
def test_postgresql_answers_from_the_words_index(team, words):
    from search.selectors import _matches
    from search.targets import TARGETS
    from touchpoints.models import Touchpoint

    card = next(target for target in TARGETS if target.kind == "card")  # (the words column's index)
    queryset = Touchpoint.objects.filter(_matches(card, ["kettle"]))
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("RESET enable_seqscan")
    assert "search_card_words" in plan
